package org.zeropipe.core.video.convert;

/**
 * Resizes frames of one format: each output row is made from the unpacked source rows
 * (intermediate lines, {@link PixelCodec}) by nearest-neighbour or 2-tap bilinear
 * interpolation, both sampling at pixel centres as GStreamer's video scaler does
 * ({@code src = (dst + 0.5) * in / out - 0.5}), and packed. Bilinear uses 16-bit fractions
 * (GStreamer 6 to 12 bits: the tests allow for that difference). Output rows are scaled in
 * parallel bands.
 */
public final class Scaler {

    /** The interpolation. */
    public enum Method { NEAREST_NEIGHBOUR, BILINEAR }

    private final PixelCodec codec;
    private final int inW;
    private final int inH;
    private final int outW;
    private final int outH;
    private final Method method;
    private final int[] xIndex;
    private final int[] xFrac;

    public Scaler(String format, int inW, int inH, int outW, int outH, Method method) {
        codec = PixelCodec.forName(format);
        if (codec == null) {
            throw new IllegalArgumentException("videoscale cannot read or write format " + format);
        }
        if (inW <= 0 || inH <= 0 || outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + inW + "x" + inH + " to " + outW + "x" + outH);
        }
        this.inW = inW;
        this.inH = inH;
        this.outW = outW;
        this.outH = outH;
        this.method = method;
        xIndex = new int[outW];
        xFrac = new int[outW];
        for (int x = 0; x < outW; x++) {
            long pos = position(x, inW, outW);
            xIndex[x] = (int) (pos >> 16);
            xFrac[x] = (int) (pos & 0xffff);
        }
    }

    /** Source position of destination pixel {@code d} in 16.16 fixed point: the pixel index for nearest, clamped for bilinear. */
    private long position(int d, int in, int out) {
        if (method == Method.NEAREST_NEIGHBOUR) {
            return Math.min(in - 1, ((2L * d + 1) * in) / (2L * out)) << 16;
        }
        long pos = ((2L * d + 1) * in << 16) / (2L * out) - (1 << 15);
        return Math.max(0, Math.min((long) (in - 1) << 16, pos));
    }

    /** Scales {@code src} into {@code dst} with up to {@code threads} threads (0: one per processor). */
    public void scale(FramePlanes src, FramePlanes dst, int threads) {
        if (src.width() != inW || src.height() != inH || dst.width() != outW || dst.height() != outH) {
            throw new IllegalArgumentException("frames are " + src.width() + "x" + src.height() + " and "
                    + dst.width() + "x" + dst.height() + ", the scaler was made for " + inW + "x" + inH + " to "
                    + outW + "x" + outH);
        }
        RowBands.run(outH, threads, src, dst, (s, d, y0, y1) -> scaleRows(s, d, y0, y1));
    }

    private void scaleRows(FramePlanes src, FramePlanes dst, int y0, int y1) {
        int[] a = new int[inW * 4];
        int[] b = new int[inW * 4];
        int[] ha = new int[outW * 4];
        int[] hb = new int[outW * 4];
        int[] out = new int[outW * 4];
        PixelCodec.RowScratch s = new PixelCodec.RowScratch();
        int rowA = -1;
        int rowB = -1;
        for (int y = y0; y < y1; y++) {
            long pos = position(y, inH, outH);
            int sy = (int) (pos >> 16);
            int fy = (int) (pos & 0xffff);
            int sy1 = Math.min(sy + 1, inH - 1);
            if (rowA != sy) {
                if (rowB == sy) {
                    int[] t = ha;
                    ha = hb;
                    hb = t;
                } else {
                    codec.unpack(src, sy, a, inW, s);
                    horizontal(a, ha);
                }
                rowA = sy;
            }
            if (method == Method.BILINEAR && fy != 0 && rowB != sy1) {
                codec.unpack(src, sy1, b, inW, s);
                horizontal(b, hb);
                rowB = sy1;
            } else if (rowB == sy) {
                rowB = -1; // its line was swapped into ha
            }
            if (method == Method.BILINEAR && fy != 0) {
                for (int i = 0; i < outW * 4; i++) {
                    out[i] = (int) ((ha[i] * (65536L - fy) + hb[i] * (long) fy + 32768) >> 16);
                }
                codec.pack(out, dst, y, outW, s);
            } else {
                codec.pack(ha, dst, y, outW, s);
            }
        }
    }

    private void horizontal(int[] in, int[] out) {
        for (int x = 0; x < outW; x++) {
            int i = xIndex[x] * 4;
            int o = x * 4;
            int f = xFrac[x];
            if (method == Method.NEAREST_NEIGHBOUR || f == 0) {
                out[o] = in[i];
                out[o + 1] = in[i + 1];
                out[o + 2] = in[i + 2];
                out[o + 3] = in[i + 3];
            } else {
                int j = Math.min(i + 4, (inW - 1) * 4);
                for (int c = 0; c < 4; c++) {
                    out[o + c] = (int) ((in[i + c] * (65536L - f) + in[j + c] * (long) f + 32768) >> 16);
                }
            }
        }
    }
}
