package org.zeropipe.core.video.testsrc;

/**
 * videotestsrc's patterns (GStreamer's names: {@code checkers-1}, {@code solid-color}, ...).
 * A static pattern looks the same in every frame, so it is drawn once and every buffer shares
 * that memory.
 */
public enum TestPattern {
    /** SMPTE 100% colour bars; the noise square in the bottom right changes every frame. */
    SMPTE(false),
    /** Random noise blending background into foreground colour. */
    SNOW(false),
    /** The background colour (black by default). */
    BLACK(true),
    /** The foreground colour (white by default). */
    WHITE(true),
    RED(true),
    GREEN(true),
    BLUE(true),
    CHECKERS_1(true),
    CHECKERS_2(true),
    CHECKERS_4(true),
    CHECKERS_8(true),
    /** Concentric rings of rising frequency. */
    CIRCULAR(true),
    /** Background and foreground colour on alternate frames. */
    BLINK(false),
    /** SMPTE 75% colour bars. */
    SMPTE75(true),
    /** The foreground colour. */
    SOLID_COLOR(true),
    /** A ball moving over the background. */
    BALL(false),
    /** SMPTE 100% colour bars, full height. */
    SMPTE100(true),
    /** A foreground bar over the background. */
    BAR(true),
    /** Background to foreground, top to bottom. */
    GRADIENT(true),
    /** Every colour value once. */
    COLORS(true);

    private final boolean isStatic;

    TestPattern(boolean isStatic) {
        this.isStatic = isStatic;
    }

    /** Whether every frame is the same. */
    public boolean isStatic() {
        return isStatic;
    }
}
