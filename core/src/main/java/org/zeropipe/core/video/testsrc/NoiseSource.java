package org.zeropipe.core.video.testsrc;

/**
 * videotestsrc's noise: a 32-bit linear congruential generator whose state lives as long as
 * the element (GStreamer seeds it with 0 once, at creation), so frame N's noise equals
 * GStreamer's frame N.
 */
final class NoiseSource {

    private int state;

    /** The next byte: {@code state = state * 1103515245 + 12345}, bits 16..23. */
    int next() {
        state = state * 1103515245 + 12345;
        return (state >>> 16) & 0xff;
    }
}
