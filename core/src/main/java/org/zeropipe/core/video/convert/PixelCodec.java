package org.zeropipe.core.video.convert;

import java.util.Map;

/**
 * Reads one row of a format into the converter's intermediate line and writes it back, as
 * GStreamer's unpack/pack functions do: the line holds four ints per pixel, A and then R, G, B
 * or Y, U, V, with 8-bit values (0..255) or, for the formats deeper than 8 bits, 16-bit values.
 * Unpacking repeats each subsampled chroma sample over the pixels it covers (the chroma
 * resampler refines that); packing keeps the chroma of the first pixel and row of each block.
 */
sealed interface PixelCodec {

    /** The depth of the intermediate line: 8 or 16. */
    int bits();

    boolean rgb();

    /** log2 of the horizontal and vertical chroma subsampling. */
    int wSub();

    int hSub();

    /** The number of planes. */
    int planes();

    /** Bytes of a row of {@code plane} that hold pixels, for row copies between identical formats. */
    default int rowBytes(int plane, int width) {
        return switch (this) {
            case PackedRgb c -> width * c.bpp();
            case Planar c -> plane == 0 ? width : (width + c.sub()) >> c.sub();
            case SemiPlanar c -> (plane == 0 ? width : (width + 1) & ~1) * (c.deep() ? 2 : 1);
            case Packed422 c -> ((width + 1) >> 1) * 4;
            case Gray c -> width * (c.deep() ? 2 : 1);
        };
    }

    void unpack(FramePlanes f, int row, int[] line, int width, RowScratch s);

    void pack(int[] line, FramePlanes f, int row, int width, RowScratch s);

    /** The codec of a caps format name, or null when the converter does not know it. */
    static PixelCodec forName(String name) {
        return CODECS.get(name);
    }

    Map<String, PixelCodec> CODECS = Map.ofEntries(
            Map.entry("RGBA", new PackedRgb(4, 0, 1, 2, 3)), Map.entry("BGRA", new PackedRgb(4, 2, 1, 0, 3)),
            Map.entry("ARGB", new PackedRgb(4, 1, 2, 3, 0)), Map.entry("ABGR", new PackedRgb(4, 3, 2, 1, 0)),
            Map.entry("RGBx", new PackedRgb(4, 0, 1, 2, 3)), Map.entry("BGRx", new PackedRgb(4, 2, 1, 0, 3)),
            Map.entry("xRGB", new PackedRgb(4, 1, 2, 3, 0)), Map.entry("xBGR", new PackedRgb(4, 3, 2, 1, 0)),
            Map.entry("RGB", new PackedRgb(3, 0, 1, 2, -1)), Map.entry("BGR", new PackedRgb(3, 2, 1, 0, -1)),
            Map.entry("I420", new Planar(1, 2, 1)), Map.entry("YV12", new Planar(2, 1, 1)),
            Map.entry("Y444", new Planar(1, 2, 0)),
            Map.entry("NV12", new SemiPlanar(false, false)), Map.entry("NV21", new SemiPlanar(true, false)),
            Map.entry("P010_10LE", new SemiPlanar(false, true)),
            Map.entry("YUY2", new Packed422(0, 1, 3)), Map.entry("UYVY", new Packed422(1, 0, 2)),
            Map.entry("GRAY8", new Gray(false)), Map.entry("GRAY16_LE", new Gray(true)));

    /** Per-thread row buffers. */
    final class RowScratch {
        final byte[][] rows = new byte[8][];
        final int[][] ints = new int[8][];

        int[] ints(int index, int n) {
            int[] r = ints[index];
            if (r == null || r.length < n) {
                r = ints[index] = new int[n];
            }
            return r;
        }

        byte[] row(int plane, int n) {
            byte[] r = rows[plane];
            if (r == null || r.length < n) {
                r = rows[plane] = new byte[n];
            }
            return r;
        }
    }

    /**
     * Packed 8-bit RGB, {@code bpp} (3 or 4) bytes a pixel with R, G, B and A at their offsets;
     * {@code a} is -1 for 3-byte formats (alpha 255). The x formats carry their fourth byte as
     * alpha, as GStreamer's unpack/pack do.
     */
    record PackedRgb(int bpp, int r, int g, int b, int a) implements PixelCodec {
        public int bits() { return 8; }
        public boolean rgb() { return true; }
        public int wSub() { return 0; }
        public int hSub() { return 0; }
        public int planes() { return 1; }

        public void unpack(FramePlanes f, int row, int[] line, int width, RowScratch s) {
            int n = width * bpp;
            byte[] p = s.row(0, n);
            f.readRow(0, f.clampRow(row), p, n);
            for (int i = 0, o = 0; i < n; i += bpp, o += 4) {
                line[o] = a < 0 ? 255 : p[i + a] & 0xff;
                line[o + 1] = p[i + r] & 0xff;
                line[o + 2] = p[i + g] & 0xff;
                line[o + 3] = p[i + b] & 0xff;
            }
        }

        public void pack(int[] line, FramePlanes f, int row, int width, RowScratch s) {
            int n = width * bpp;
            byte[] p = s.row(0, n);
            for (int i = 0, o = 0; i < n; i += bpp, o += 4) {
                if (a >= 0) {
                    p[i + a] = (byte) line[o];
                }
                p[i + r] = (byte) line[o + 1];
                p[i + g] = (byte) line[o + 2];
                p[i + b] = (byte) line[o + 3];
            }
            f.writeRow(0, row, p, n);
        }
    }

    /** Three 8-bit planes Y, U, V (U and V planes at {@code uPlane}, {@code vPlane}), chroma subsampled by {@code sub} both ways. */
    record Planar(int uPlane, int vPlane, int sub) implements PixelCodec {
        public int bits() { return 8; }
        public boolean rgb() { return false; }
        public int wSub() { return sub; }
        public int hSub() { return sub; }
        public int planes() { return 3; }

        public void unpack(FramePlanes f, int row, int[] line, int width, RowScratch s) {
            row = f.clampRow(row);
            int cw = (width + sub) >> sub;
            byte[] y = s.row(0, width);
            byte[] u = s.row(1, cw);
            byte[] v = s.row(2, cw);
            f.readRow(0, row, y, width);
            f.readRow(uPlane, row >> sub, u, cw);
            f.readRow(vPlane, row >> sub, v, cw);
            for (int i = 0, o = 0; i < width; i++, o += 4) {
                line[o] = 255;
                line[o + 1] = y[i] & 0xff;
                line[o + 2] = u[i >> sub] & 0xff;
                line[o + 3] = v[i >> sub] & 0xff;
            }
        }

        public void pack(int[] line, FramePlanes f, int row, int width, RowScratch s) {
            byte[] y = s.row(0, width);
            for (int i = 0; i < width; i++) {
                y[i] = (byte) line[i * 4 + 1];
            }
            f.writeRow(0, row, y, width);
            if ((row & ((1 << sub) - 1)) == 0) {
                int cw = (width + sub) >> sub;
                byte[] u = s.row(1, cw);
                byte[] v = s.row(2, cw);
                for (int i = 0; i < cw; i++) {
                    u[i] = (byte) line[(i << sub) * 4 + 2];
                    v[i] = (byte) line[(i << sub) * 4 + 3];
                }
                f.writeRow(uPlane, row >> sub, u, cw);
                f.writeRow(vPlane, row >> sub, v, cw);
            }
        }
    }

    /** A Y plane and an interleaved 2x2-subsampled chroma plane: NV12, NV21 (V first), P010 (16-bit words, 10 bits at the top). */
    record SemiPlanar(boolean vFirst, boolean deep) implements PixelCodec {
        public int bits() { return deep ? 16 : 8; }
        public boolean rgb() { return false; }
        public int wSub() { return 1; }
        public int hSub() { return 1; }
        public int planes() { return 2; }

        public void unpack(FramePlanes f, int row, int[] line, int width, RowScratch s) {
            row = f.clampRow(row);
            int cw = (width + 1) >> 1;
            int bps = deep ? 2 : 1;
            byte[] y = s.row(0, width * bps);
            byte[] uv = s.row(1, cw * 2 * bps);
            f.readRow(0, row, y, width * bps);
            f.readRow(1, row >> 1, uv, cw * 2 * bps);
            int ui = vFirst ? 1 : 0;
            int vi = vFirst ? 0 : 1;
            for (int i = 0, o = 0; i < width; i++, o += 4) {
                int c = (i >> 1) * 2;
                if (deep) {
                    line[o] = 0xffff;
                    line[o + 1] = widen10(y, i);
                    line[o + 2] = widen10(uv, c + ui);
                    line[o + 3] = widen10(uv, c + vi);
                } else {
                    line[o] = 255;
                    line[o + 1] = y[i] & 0xff;
                    line[o + 2] = uv[c + ui] & 0xff;
                    line[o + 3] = uv[c + vi] & 0xff;
                }
            }
        }

        /** A 10-bit sample in the top of a little-endian word, its top bits repeated below as GStreamer unpacks it. */
        private static int widen10(byte[] b, int index) {
            int v = ((b[index * 2] & 0xff) | (b[index * 2 + 1] & 0xff) << 8) & 0xffc0;
            return v | (v >> 10);
        }

        public void pack(int[] line, FramePlanes f, int row, int width, RowScratch s) {
            int bps = deep ? 2 : 1;
            byte[] y = s.row(0, width * bps);
            for (int i = 0; i < width; i++) {
                put(y, i, line[i * 4 + 1]);
            }
            f.writeRow(0, row, y, width * bps);
            if ((row & 1) == 0) {
                int cw = (width + 1) >> 1;
                byte[] uv = s.row(1, cw * 2 * bps);
                int ui = vFirst ? 1 : 0;
                int vi = vFirst ? 0 : 1;
                for (int i = 0; i < cw; i++) {
                    put(uv, i * 2 + ui, line[i * 8 + 2]);
                    put(uv, i * 2 + vi, line[i * 8 + 3]);
                }
                f.writeRow(1, row >> 1, uv, cw * 2 * bps);
            }
        }

        private void put(byte[] b, int index, int v) {
            if (deep) {
                v &= 0xffc0;
                b[index * 2] = (byte) v;
                b[index * 2 + 1] = (byte) (v >> 8);
            } else {
                b[index] = (byte) v;
            }
        }
    }

    /** Packed 4:2:2, two pixels in four bytes: Y0 at {@code y0}, Y1 at {@code y0 + 2}, U and V at their offsets. */
    record Packed422(int y0, int u, int v) implements PixelCodec {
        public int bits() { return 8; }
        public boolean rgb() { return false; }
        public int wSub() { return 1; }
        public int hSub() { return 0; }
        public int planes() { return 1; }

        public void unpack(FramePlanes f, int row, int[] line, int width, RowScratch s) {
            int n = ((width + 1) >> 1) * 4;
            byte[] p = s.row(0, n);
            f.readRow(0, f.clampRow(row), p, n);
            for (int i = 0, o = 0; i < width; i++, o += 4) {
                int g = (i >> 1) * 4;
                line[o] = 255;
                line[o + 1] = p[g + y0 + (i & 1) * 2] & 0xff;
                line[o + 2] = p[g + u] & 0xff;
                line[o + 3] = p[g + v] & 0xff;
            }
        }

        public void pack(int[] line, FramePlanes f, int row, int width, RowScratch s) {
            int n = ((width + 1) >> 1) * 4;
            byte[] p = s.row(0, n);
            for (int i = 0; i < width; i += 2) {
                int g = (i >> 1) * 4;
                int o = i * 4;
                p[g + y0] = (byte) line[o + 1];
                p[g + u] = (byte) line[o + 2];
                p[g + v] = (byte) line[o + 3];
                // An odd width leaves half a pair: its missing second Y is 0, as GStreamer leaves it.
                p[g + y0 + 2] = (byte) (i + 1 < width ? line[o + 5] : 0);
            }
            f.writeRow(0, row, p, n);
        }
    }

    /** One plane of gray: 8 bits, or 16 bits little-endian. Unpacks with neutral chroma. */
    record Gray(boolean deep) implements PixelCodec {
        public int bits() { return deep ? 16 : 8; }
        public boolean rgb() { return false; }
        public int wSub() { return 0; }
        public int hSub() { return 0; }
        public int planes() { return 1; }

        public void unpack(FramePlanes f, int row, int[] line, int width, RowScratch s) {
            int bps = deep ? 2 : 1;
            byte[] p = s.row(0, width * bps);
            f.readRow(0, f.clampRow(row), p, width * bps);
            for (int i = 0, o = 0; i < width; i++, o += 4) {
                if (deep) {
                    line[o] = 0xffff;
                    line[o + 1] = (p[i * 2] & 0xff) | (p[i * 2 + 1] & 0xff) << 8;
                    line[o + 2] = 0x8000;
                    line[o + 3] = 0x8000;
                } else {
                    line[o] = 255;
                    line[o + 1] = p[i] & 0xff;
                    line[o + 2] = 128;
                    line[o + 3] = 128;
                }
            }
        }

        public void pack(int[] line, FramePlanes f, int row, int width, RowScratch s) {
            int bps = deep ? 2 : 1;
            byte[] p = s.row(0, width * bps);
            for (int i = 0; i < width; i++) {
                int v = line[i * 4 + 1];
                if (deep) {
                    p[i * 2] = (byte) v;
                    p[i * 2 + 1] = (byte) (v >> 8);
                } else {
                    p[i] = (byte) v;
                }
            }
            f.writeRow(0, row, p, width * bps);
        }
    }
}
