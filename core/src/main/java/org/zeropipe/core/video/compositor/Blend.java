package org.zeropipe.core.video.compositor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.zeropipe.core.video.VideoFrame;

/**
 * The pixel arithmetic of the compositor, bit for bit GStreamer's ({@code compositororc.orc}
 * and {@code blend.c}, 8-bit formats): four-byte formats with alpha (RGBA, BGRA, ARGB, ABGR)
 * and planar 4:2:0 (I420). Rows are read and written through small row arrays; the output is
 * new pixels (rendering), so nothing here is reported as a copy.
 */
final class Blend {

    /** How a picture is put onto what is below it. */
    enum Mode { SOURCE, OVER, ADD }

    private Blend() {
    }

    /** Whether {@link VectorBlend} works here (the incubator module present, vectors usable). */
    private static final boolean VECTORS = vectors();

    private static boolean vectors() {
        if (Boolean.getBoolean("zeropipe.compositor.scalar")) {
            return false;
        }
        try {
            VectorBlend.create();
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** ORC's div255w: x / 255 rounded, for 0 ≤ x ≤ 65025. */
    static int div255(int x) {
        int t = x + 128;
        return (t + (t >> 8)) >> 8;
    }

    /**
     * Blends a four-byte frame ({@code alphaIndex}: 0 for ARGB/ABGR, 3 for RGBA/BGRA) at
     * {@code (xpos, ypos)} onto {@code dst} with the pad's {@code alpha}. {@code overlay}: the
     * destination has alpha of its own (a transparent background), as GStreamer's overlay_*
     * functions; else the destination is opaque (blend_*).
     */
    static void packed(VideoFrame src, int srcW, int srcH, int xpos, int ypos, double alpha, VideoFrame dst,
                       int alphaIndex, Mode mode, boolean overlay) {
        int sAlpha = Math.clamp((int) (alpha * 255), 0, 255);
        if (sAlpha == 0) {
            return;
        }
        int dstW = dst.width();
        int dstH = dst.height();
        int sx = 0;
        int sy = 0;
        int w = srcW;
        int h = srcH;
        if (xpos < 0) {
            sx = -xpos;
            w += xpos;
            xpos = 0;
        }
        if (ypos < 0) {
            sy = -ypos;
            h += ypos;
            ypos = 0;
        }
        w = Math.min(w, dstW - xpos);
        h = Math.min(h, dstH - ypos);
        if (w <= 0 || h <= 0) {
            return;
        }
        MemorySegment sp = src.plane(0);
        MemorySegment dp = dst.plane(0);
        int ss = src.stride(0);
        int ds = dst.stride(0);
        int bytes = w * 4;
        byte[] s = new byte[bytes];
        byte[] d = new byte[bytes];
        for (int y = 0; y < h; y++) {
            long so = (long) (sy + y) * ss + sx * 4L;
            long dOff = (long) (ypos + y) * ds + xpos * 4L;
            MemorySegment.copy(sp, ValueLayout.JAVA_BYTE, so, s, 0, bytes);
            if (mode == Mode.SOURCE && sAlpha == 255) {
                MemorySegment.copy(s, 0, dp, ValueLayout.JAVA_BYTE, dOff, bytes);
                continue;
            }
            if (mode != Mode.SOURCE) {
                MemorySegment.copy(dp, ValueLayout.JAVA_BYTE, dOff, d, 0, bytes);
            }
            if (mode == Mode.SOURCE) {
                sourceRow(s, d, bytes, sAlpha, alphaIndex);
            } else if (!overlay) {
                blendRow(s, d, bytes, sAlpha, alphaIndex);
            } else {
                overlayRow(s, d, bytes, sAlpha, alphaIndex, mode == Mode.ADD);
            }
            MemorySegment.copy(d, 0, dp, ValueLayout.JAVA_BYTE, dOff, bytes);
        }
    }

    /** compositor_orc_source_*: the source with its alpha scaled. */
    private static void sourceRow(byte[] s, byte[] d, int bytes, int alpha, int ai) {
        for (int i = 0; i < bytes; i += 4) {
            System.arraycopy(s, i, d, i, 4);
            d[i + ai] = (byte) div255((s[i + ai] & 0xff) * alpha);
        }
    }

    /**
     * compositor_orc_blend_*: over an opaque destination; the result is opaque. An opaque pixel
     * gives the source itself and a transparent one the destination (div255(v·255) = v), which
     * skips the arithmetic for most pixels of most pictures.
     */
    static void blendRow(byte[] s, byte[] d, int bytes, int alpha, int ai) {
        blendRow(s, d, VECTORS ? VectorBlend.blendRow(s, d, bytes, alpha, ai) : 0, bytes, alpha, ai);
    }

    /** The scalar blend of bytes {@code [from, bytes)}. */
    static void blendRow(byte[] s, byte[] d, int from, int bytes, int alpha, int ai) {
        for (int i = from; i < bytes; i += 4) {
            int a = div255((s[i + ai] & 0xff) * alpha);
            if (a == 255) {
                System.arraycopy(s, i, d, i, 4);
                d[i + ai] = (byte) 0xff;
                continue;
            }
            if (a == 0) {
                d[i + ai] = (byte) 0xff;
                continue;
            }
            int inv = 255 - a;
            for (int c = 0; c < 4; c++) {
                d[i + c] = (byte) div255((s[i + c] & 0xff) * a + (d[i + c] & 0xff) * inv);
            }
            d[i + ai] = (byte) 0xff;
        }
    }

    /** compositor_orc_overlay_* (and _addition): over a destination with alpha. */
    private static void overlayRow(byte[] s, byte[] d, int bytes, int alpha, int ai, boolean add) {
        for (int i = 0; i < bytes; i += 4) {
            int as = div255((s[i + ai] & 0xff) * alpha);
            int da = d[i + ai] & 0xff;
            int ad = div255(da * (255 - as));
            int total = (ad + as) & 0xffff;
            int divisor = total & 0xff;
            for (int c = 0; c < 4; c++) {
                int v = (s[i + c] & 0xff) * as + (d[i + c] & 0xff) * ad;
                d[i + c] = (byte) (divisor == 0 ? 255 : Math.min(255, (v & 0xffff) / divisor));
            }
            d[i + ai] = (byte) (add ? da + as : total);
        }
    }

    /**
     * Blends a planar 4:2:0 frame (I420) at {@code (xpos, ypos)} (rounded up to even, as
     * GStreamer) onto {@code dst}: a copy at alpha 1 (or SOURCE), else per byte
     * {@code (d·256 + (s - d)·a) >> 8} with {@code a = alpha·255}.
     */
    static void planar420(VideoFrame src, int srcW, int srcH, int xpos, int ypos, double alpha, VideoFrame dst,
                          Mode mode) {
        if (mode == Mode.SOURCE) {
            alpha = 1.0;
        }
        if (alpha == 0.0) {
            return;
        }
        xpos = (xpos + 1) & ~1;
        ypos = (ypos + 1) & ~1;
        int xoff = 0;
        int yoff = 0;
        int w = srcW;
        int h = srcH;
        if (xpos < 0) {
            xoff = -xpos;
            w += xpos;
            xpos = 0;
        }
        if (ypos < 0) {
            yoff = -ypos;
            h += ypos;
            ypos = 0;
        }
        if (xoff >= srcW || yoff >= srcH) {
            return;
        }
        w = Math.min(w, dst.width() - xpos);
        h = Math.min(h, dst.height() - ypos);
        if (w <= 0 || h <= 0) {
            return;
        }
        int a = Math.clamp((int) (alpha * 255), 0, 255);
        for (int p = 0; p < 3; p++) {
            int sub = p == 0 ? 0 : 1;
            int cw = -((-w) >> sub);
            int ch = -((-h) >> sub);
            int cx = -((-xpos) >> sub);
            int cy = ypos >> sub;
            int cxo = -((-xoff) >> sub);
            int cyo = yoff >> sub;
            if (p == 0) {
                cy = ypos;
                cyo = yoff;
            }
            plane(src.plane(p), src.stride(p), cxo, cyo, dst.plane(p), dst.stride(p), cx, cy, cw, ch, alpha, a);
        }
    }

    private static void plane(MemorySegment sp, int ss, int sx, int sy, MemorySegment dp, int ds, int dx, int dy,
                              int w, int h, double alpha, int a) {
        byte[] s = new byte[w];
        byte[] d = new byte[w];
        for (int y = 0; y < h; y++) {
            long so = (long) (sy + y) * ss + sx;
            long dOff = (long) (dy + y) * ds + dx;
            MemorySegment.copy(sp, ValueLayout.JAVA_BYTE, so, s, 0, w);
            if (alpha == 1.0) {
                MemorySegment.copy(s, 0, dp, ValueLayout.JAVA_BYTE, dOff, w);
                continue;
            }
            MemorySegment.copy(dp, ValueLayout.JAVA_BYTE, dOff, d, 0, w);
            for (int i = 0; i < w; i++) {
                int dv = d[i] & 0xff;
                d[i] = (byte) ((dv * 256 + ((s[i] & 0xff) - dv) * a) >> 8);
            }
            MemorySegment.copy(d, 0, dp, ValueLayout.JAVA_BYTE, dOff, w);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Backgrounds

    private static final int[] CHECKER = {80, 160, 80, 160};

    private static int checker(int row, int col) {
        return CHECKER[((row & 0x8) >> 3) + ((col & 0x8) >> 3)];
    }

    /** GStreamer's checker: 8×8 squares of grey 80 and 160, opaque (chroma 128 in YUV). */
    static void checker(VideoFrame f, int alphaIndex) {
        if (alphaIndex < 0) {
            fillPlanes(f, (p, row, col) -> p == 0 ? checker(row, col) : 0x80);
            return;
        }
        // Rows differ only by which of two lines they repeat (row & 8).
        byte[][] lines = new byte[2][f.width() * 4];
        for (int k = 0; k < 2; k++) {
            for (int x = 0; x < f.width(); x++) {
                byte v = (byte) checker(k * 8, x);
                java.util.Arrays.fill(lines[k], x * 4, x * 4 + 4, v);
                lines[k][x * 4 + alphaIndex] = (byte) 0xff;
            }
        }
        for (int y = 0; y < f.height(); y++) {
            byte[] line = lines[(y & 8) >> 3];
            MemorySegment.copy(line, 0, f.plane(0), ValueLayout.JAVA_BYTE, (long) y * f.stride(0), line.length);
        }
    }

    /** A solid colour: {@code bytesOrYuv} holds each byte of a four-byte pixel, or Y, U, V for planar. */
    static void color(VideoFrame f, int[] bytesOrYuv) {
        if (f.planes() == 3) {
            fillPlanes(f, (p, row, col) -> bytesOrYuv[p]);
            return;
        }
        byte[] line = new byte[f.width() * 4];
        for (int x = 0; x < line.length; x++) {
            line[x] = (byte) bytesOrYuv[x & 3];
        }
        for (int y = 0; y < f.height(); y++) {
            MemorySegment.copy(line, 0, f.plane(0), ValueLayout.JAVA_BYTE, (long) y * f.stride(0), line.length);
        }
    }

    /** Every byte of every row 0 (GStreamer's transparent background, whatever the format). */
    static void clear(VideoFrame f) {
        fillPlanes(f, (p, row, col) -> 0);
    }

    private interface PlaneValue {
        int at(int plane, int row, int col);
    }

    /** Fills each plane's visible bytes (4:2:0 chroma: half size rounded up; packed: 4 bytes a pixel). */
    private static void fillPlanes(VideoFrame f, PlaneValue value) {
        for (int p = 0; p < f.planes(); p++) {
            boolean chroma = f.planes() == 3 && p > 0;
            int w = chroma ? (f.width() + 1) / 2 : f.width();
            int h = chroma ? (f.height() + 1) / 2 : f.height();
            int bytes = f.planes() == 3 ? w : w * 4;
            byte[] line = new byte[bytes];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < bytes; x++) {
                    line[x] = (byte) value.at(p, y, x);
                }
                MemorySegment.copy(line, 0, f.plane(p), ValueLayout.JAVA_BYTE, (long) y * f.stride(p), bytes);
            }
        }
    }
}
