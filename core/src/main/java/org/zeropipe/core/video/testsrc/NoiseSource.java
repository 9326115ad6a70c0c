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
        state = state * A + C;
        return (state >>> 16) & 0xff;
    }

    /**
     * {@link #next()} for {@code dst[from..to)}, in order. Four interleaved chains, each
     * jumping four steps ({@code s' = A4 * s + C4}), give the same sequence without waiting on
     * one multiply per value.
     */
    void fill(int[] dst, int from, int to) {
        int s = state;
        int i = from;
        if (to - from >= 8) {
            int s0 = s * A + C;
            int s1 = s0 * A + C;
            int s2 = s1 * A + C;
            int s3 = s2 * A + C;
            for (; i + 3 < to; i += 4) {
                dst[i] = (s0 >>> 16) & 0xff;
                dst[i + 1] = (s1 >>> 16) & 0xff;
                dst[i + 2] = (s2 >>> 16) & 0xff;
                dst[i + 3] = (s3 >>> 16) & 0xff;
                s = s3;
                s0 = s0 * A4 + C4;
                s1 = s1 * A4 + C4;
                s2 = s2 * A4 + C4;
                s3 = s3 * A4 + C4;
            }
        }
        for (; i < to; i++) {
            s = s * A + C;
            dst[i] = (s >>> 16) & 0xff;
        }
        state = s;
    }

    private static final int A = 1103515245;
    private static final int C = 12345;
    /** Four steps at once: {@code A^4} and {@code C * (A^3 + A^2 + A + 1)}, modulo 2^32. */
    private static final int A4 = A * A * A * A;
    private static final int C4 = C * (A * A * A + A * A + A + 1);
}
