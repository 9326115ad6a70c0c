package org.zeropipe.core.video.convert;

import java.util.Set;

/**
 * Converts frames between two of the raw formats, colorimetries and chroma sitings, row by row,
 * the way GStreamer's {@code GstVideoConverter} does for the same pair (its fast paths
 * included), so that results agree within one step. Each row is unpacked into an intermediate
 * line (A and three components), its chroma upsampled, a colour matrix applied, its chroma
 * downsampled with the next row, and packed. Rows are converted in parallel bands.
 *
 * <p>A converter holds no per-frame state: {@link #convert} may run on any thread.
 */
public final class VideoConverter {

    private static final Set<String> ALPHA = Set.of("RGBA", "BGRA", "ARGB", "ABGR");
    private static final Set<String> PLANAR_420 = Set.of("I420", "YV12");
    private static final Set<String> PACKED_422 = Set.of("YUY2", "UYVY");
    private static final Set<String> RGB_OUT_OF_420 = Set.of("BGRA", "BGRx", "ARGB", "xRGB", "ABGR", "xBGR", "RGBA",
            "RGBx", "RGB", "BGR");

    private final PixelCodec in;
    private final PixelCodec out;
    private final int width;
    private final int height;
    private final ChromaResampler up;
    private final MatrixKernel matrix;
    private final ChromaResampler down;
    private final boolean widen;
    private final boolean narrow;
    private final String path;
    private final boolean copy;
    private FusedKernels.RowPair fused;

    private VideoConverter(ConvertSide inSide, ConvertSide outSide, ChromaResampler up, MatrixKernel matrix,
            ChromaResampler down, boolean widen, boolean narrow, String path) {
        this.in = inSide.codec();
        this.out = outSide.codec();
        this.width = inSide.width();
        this.height = inSide.height();
        this.up = up;
        this.matrix = matrix;
        this.down = down;
        this.widen = widen;
        this.narrow = narrow;
        this.path = path;
        this.copy = inSide.format().equals(outSide.format()) && up == null && matrix == null && down == null
                && !widen && !narrow;
    }

    /**
     * The converter from {@code inSide} to {@code outSide}.
     *
     * @throws IllegalArgumentException when the sizes differ (this converter does not scale)
     */
    public static VideoConverter create(ConvertSide inSide, ConvertSide outSide) {
        if (inSide.width() != outSide.width() || inSide.height() != outSide.height()) {
            throw new IllegalArgumentException("videoconvert does not scale: input is " + inSide.width() + "x"
                    + inSide.height() + ", output " + outSide.width() + "x" + outSide.height());
        }
        PixelCodec ic = inSide.codec();
        PixelCodec oc = outSide.codec();
        // GStreamer forces the identity matrix on RGB formats whatever the caps say.
        ColorSpec inColor = ic.rgb() ? inSide.color().asRgb() : inSide.color();
        ColorSpec outColor = oc.rgb() ? outSide.color().asRgb() : outSide.color();
        boolean sameMatrix = inColor.matrixId() == outColor.matrixId();

        VideoConverter fast = fastPath(inSide, outSide, inColor, outColor, sameMatrix);
        if (fast != null) {
            return fast;
        }

        ChromaResampler up = null;
        ChromaResampler down = null;
        if (ic.wSub() != oc.wSub() || ic.hSub() != oc.hSub() || inColor.chromaSite() != outColor.chromaSite()) {
            up = ic.rgb() ? null : ChromaResampler.of(ic.wSub(), ic.hSub(), inColor.chromaSite());
            down = oc.rgb() ? null : ChromaResampler.of(oc.wSub(), oc.hSub(), outColor.chromaSite());
        }
        int inBits = ic.bits();
        int outBits = oc.bits();
        MatrixKernel matrix = null;
        boolean widen = false;
        boolean narrow = false;
        if (inBits != outBits || !sameMatrix) {
            Mat4 m = new Mat4();
            if (inBits < outBits) {
                float s = 1 << (outBits - inBits);
                m.scale(1 / s, 1 / s, 1 / s);
            }
            MatrixBuilder.toRgb(m, inColor, inBits, ic.rgb());
            MatrixBuilder.toYuv(m, outColor, outBits, oc.rgb());
            if (inBits > outBits) {
                float s = 1 << (inBits - outBits);
                m.scale(s, s, s);
            }
            if (!sameMatrix) {
                matrix = MatrixBuilder.kernel(m, Math.max(inBits, outBits), ic.rgb(), oc.rgb());
            }
            widen = inBits < outBits;
            narrow = inBits > outBits;
        }
        VideoConverter c = new VideoConverter(inSide, outSide, up, matrix, down, widen, narrow, "generic");
        if (ic instanceof PixelCodec.PackedRgb rgb && rgb.bpp() == 4 && is420x8(oc) && matrix instanceof MatrixKernel.NoClip8 m && up == null
                && down != null && down.horizontal()) {
            c.fused = FusedKernels.rgbTo420(rgb, oc, m.im(), down, inSide.width(), inSide.height());
        }
        return c;
    }

    /** GStreamer's fast paths for these formats: the same results as its generic path would not give. */
    private static VideoConverter fastPath(ConvertSide inSide, ConvertSide outSide, ColorSpec inColor,
            ColorSpec outColor, boolean sameMatrix) {
        String i = inSide.format();
        String o = outSide.format();
        if (PLANAR_420.contains(i) && RGB_OUT_OF_420.contains(o)) {
            Mat4 m = new Mat4();
            MatrixBuilder.toRgb(m, inColor, 8, false);
            MatrixBuilder.toYuv(m, outColor, 8, true);
            MatrixKernel k = MatrixBuilder.kernel(m, 8, false, true);
            VideoConverter c = new VideoConverter(inSide, outSide, null, k, null, false, false,
                    "I420 to RGB (nearest chroma)");
            if (k instanceof MatrixKernel.YuvToRgb8 yuv) {
                c.fused = FusedKernels.i420ToRgb((PixelCodec.Planar) inSide.codec(), (PixelCodec.PackedRgb) outSide.codec(), yuv,
                        inSide.width(), inSide.height());
            }
            return c;
        }
        if ("UYVY".equals(i) && "GRAY8".equals(o)) {
            return plain(inSide, outSide, "copy Y");
        }
        if (!sameMatrix) {
            return null;
        }
        boolean bothAlphaOrNot = ALPHA.contains(i) == ALPHA.contains(o);
        if (i.equals(o) && bothAlphaOrNot) {
            return plain(inSide, outSide, "copy");
        }
        if ((PLANAR_420.contains(i) && (PACKED_422.contains(o) || PLANAR_420.contains(o) || "GRAY8".equals(o)))
                || (PACKED_422.contains(i) && (PACKED_422.contains(o) || "Y444".equals(o)))
                || ("GRAY8".equals(i) && (PLANAR_420.contains(o) || "Y444".equals(o)))
                || ("Y444".equals(i) && "GRAY8".equals(o))) {
            return plain(inSide, outSide, "repack");
        }
        if (PACKED_422.contains(i) && PLANAR_420.contains(o)) {
            return new VideoConverter(inSide, outSide, null, null, new ChromaResampler(false, true, false), false,
                    false, "4:2:2 to 4:2:0 (line average)");
        }
        if ("Y444".equals(i) && PACKED_422.contains(o) && (inSide.width() & 1) == 0) {
            return new VideoConverter(inSide, outSide, null, null, new ChromaResampler(true, false, false), false,
                    false, "4:4:4 to 4:2:2 (pair average)");
        }
        return null;
    }

    private static boolean is420x8(PixelCodec c) {
        return (c instanceof PixelCodec.Planar p && p.sub() == 1) || (c instanceof PixelCodec.SemiPlanar sp && !sp.deep());
    }

    private static VideoConverter plain(ConvertSide inSide, ConvertSide outSide, String path) {
        return new VideoConverter(inSide, outSide, null, null, null, false, false, path);
    }

    /** Which of GStreamer's paths this converter follows, for logs and the docs. */
    public String path() {
        return path;
    }

    /** The chroma upsampling this converter runs before the matrix, or null (for a GPU version of the same steps). */
    public ChromaResampler upsampler() {
        return up;
    }

    /** The integer colour matrix this converter applies, or null when the colours pass unchanged. */
    public MatrixKernel matrix() {
        return matrix;
    }

    /** The chroma downsampling this converter runs after the matrix, or null. */
    public ChromaResampler downsampler() {
        return down;
    }

    /** Whether the intermediate line is widened from 8 to 16 bits before the matrix, or narrowed after it. */
    public boolean changesDepth() {
        return widen || narrow;
    }

    /** Whether converting is a plain copy of the planes' rows (same format, nothing to compute). */
    public boolean isCopy() {
        return copy;
    }

    /** {@link #convert(FramePlanes, FramePlanes, int)} with one thread per processor. */
    public void convert(FramePlanes src, FramePlanes dst) {
        convert(src, dst, 0);
    }

    /**
     * Converts {@code src} into {@code dst}, both of this converter's size, with up to
     * {@code threads} threads (0: one per processor) each converting a band of rows.
     */
    public void convert(FramePlanes src, FramePlanes dst, int threads) {
        if (src.width() != width || src.height() != height || dst.width() != width || dst.height() != height) {
            throw new IllegalArgumentException("frames are " + src.width() + "x" + src.height() + " and "
                    + dst.width() + "x" + dst.height() + ", the converter was made for " + width + "x" + height);
        }
        if (copy) {
            copyRows(src, dst);
            return;
        }
        RowBands.run(height, threads, src, dst, this::convertRows);
    }

    private void copyRows(FramePlanes src, FramePlanes dst) {
        int planes = in.planes();
        for (int p = 0; p < planes; p++) {
            int rows = p > 0 ? (height + (1 << in.hSub()) - 1) >> in.hSub() : height;
            int bytes = in.rowBytes(p, width);
            for (int r = 0; r < rows; r++) {
                java.lang.foreign.MemorySegment.copy(src.planes()[p], (long) r * src.strides()[p], dst.planes()[p],
                        (long) r * dst.strides()[p], bytes);
            }
        }
    }

    /** Converts rows [y0, y1); y0 is even. */
    private void convertRows(FramePlanes src, FramePlanes dst, int y0, int y1) {
        int n = width * 4;
        int[] a = new int[n];
        int[] b = new int[n];
        int[] partner = new int[n];
        PixelCodec.RowScratch s = new PixelCodec.RowScratch();
        if (fused != null) {
            for (int y = y0; y < y1; y += 2) {
                fused.convert(src, dst, y, s);
            }
            return;
        }
        for (int y = y0; y < y1; y += 2) {
            line(src, y, a, partner, s);
            line(src, Math.min(y + 1, height - 1), b, partner, s);
            if (down != null) {
                if (down.vertical()) {
                    down.down(a, b, width);
                } else {
                    down.downH(a, width);
                    down.downH(b, width);
                }
            }
            out.pack(a, dst, y, width, s);
            if (y + 1 < y1) {
                out.pack(b, dst, y + 1, width, s);
            }
        }
    }

    /** Row {@code y} unpacked, upsampled and through the matrix. */
    private void line(FramePlanes src, int y, int[] line, int[] partner, PixelCodec.RowScratch s) {
        in.unpack(src, y, line, width, s);
        if (up != null) {
            up.upH(line, width);
            if (up.vertical()) {
                boolean odd = (y & 1) == 1;
                in.unpack(src, odd ? y + 1 : y - 1, partner, width, s);
                up.upH(partner, width);
                up.upV(line, partner, odd, width);
            }
        }
        int n = width * 4;
        if (widen) {
            for (int i = 0; i < n; i++) {
                line[i] *= 257;
            }
        }
        if (matrix != null) {
            matrix.apply(line, width);
        }
        if (narrow) {
            for (int i = 0; i < n; i++) {
                line[i] >>= 8;
            }
        }
    }
}
