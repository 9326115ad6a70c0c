package org.zeropipe.core.video.testsrc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.zeropipe.core.video.VideoComponent;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;

/**
 * Redraws only the noise of SMPTE's bottom-right square or of snow, straight into a frame that
 * already holds the rest of the pattern: per noise pixel one value from the generator, and for
 * each component whose value depends on it (foreground and background differ there) the
 * packed value from a table, exactly what the full line pipeline would pack. Works when every
 * such component is at full resolution (with the default white/black colours only Y, or
 * R, G, B, vary); {@link #of} answers null otherwise and the caller draws whole frames.
 */
final class NoiseWriter {

    /** One component to rewrite: plane, byte offset in the pixel, pixel stride, packed values (8 or 16 bits). */
    private record Target(int plane, int offset, int pixelStride, boolean wide, int[] values) {
    }

    private final int width;
    private final int height;
    private final int left;
    private final int top;
    private final List<Target> targets;
    private final int[] planeStarts; // per plane: first byte of the rewritten part of a row, -1 if untouched
    private final byte[][] rows;     // per plane: the rewritten part of a row, non-noise bytes kept

    private NoiseWriter(VideoInfo info, int left, int top, List<Target> targets, MemorySegment[] template) {
        this.width = info.width();
        this.height = info.height();
        this.left = left;
        this.top = top;
        this.targets = targets;
        int planes = info.planes();
        planeStarts = new int[planes];
        rows = new byte[planes][];
        java.util.Arrays.fill(planeStarts, -1);
        for (Target t : targets) {
            int start = left * t.pixelStride();
            if (info.format() == VideoFormat.YUY2 || info.format() == VideoFormat.UYVY) {
                start = (left / 2) * 4; // whole 4-byte pixel pairs
            }
            planeStarts[t.plane()] = planeStarts[t.plane()] < 0 ? start : Math.min(planeStarts[t.plane()], start);
        }
        for (int p = 0; p < planes; p++) {
            if (planeStarts[p] >= 0) {
                int bytes = (int) info.planeRowBytes(p) - planeStarts[p];
                rows[p] = new byte[bytes];
                long at = (long) top * info.stride(p) + planeStarts[p];
                MemorySegment.copy(template[p], ValueLayout.JAVA_BYTE, at, rows[p], 0, bytes);
            }
        }
    }

    /**
     * A writer for noise over {@code [left, width) x [top, height)} blending {@code fg} over
     * {@code bg}, or null when a subsampled component would vary. {@code template} holds the
     * frame's planes drawn once (the bytes around the noise are taken from its row {@code top}).
     */
    static NoiseWriter of(VideoInfo info, TestColor fg, TestColor bg, int left, int top, MemorySegment[] template) {
        VideoFormat f = info.format();
        boolean rgb = f.isRgb();
        int[] fgValues = rgb ? new int[] {fg.a(), fg.r(), fg.g(), fg.b()} : new int[] {fg.a(), fg.y(), fg.u(), fg.v()};
        int[] bgValues = rgb ? new int[] {bg.a(), bg.r(), bg.g(), bg.b()} : new int[] {bg.a(), bg.y(), bg.u(), bg.v()};
        List<Target> targets = new ArrayList<>();
        for (VideoComponent c : f.components()) {
            int li = switch (c.name()) {
                case 'A' -> 0;
                case 'R', 'Y' -> 1;
                case 'G', 'U' -> 2;
                default -> 3;
            };
            if (fgValues[li] == bgValues[li]) {
                continue;
            }
            if (c.wSub() != 0 || c.hSub() != 0) {
                return null;
            }
            targets.add(new Target(c.plane(), c.offset(), c.pixelStride(), c.depth() > 8,
                    table(fgValues[li], bgValues[li], c)));
        }
        if (rgb && !f.hasAlpha() && f.component(0).pixelStride() == 4 && fgValues[0] != bgValues[0]) {
            int pad = 6 - f.component(0).offset() - f.component(1).offset() - f.component(2).offset();
            targets.add(new Target(0, pad, 4, false, table(fgValues[0], bgValues[0], f.component(0))));
        }
        return new NoiseWriter(info, left, top, targets, template);
    }

    private static int[] table(int a, int b, VideoComponent c) {
        int[] t = new int[256];
        int mask = ((1 << c.depth()) - 1) << c.shift();
        for (int x = 0; x < 256; x++) {
            int v = TestColor.blend(a, b, x);
            t[x] = c.depth() > 8 ? ((v << 8) | v) & mask : v;
        }
        return t;
    }

    /** Draws one frame of noise into {@code planes} (whole planes, with {@code strides}). */
    void write(MemorySegment[] planes, int[] strides, NoiseSource noise) {
        int[] amount = new int[width];
        Target[] ts = targets.toArray(Target[]::new);
        boolean fused = ts.length > 0 && targets.stream().allMatch(t -> !t.wide() && t.plane() == ts[0].plane()
                && t.pixelStride() == ts[0].pixelStride());
        for (int y = top; y < height; y++) {
            noise.fill(amount, left, width);
            if (fused) {
                writeFused(ts, amount);
            } else {
                for (Target t : ts) {
                    writeOne(t, amount);
                }
            }
            for (int p = 0; p < rows.length; p++) {
                if (rows[p] != null) {
                    MemorySegment.copy(rows[p], 0, planes[p], ValueLayout.JAVA_BYTE,
                            (long) y * strides[p] + planeStarts[p], rows[p].length);
                }
            }
        }
    }

    /** The common case (8-bit components in one plane: Y, or R G B): one pass over the pixels. */
    private void writeFused(Target[] ts, int[] amount) {
        byte[] row = rows[ts[0].plane()];
        int ps = ts[0].pixelStride();
        if (ps == 4) {
            writePixels(ts, amount, row);
            return;
        }
        int o = left * ps - planeStarts[ts[0].plane()];
        int[] v0 = ts[0].values();
        int o0 = ts[0].offset();
        if (ts.length == 1) {
            for (int x = left; x < width; x++, o += ps) {
                row[o + o0] = (byte) v0[amount[x]];
            }
        } else if (ts.length == 3) {
            int[] v1 = ts[1].values();
            int[] v2 = ts[2].values();
            int o1 = ts[1].offset();
            int o2 = ts[2].offset();
            for (int x = left; x < width; x++, o += ps) {
                int a = amount[x];
                row[o + o0] = (byte) v0[a];
                row[o + o1] = (byte) v1[a];
                row[o + o2] = (byte) v2[a];
            }
        } else {
            for (Target t : ts) {
                writeOne(t, amount);
            }
        }
    }

    private int[] pixelTable;
    private int[] pixelRow;

    /**
     * 4-byte pixels: a table of whole pixels (the bytes that do not vary taken from the drawn
     * row), one int store per pixel, the row copied as little-endian ints.
     */
    private void writePixels(Target[] ts, int[] amount, byte[] row) {
        int base = left * 4 - planeStarts[ts[0].plane()];
        if (pixelTable == null) {
            int constant = (row[base] & 0xff) | (row[base + 1] & 0xff) << 8 | (row[base + 2] & 0xff) << 16
                    | (row[base + 3] & 0xff) << 24;
            pixelTable = new int[256];
            for (int x = 0; x < 256; x++) {
                int px = constant;
                for (Target t : ts) {
                    px = (px & ~(0xff << (8 * t.offset()))) | (t.values()[x] & 0xff) << (8 * t.offset());
                }
                pixelTable[x] = px;
            }
            pixelRow = new int[width - left];
        }
        int[] table = pixelTable;
        int[] out = pixelRow;
        for (int x = left; x < width; x++) {
            out[x - left] = table[amount[x]];
        }
        MemorySegment.copy(out, 0, MemorySegment.ofArray(row), LE_INT, base, out.length);
    }

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED
            .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private void writeOne(Target t, int[] amount) {
        byte[] row = rows[t.plane()];
        int o = left * t.pixelStride() + t.offset() - planeStarts[t.plane()];
        int[] values = t.values();
        if (t.wide()) {
            for (int x = left; x < width; x++, o += t.pixelStride()) {
                int v = values[amount[x]];
                row[o] = (byte) v;
                row[o + 1] = (byte) (v >> 8);
            }
        } else {
            for (int x = left; x < width; x++, o += t.pixelStride()) {
                row[o] = (byte) values[amount[x]];
            }
        }
    }
}
