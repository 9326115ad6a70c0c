package org.zeropipe.core.video;

import java.util.Arrays;

/**
 * Turns painted lines (4 bytes per pixel: A and three colour values) into a frame of any
 * format, line by line in order, as GStreamer's videotestsrc does
 * ({@code convert_hline_generic}): widen to 16 bits for deep formats, collect the lines the
 * chroma resampler needs, resample, pack. Rows may start at any even row, so the bottom of a
 * frame can be redrawn alone.
 */
public final class LineConverter {

    private final LinePacker packer;
    private final ChromaResampler resampler;
    private final int width;
    private final int height;
    private final boolean deep;
    private final int[][] lines;
    private final int[][] group;
    // Rows repeat in most patterns: an unchanged painted line packs to the same bytes, so a
    // group of lines equal to the previous group is written from the packer's last rows.
    private final byte[] previous;
    private final boolean[] clean; // per slot: holds the widened line of the current run, not resampled
    private int run;               // consecutive identical painted lines ending at the current row
    private boolean packed;        // the previous group was packed (the packer holds its rows)

    public LineConverter(VideoInfo info) {
        this.packer = new LinePacker(info);
        this.resampler = ChromaResampler.of(info);
        this.width = info.width();
        this.height = info.height();
        this.deep = info.format().component(0).depth() > 8;
        this.lines = new int[resampler.lines()][4 * width];
        this.group = new int[resampler.lines()][];
        this.previous = new byte[4 * width];
        this.clean = new boolean[resampler.lines()];
    }

    /**
     * Converts painted row {@code y} ({@code 4 * width} bytes in {@code painted}) into
     * {@code out}. Call for consecutive rows; the last row completes any pending group.
     */
    public void convert(byte[] painted, int y, PlaneRows out) {
        convert(painted, y, out, false);
    }

    /**
     * {@link #convert(byte[], int, PlaneRows)}, told that {@code painted} holds the same bytes
     * as the row before (a pattern knows where its rows repeat), which spares comparing them.
     */
    public void convert(byte[] painted, int y, PlaneRows out, boolean sameAsPrevious) {
        convertOne(painted, y, out, sameAsPrevious);
        int n = lines.length;
        if (y == height - 1) {
            while (y % n != n - 1) {
                y++;
                convertOne(painted, y, out, true);
            }
        }
    }

    private void convertOne(byte[] painted, int y, PlaneRows out, boolean known) {
        int n = lines.length;
        boolean same = run > 0 && (known || Arrays.equals(painted, previous));
        if (same) {
            run++;
        } else {
            System.arraycopy(painted, 0, previous, 0, previous.length);
            run = 1;
        }
        int slot = y % n;
        if (run <= n || !clean[slot]) {
            widen(painted, lines[slot]);
            clean[slot] = true;
        }
        if (slot != n - 1) {
            return;
        }
        int y0 = y - (n - 1);
        if (run >= 2 * n && packed) {
            for (int i = 0; i < n && y0 + i < height; i++) {
                packer.repeat(y0 + i, out);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            group[i] = lines[Math.clamp(y0 + i, 0, height - 1) % n];
        }
        resampler.resample(group, width);
        clean[Math.clamp(y0, 0, height - 1) % n] = false; // resampling changed the group's first line
        for (int i = 0; i < n && y0 + i < height; i++) {
            packer.pack(group[i], y0 + i, out);
        }
        packed = true;
    }

    private void widen(byte[] painted, int[] line) {
        int count = 4 * width;
        if (deep) {
            for (int i = 0; i < count; i++) {
                int v = painted[i] & 0xff;
                line[i] = (v << 8) | v;
            }
        } else {
            for (int i = 0; i < count; i++) {
                line[i] = painted[i] & 0xff;
            }
        }
    }
}
