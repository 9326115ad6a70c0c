package org.zeropipe.core.video.convert;

/**
 * Two row-pair kernels for the most used conversions, fused so that no intermediate line is
 * built: packed RGB to 4:2:0 (exact fixed-point matrix, centred chroma averaged over 2x2) and
 * 4:2:0 to packed RGB (GStreamer's fast path: nearest chroma). They compute exactly what the
 * line-by-line path computes for the same plan; tests compare both with GStreamer.
 */
final class FusedKernels {

    private FusedKernels() {
    }

    /** A kernel converting rows {@code y} and {@code y + 1} (when inside the frame). */
    interface RowPair {
        void convert(FramePlanes src, FramePlanes dst, int y, PixelCodec.RowScratch s);
    }

    /** Packed 4-byte RGB to I420/YV12/NV12/NV21 with a no-clip matrix and the 2:1 chroma filters of {@code down}. */
    static RowPair rgbTo420(PixelCodec.PackedRgb in, PixelCodec out, int[][] im, ChromaResampler down, int width,
            int height) {
        boolean vertical = down.vertical();
        boolean hCosited = down.hCosited();
        // Pixels are read as little-endian ints: byte k of a pixel is bits 8k..8k+7.
        int rs = in.r() * 8, gs = in.g() * 8, bs = in.b() * 8;
        int[][] m = {im[0].clone(), im[1].clone(), im[2].clone()};
        int cw = (width + 1) >> 1;
        return (src, dst, y, s) -> {
            int y1 = Math.min(y + 1, height - 1);
            int[] p0 = s.ints(0, width);
            int[] p1 = s.ints(1, width);
            src.readIntRow(0, y, p0, width);
            src.readIntRow(0, y1, p1, width);
            byte[] yr0 = s.row(2, width);
            byte[] yr1 = s.row(3, width);
            int[] u0 = s.ints(2, width);
            int[] v0 = s.ints(3, width);
            int[] u1 = s.ints(4, width);
            int[] v1 = s.ints(5, width);
            int[] yi = s.ints(6, width);
            rgbRow(p0, yr0, yi, u0, v0, width, rs, gs, bs, m);
            rgbRow(p1, yr1, yi, u1, v1, width, rs, gs, bs, m);
            byte[] u = s.row(4, cw);
            byte[] v = s.row(5, cw);
            if (vertical) {
                for (int x = 0; x < width; x++) {
                    u0[x] = (u0[x] + u1[x] + 1) >> 1;
                    v0[x] = (v0[x] + v1[x] + 1) >> 1;
                }
            }
            subsampleH(u0, u, width, hCosited);
            subsampleH(v0, v, width, hCosited);
            dst.writeRow(0, y, yr0, width);
            if (y + 1 < height) {
                dst.writeRow(0, y + 1, yr1, width);
            }
            write420Chroma(out, dst, y >> 1, u, v, cw, s);
        };
    }

    /** Horizontal 2:1 chroma of one line, as {@link ChromaResampler#downH} then packing the even pixels. */
    private static void subsampleH(int[] c, byte[] out, int width, boolean cosited) {
        if (!cosited) {
            int pairs = width >> 1;
            for (int k = 0; k < pairs; k++) {
                out[k] = (byte) ((c[2 * k] + c[2 * k + 1] + 1) >> 1);
            }
            if ((width & 1) != 0) {
                out[pairs] = (byte) c[width - 1];
            }
            return;
        }
        if (width < 2) {
            out[0] = (byte) c[0];
            return;
        }
        out[0] = (byte) ((3 * c[0] + c[1] + 2) >> 2);
        int i;
        for (i = 2; i < width - 2; i += 2) {
            out[i >> 1] = (byte) ((c[i - 1] + 2 * c[i] + c[i + 1] + 2) >> 2);
        }
        if (i < width) {
            out[i >> 1] = (byte) ((c[i - 1] + 3 * c[i] + 2) >> 2);
        }
    }

    /**
     * One row: Y into bytes, U and V per pixel into ints. Four plain loops of one output each,
     * which C2 vectorizes (one loop writing all three is not): 2 ms per 1080p frame here, where
     * a jdk.incubator.vector version took 3.6 ms and seconds per frame until C2 compiled it.
     */
    private static void rgbRow(int[] p, byte[] yr, int[] y, int[] u, int[] v, int width, int rs, int gs, int bs,
            int[][] m) {
        channel(p, y, width, rs, gs, bs, m[0]);
        channel(p, u, width, rs, gs, bs, m[1]);
        channel(p, v, width, rs, gs, bs, m[2]);
        for (int x = 0; x < width; x++) {
            yr[x] = (byte) y[x];
        }
    }

    private static void channel(int[] p, int[] out, int width, int rs, int gs, int bs, int[] k) {
        int k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3];
        for (int x = 0; x < width; x++) {
            int px = p[x];
            out[x] = (k0 * ((px >>> rs) & 0xff) + k1 * ((px >>> gs) & 0xff) + k2 * ((px >>> bs) & 0xff) + k3) >> 8;
        }
    }

    private static void write420Chroma(PixelCodec out, FramePlanes dst, int crow, byte[] u, byte[] v, int cw,
            PixelCodec.RowScratch s) {
        switch (out) {
            case PixelCodec.Planar p -> {
                dst.writeRow(p.uPlane(), crow, u, cw);
                dst.writeRow(p.vPlane(), crow, v, cw);
            }
            case PixelCodec.SemiPlanar sp -> {
                byte[] uv = s.row(6, cw * 2);
                byte[] first = sp.vFirst() ? v : u;
                byte[] second = sp.vFirst() ? u : v;
                for (int i = 0; i < cw; i++) {
                    uv[2 * i] = first[i];
                    uv[2 * i + 1] = second[i];
                }
                dst.writeRow(1, crow, uv, cw * 2);
            }
            default -> throw new IllegalStateException("not a 4:2:0 codec: " + out);
        }
    }

    /** I420/YV12 to packed RGB, GStreamer's fast path: each chroma sample used for its 2x2 pixels. */
    static RowPair i420ToRgb(PixelCodec.Planar in, PixelCodec.PackedRgb out, MatrixKernel.YuvToRgb8 m, int width,
            int height) {
        int cw = (width + 1) >> 1;
        int bpp = out.bpp();
        int ro = out.r(), go = out.g(), bo = out.b(), ao = out.a();
        return (src, dst, y, s) -> {
            byte[] u = s.row(1, cw);
            byte[] v = s.row(2, cw);
            src.readRow(in.uPlane(), y >> 1, u, cw);
            src.readRow(in.vPlane(), y >> 1, v, cw);
            // The chroma terms of the ORC program, once per chroma sample, repeated for its two columns.
            int[] rv = s.ints(0, cw * 2);
            int[] guv = s.ints(1, cw * 2);
            int[] bu = s.ints(2, cw * 2);
            for (int k = 0; k < cw; k++) {
                int wu = MatrixKernel.splat(u[k] & 0xff);
                int wv = MatrixKernel.splat(v[k] & 0xff);
                rv[2 * k] = rv[2 * k + 1] = MatrixKernel.mulhs(wv, m.p2());
                guv[2 * k] = guv[2 * k + 1] = MatrixKernel.mulhs(wu, m.p4()) + MatrixKernel.mulhs(wv, m.p5());
                bu[2 * k] = bu[2 * k + 1] = MatrixKernel.mulhs(wu, m.p3());
            }
            byte[] yr = s.row(0, width);
            int[] px = s.ints(3, width);
            byte[] o = s.row(3, width * bpp);
            for (int row = y; row < Math.min(y + 2, height); row++) {
                src.readRow(0, row, yr, width);
                if (bpp == 4) {
                    rgbxRow(yr, rv, guv, bu, px, width, m.p1(), ro * 8, go * 8, bo * 8, ao * 8);
                    dst.writeIntRow(0, row, px, width);
                    continue;
                }
                for (int x = 0, d = 0; x < width; x++, d += bpp) {
                    int rgb = m.rgb(yr[x] & 0xff, u[x >> 1] & 0xff, v[x >> 1] & 0xff);
                    o[d + ro] = (byte) (rgb >> 16);
                    o[d + go] = (byte) (rgb >> 8);
                    o[d + bo] = (byte) rgb;
                }
                dst.writeRow(0, row, o, width * bpp);
            }
        };
    }

    /** One row of 4-byte pixels (alpha 255) as little-endian ints, in loops C2 vectorizes. */
    private static void rgbxRow(byte[] yr, int[] rv, int[] guv, int[] bu, int[] px, int width, int p1, int rs, int gs,
            int bs, int as) {
        for (int x = 0; x < width; x++) {
            int wy = MatrixKernel.mulhs(MatrixKernel.splat(yr[x] & 0xff), p1);
            int r = MatrixKernel.sat8(wy + rv[x]) + 128;
            int g = MatrixKernel.sat8(wy + guv[x]) + 128;
            int b = MatrixKernel.sat8(wy + bu[x]) + 128;
            px[x] = r << rs | g << gs | b << bs | 255 << as;
        }
    }
}
