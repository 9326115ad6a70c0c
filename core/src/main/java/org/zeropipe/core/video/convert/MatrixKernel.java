package org.zeropipe.core.video.convert;

/**
 * One colour matrix applied in place to an intermediate line (A, then three components), in the
 * integer arithmetic GStreamer's {@code video-converter.c} and its ORC programs use, so that
 * results land within one step of GStreamer's. Public so that a GPU conversion
 * ({@code glcolorconvert}) can run the same integer arithmetic.
 */
public sealed interface MatrixKernel {

    void apply(int[] line, int width);

    /** Fixed point with 8 fraction bits, the constant included: exact when the result cannot clip (GStreamer's table path). */
    record NoClip8(int[][] im) implements MatrixKernel {
        public void apply(int[] line, int width) {
            int a00 = im[0][0], a01 = im[0][1], a02 = im[0][2], a03 = im[0][3];
            int a10 = im[1][0], a11 = im[1][1], a12 = im[1][2], a13 = im[1][3];
            int a20 = im[2][0], a21 = im[2][1], a22 = im[2][2], a23 = im[2][3];
            for (int o = 0, n = width * 4; o < n; o += 4) {
                int x = line[o + 1], y = line[o + 2], z = line[o + 3];
                line[o + 1] = clamp8((a00 * x + a01 * y + a02 * z + a03) >> 8);
                line[o + 2] = clamp8((a10 * x + a11 * y + a12 * z + a13) >> 8);
                line[o + 3] = clamp8((a20 * x + a21 * y + a22 * z + a23) >> 8);
            }
        }
    }

    /**
     * GStreamer's ORC {@code video_orc_matrix8}: components re-centred on 128, each widened by
     * repeating its byte (x * 257), multiplied keeping the high 16 bits, summed and saturated;
     * the matrix's constant column is not used and alpha is saturated the same way.
     */
    record Orc8(int[][] im) implements MatrixKernel {
        public void apply(int[] line, int width) {
            for (int o = 0, n = width * 4; o < n; o += 4) {
                int x = splat(line[o + 1]), y = splat(line[o + 2]), z = splat(line[o + 3]);
                line[o] = sat8(splat(line[o])) + 128;
                line[o + 1] = sat8(mulhs(x, im[0][0]) + mulhs(y, im[0][1]) + mulhs(z, im[0][2])) + 128;
                line[o + 2] = sat8(mulhs(x, im[1][0]) + mulhs(y, im[1][1]) + mulhs(z, im[1][2])) + 128;
                line[o + 3] = sat8(mulhs(x, im[2][0]) + mulhs(y, im[2][1]) + mulhs(z, im[2][2])) + 128;
            }
        }
    }

    /**
     * GStreamer's ORC {@code video_orc_convert_AYUV_ARGB}, used for every 8-bit YUV to RGB
     * matrix: five coefficients, no constant column (so limited-range white lands on 253, as in
     * GStreamer).
     */
    record YuvToRgb8(int p1, int p2, int p3, int p4, int p5) implements MatrixKernel {
        YuvToRgb8(int[][] im) {
            this(im[0][0], im[0][2], im[2][1], im[1][1], im[1][2]);
        }

        public void apply(int[] line, int width) {
            for (int o = 0, n = width * 4; o < n; o += 4) {
                int wy = mulhs(splat(line[o + 1]), p1);
                int wu = splat(line[o + 2]);
                int wv = splat(line[o + 3]);
                line[o + 1] = sat8(wy + mulhs(wv, p2)) + 128;
                line[o + 2] = sat8(wy + mulhs(wu, p4) + mulhs(wv, p5)) + 128;
                line[o + 3] = sat8(wy + mulhs(wu, p3)) + 128;
            }
        }

        /** One pixel, for the fast paths that skip the intermediate line; returns R, G, B packed as 0xRRGGBB. */
        int rgb(int y, int u, int v) {
            int wy = mulhs(splat(y), p1);
            int wu = splat(u);
            int wv = splat(v);
            int r = sat8(wy + mulhs(wv, p2)) + 128;
            int g = sat8(wy + mulhs(wu, p4) + mulhs(wv, p5)) + 128;
            int b = sat8(wy + mulhs(wu, p3)) + 128;
            return r << 16 | g << 8 | b;
        }
    }

    /** GStreamer's 16-bit matrix: fixed point with 8 fraction bits, clamped to 0..65535. */
    record Matrix16(int[][] im) implements MatrixKernel {
        public void apply(int[] line, int width) {
            for (int o = 0, n = width * 4; o < n; o += 4) {
                long x = line[o + 1], y = line[o + 2], z = line[o + 3];
                line[o + 1] = clamp16((im[0][0] * x + im[0][1] * y + im[0][2] * z + im[0][3]) >> 8);
                line[o + 2] = clamp16((im[1][0] * x + im[1][1] * y + im[1][2] * z + im[1][3]) >> 8);
                line[o + 3] = clamp16((im[2][0] * x + im[2][1] * y + im[2][2] * z + im[2][3]) >> 8);
            }
        }
    }

    /** An 8-bit value re-centred on 128 as a signed byte, its byte repeated into a signed 16-bit word. */
    static int splat(int v) {
        return (short) (((v - 128) & 0xff) * 257);
    }

    /** ORC's mulhsw: the high half of a signed 16 x 16 product. */
    static int mulhs(int a, int b) {
        return (a * (short) b) >> 16;
    }

    static int sat8(int v) {
        return Math.max(-128, Math.min(127, (short) v));
    }

    static int clamp8(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static int clamp16(long v) {
        return (int) Math.max(0, Math.min(65535, v));
    }
}
