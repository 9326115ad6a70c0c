package org.zeropipe.core.video.testsrc;

/**
 * videotestsrc's noise: a 32-bit linear congruential generator whose state lives as long as
 * the element (GStreamer seeds it with 0 once, at creation), so frame N's noise equals
 * GStreamer's frame N.
 */
final class NoiseSource {

    /** No noise: always 0 (the background), for drawing the frame that noise is later written over. */
    static final NoiseSource NONE = new NoiseSource(true);

    private final boolean silent;
    private int state;

    NoiseSource() {
        this(false);
    }

    private NoiseSource(boolean silent) {
        this.silent = silent;
    }

    boolean isSilent() {
        return silent;
    }

    /** The next byte: {@code state = state * 1103515245 + 12345}, bits 16..23. */
    int next() {
        if (silent) {
            return 0;
        }
        state = state * A + C;
        return (state >>> 16) & 0xff;
    }

    /** {@link #next()} for {@code dst[from..to)}, in order. */
    void fill(int[] dst, int from, int to) {
        if (silent) {
            java.util.Arrays.fill(dst, from, to, 0);
            return;
        }
        int s = state;
        for (int i = from; i < to; i++) {
            s = s * A + C;
            dst[i] = (s >>> 16) & 0xff;
        }
        state = s;
    }

    /** {@code dst[i] = table[next()]} for {@code dst[0..count)}: noise straight into pixels. */
    void fillFrom(int[] table, int[] dst, int count) {
        if (silent) {
            java.util.Arrays.fill(dst, 0, count, table[0]);
            return;
        }
        int s = state;
        for (int i = 0; i < count; i++) {
            s = s * A + C;
            dst[i] = table[(s >>> 16) & 0xff];
        }
        state = s;
    }

    private static final int A = 1103515245;
    private static final int C = 12345;
}
