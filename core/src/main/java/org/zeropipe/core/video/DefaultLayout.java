package org.zeropipe.core.video;

/**
 * GStreamer's default plane layout ({@code fill_planes} in {@code video-info.c}, 1.22): rows
 * padded to 4 bytes, planes one after the other, chroma rows rounded up so that an odd height
 * still has a chroma row for its last luma row (and, interlaced, an even number of chroma rows
 * so both fields get the same count).
 */
final class DefaultLayout {

    private DefaultLayout() {
    }

    static VideoLayout of(VideoFormat format, int width, int height, boolean interlaced) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        }
        return switch (format) {
            case RGBA, BGRA, ARGB, ABGR, RGBx, BGRx, xRGB, xBGR -> packed(width * 4L, height);
            case RGB, BGR -> packed(roundUp4(width * 3L), height);
            case GRAY8 -> packed(roundUp4(width), height);
            case GRAY16_LE, YUY2, UYVY -> packed(roundUp4(width * 2L), height);
            case I420, YV12 -> {
                long yStride = roundUp4(width);
                long cStride = roundUp4(roundUp2(width) / 2);
                long cRows = chromaRows(height, interlaced);
                long o1 = yStride * roundUp2(height);
                long o2 = o1 + cStride * cRows;
                yield layout(new long[] {0, o1, o2}, new long[] {yStride, cStride, cStride}, o2 + cStride * cRows);
            }
            case NV12, NV21 -> semiPlanar(roundUp4(width), height, interlaced);
            case P010_10LE -> semiPlanar(roundUp4(width * 2L), height, false); // 1.22 does not even P010's chroma rows
            case Y444 -> {
                long stride = roundUp4(width);
                long plane = stride * height;
                yield layout(new long[] {0, plane, 2 * plane}, new long[] {stride, stride, stride}, 3 * plane);
            }
        };
    }

    private static VideoLayout packed(long stride, int height) {
        return layout(new long[] {0}, new long[] {stride}, stride * height);
    }

    private static VideoLayout semiPlanar(long stride, int height, boolean interlaced) {
        long o1 = stride * roundUp2(height);
        return layout(new long[] {0, o1}, new long[] {stride, stride}, o1 + stride * chromaRows(height, interlaced));
    }

    private static long chromaRows(int height, boolean interlaced) {
        long rows = roundUp2(height) / 2;
        return interlaced ? roundUp2(rows) : rows;
    }

    private static VideoLayout layout(long[] offsets, long[] strides, long size) {
        int[] s = new int[strides.length];
        for (int i = 0; i < s.length; i++) {
            if (strides[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("frame too wide: a row of plane " + i + " needs " + strides[i]
                        + " bytes");
            }
            s[i] = (int) strides[i];
        }
        return new VideoLayout(offsets, s, size);
    }

    static long roundUp4(long v) {
        return (v + 3) & ~3L;
    }

    static long roundUp2(long v) {
        return (v + 1) & ~1L;
    }
}
