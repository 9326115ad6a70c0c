package org.zeropipe.core.video;

import java.util.Optional;

/** How the rows of a frame belong to fields, GStreamer's {@code GstVideoInterlaceMode} and its caps names. */
public enum InterlaceMode {
    PROGRESSIVE("progressive"),
    /** Both fields interleaved in every frame. */
    INTERLEAVED("interleaved"),
    /** Some frames progressive, some interleaved (buffer flags say which). */
    MIXED("mixed"),
    /** The two fields in separate planes of one buffer. */
    FIELDS("fields"),
    /** One field per buffer. */
    ALTERNATE("alternate");

    private final String capsName;

    InterlaceMode(String capsName) {
        this.capsName = capsName;
    }

    public String capsName() {
        return capsName;
    }

    public static Optional<InterlaceMode> fromCapsName(String name) {
        for (InterlaceMode m : values()) {
            if (m.capsName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether rows of two fields share a frame's memory (GStreamer's {@code GST_VIDEO_INFO_IS_INTERLACED}). */
    public boolean isInterlaced() {
        return this != PROGRESSIVE;
    }
}
