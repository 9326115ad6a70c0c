package org.zeropipe.core.video;

import java.lang.foreign.MemorySegment;

/**
 * Writes one unpacked line (4 values per pixel: A, R, G, B for RGB formats, A, Y, U, V for
 * the others; 8-bit, or 16-bit for formats deeper than 8 bits) into a frame's planes, as
 * GStreamer's per-format {@code pack_func} does: subsampled chroma is taken from the first
 * pixel of each group on the first row of each group, 16-bit values keep their top
 * {@code depth} bits, an RGBx padding byte gets the alpha value. Only the visible bytes of a
 * row are written; stride padding is left alone.
 */
final class LinePacker {

    private final VideoInfo info;
    private final int width;
    private final byte[][] rows;
    private final int[][] planeComponents; // per plane: the indexes into format.components()
    private final int[] lineIndex;         // per component: its index in the 4-value pixel
    private final int[] paddingOffset;     // per plane: RGBx padding byte offset, or -1

    LinePacker(VideoInfo info) {
        this.info = info;
        this.width = info.width();
        VideoFormat f = info.format();
        int planes = f.planes();
        rows = new byte[planes][];
        planeComponents = new int[planes][];
        paddingOffset = new int[planes];
        lineIndex = new int[f.components().size()];
        for (int c = 0; c < lineIndex.length; c++) {
            lineIndex[c] = switch (f.component(c).name()) {
                case 'A' -> 0;
                case 'R', 'Y' -> 1;
                case 'G', 'U' -> 2;
                default -> 3;
            };
        }
        for (int p = 0; p < planes; p++) {
            rows[p] = new byte[(int) info.planeRowBytes(p)];
            int plane = p;
            planeComponents[p] = java.util.stream.IntStream.range(0, lineIndex.length)
                    .filter(c -> f.component(c).plane() == plane).toArray();
            paddingOffset[p] = -1;
        }
        if (f.isRgb() && !f.hasAlpha() && f.component(0).pixelStride() == 4) {
            paddingOffset[0] = 6 - f.component(0).offset() - f.component(1).offset() - f.component(2).offset();
        }
    }

    /** Packs {@code line} as frame row {@code y} into {@code out}. */
    void pack(int[] line, int y, PlaneRows out) {
        VideoFormat f = info.format();
        for (int p = 0; p < rows.length; p++) {
            VideoComponent first = f.planeComponent(p);
            if ((y & ((1 << first.hSub()) - 1)) != 0) {
                continue; // not a chroma row: GStreamer writes this plane on the group's first row only
            }
            byte[] row = rows[p];
            for (int c : planeComponents[p]) {
                packComponent(f.component(c), lineIndex[c], line, row);
            }
            if (paddingOffset[p] >= 0) {
                for (int x = 0, o = paddingOffset[p]; x < width; x++, o += 4) {
                    row[o] = (byte) line[4 * x];
                }
            }
            int planeRow = y >> first.hSub();
            MemorySegment.copy(row, 0, out.planes()[p], java.lang.foreign.ValueLayout.JAVA_BYTE,
                    out.rowOffset(p, planeRow), row.length);
        }
    }

    /** Writes row {@code y} as the same bytes as the rows last packed (its line equals theirs). */
    void repeat(int y, PlaneRows out) {
        VideoFormat f = info.format();
        for (int p = 0; p < rows.length; p++) {
            int hSub = f.planeComponent(p).hSub();
            if ((y & ((1 << hSub) - 1)) == 0) {
                MemorySegment.copy(rows[p], 0, out.planes()[p], java.lang.foreign.ValueLayout.JAVA_BYTE,
                        out.rowOffset(p, y >> hSub), rows[p].length);
            }
        }
    }

    private void packComponent(VideoComponent c, int li, int[] line, byte[] row) {
        int step = 1 << c.wSub();
        int ps = c.pixelStride();
        int o = c.offset();
        if (c.depth() <= 8) {
            for (int x = 0; x < width; x += step, o += ps) {
                row[o] = (byte) line[4 * x + li];
            }
        } else {
            int mask = ((1 << c.depth()) - 1) << c.shift();
            for (int x = 0; x < width; x += step, o += ps) {
                int v = line[4 * x + li] & mask;
                row[o] = (byte) v;
                row[o + 1] = (byte) (v >> 8);
            }
        }
    }
}
