package org.zeropipe.core.video;

import java.util.Arrays;

/**
 * Extra room around a frame and row alignment, GStreamer's {@code GstVideoAlignment}: padding in
 * pixels on each side, and per plane a stride mask ({@code 15}: strides a multiple of 16 bytes).
 * Pools use it so a frame's rows suit SIMD code or a device; {@link VideoInfo#align} applies it.
 */
public record VideoAlignment(int paddingTop, int paddingBottom, int paddingLeft, int paddingRight,
        int[] strideAlign) {

    /** No padding, no alignment. */
    public static final VideoAlignment NONE = new VideoAlignment(0, 0, 0, 0, new int[VideoFormat.MAX_PLANES]);

    public VideoAlignment {
        if (paddingTop < 0 || paddingBottom < 0 || paddingLeft < 0 || paddingRight < 0) {
            throw new IllegalArgumentException("padding must not be negative: top " + paddingTop + " bottom "
                    + paddingBottom + " left " + paddingLeft + " right " + paddingRight);
        }
        if (strideAlign.length != VideoFormat.MAX_PLANES) {
            throw new IllegalArgumentException("need " + VideoFormat.MAX_PLANES + " stride masks, not "
                    + strideAlign.length);
        }
        for (int mask : strideAlign) {
            if (mask < 0 || (mask & (mask + 1)) != 0) {
                throw new IllegalArgumentException("a stride mask is 2^n - 1 (0, 1, 3, 7, 15, ...), not " + mask
                        + " in " + Arrays.toString(strideAlign));
            }
        }
        strideAlign = strideAlign.clone();
    }

    /** Every plane's stride a multiple of {@code bytes} (a power of two), no padding. */
    public static VideoAlignment strides(int bytes) {
        int[] masks = new int[VideoFormat.MAX_PLANES];
        Arrays.fill(masks, bytes - 1);
        return new VideoAlignment(0, 0, 0, 0, masks);
    }

    public int strideAlign(int plane) {
        return strideAlign[plane];
    }

    @Override
    public int[] strideAlign() {
        return strideAlign.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoAlignment a && paddingTop == a.paddingTop && paddingBottom == a.paddingBottom
                && paddingLeft == a.paddingLeft && paddingRight == a.paddingRight
                && Arrays.equals(strideAlign, a.strideAlign);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {paddingTop, paddingBottom, paddingLeft, paddingRight})
                * 31 + Arrays.hashCode(strideAlign);
    }

    @Override
    public String toString() {
        return "VideoAlignment[padding top " + paddingTop + " bottom " + paddingBottom + " left " + paddingLeft
                + " right " + paddingRight + ", stride masks " + Arrays.toString(strideAlign) + "]";
    }
}
