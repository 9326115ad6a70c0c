package org.zeropipe.core.video;

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

    public LineConverter(VideoInfo info) {
        this.packer = new LinePacker(info);
        this.resampler = ChromaResampler.of(info);
        this.width = info.width();
        this.height = info.height();
        this.deep = info.format().component(0).depth() > 8;
        this.lines = new int[resampler.lines()][4 * width];
        this.group = new int[resampler.lines()][];
    }

    /**
     * Converts painted row {@code y} ({@code 4 * width} bytes in {@code painted}) into
     * {@code out}. Call for consecutive rows; the last row completes any pending group.
     */
    public void convert(byte[] painted, int y, PlaneRows out) {
        convertOne(painted, y, out);
        int n = lines.length;
        if (y == height - 1) {
            while (y % n != n - 1) {
                y++;
                convertOne(painted, y, out);
            }
        }
    }

    private void convertOne(byte[] painted, int y, PlaneRows out) {
        int n = lines.length;
        int[] line = lines[y % n];
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
        if (y % n != n - 1) {
            return;
        }
        int y0 = y - (n - 1);
        for (int i = 0; i < n; i++) {
            group[i] = lines[Math.clamp(y0 + i, 0, height - 1) % n];
        }
        resampler.resample(group, width);
        for (int i = 0; i < n && y0 + i < height; i++) {
            packer.pack(group[i], y0 + i, out);
        }
    }
}
