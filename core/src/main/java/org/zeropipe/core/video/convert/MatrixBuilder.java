package org.zeropipe.core.video.convert;

/**
 * Builds the conversion matrix between two sides as GStreamer's {@code video-converter.c}
 * does: bring the input to [0, 1] (range offsets and scales of its unpacked depth), to R'G'B'
 * with the input's Kr/Kb, to Y'CbCr with the output's, to the output's range; scale by 256 and
 * round; then pick the integer kernel GStreamer would run.
 */
final class MatrixBuilder {

    private MatrixBuilder() {
    }

    /** The offsets and scales of one range at one depth, GStreamer's {@code gst_video_color_range_offsets}. */
    static int[][] rangeOffsets(boolean limited, int depth, boolean yuv) {
        int[] offset = new int[3];
        int[] scale = new int[3];
        if (!limited) {
            offset[1] = offset[2] = yuv ? 1 << (depth - 1) : 0;
            scale[0] = scale[1] = scale[2] = (1 << depth) - 1;
        } else {
            offset[0] = 1 << (depth - 4);
            scale[0] = 219 << (depth - 8);
            offset[1] = offset[2] = yuv ? 1 << (depth - 1) : 1 << (depth - 4);
            scale[1] = scale[2] = (yuv ? 224 : 219) << (depth - 8);
        }
        return new int[][] {offset, scale};
    }

    static void toRgb(Mat4 m, ColorSpec in, int bits, boolean rgb) {
        int[][] os = rangeOffsets(in.limited(), bits, !rgb);
        m.offset(-os[0][0], -os[0][1], -os[0][2]);
        m.scale(1 / (float) os[1][0], 1 / (float) os[1][1], 1 / (float) os[1][2]);
        if (!rgb && in.hasKrKb()) {
            m.yuvToRgb(in.kr(), in.kb());
        }
    }

    static void toYuv(Mat4 m, ColorSpec out, int bits, boolean rgb) {
        if (!rgb && out.hasKrKb()) {
            m.rgbToYuv(out.kr(), out.kb());
        }
        int[][] os = rangeOffsets(out.limited(), bits, !rgb);
        m.scale((float) os[1][0], (float) os[1][1], (float) os[1][2]);
        m.offset(os[0][0], os[0][1], os[0][2]);
    }

    /** Scales by 256, rounds and picks the kernel for {@code bits}-deep lines. */
    static MatrixKernel kernel(Mat4 m, int bits, boolean inRgb, boolean outRgb) {
        m.scale(256f, 256f, 256f);
        int[][] im = m.rint();
        if (bits != 8) {
            return new MatrixKernel.Matrix16(im);
        }
        if (!inRgb && outRgb && im[0][0] == im[1][0] && im[1][0] == im[2][0] && im[0][1] == 0 && im[2][2] == 0) {
            return new MatrixKernel.YuvToRgb8(im);
        }
        return noClip(im) ? new MatrixKernel.NoClip8(im) : new MatrixKernel.Orc8(im);
    }

    /** Whether no corner of the input cube leaves 0..255: then the exact fixed-point kernel is what GStreamer runs. */
    private static boolean noClip(int[][] im) {
        for (int i = 0; i < 8; i++) {
            int r = (i & 4) != 0 ? 255 : 0;
            int g = (i & 2) != 0 ? 255 : 0;
            int b = (i & 1) != 0 ? 255 : 0;
            for (int k = 0; k < 3; k++) {
                int v = (im[k][0] * r + im[k][1] * g + im[k][2] * b + im[k][3]) >> 8;
                if (v < 0 || v > 255) {
                    return false;
                }
            }
        }
        return true;
    }
}
