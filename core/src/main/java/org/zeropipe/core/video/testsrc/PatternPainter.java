package org.zeropipe.core.video.testsrc;

import java.util.Arrays;
import org.zeropipe.core.video.VideoInfo;

/**
 * Paints one row of a pattern into a line of 4 bytes per pixel (A, R, G, B for RGB formats,
 * A, Y, U, V otherwise), with videotestsrc.c's geometry, colours and rounding. One painter per
 * frame: {@code frame} drives blink and ball; the noise generator carries on across frames.
 */
final class PatternPainter {

    private static final int[] SINE = {
        128, 131, 134, 137, 140, 143, 146, 149, 152, 156, 159, 162, 165, 168, 171, 174,
        176, 179, 182, 185, 188, 191, 193, 196, 199, 201, 204, 206, 209, 211, 213, 216,
        218, 220, 222, 224, 226, 228, 230, 232, 234, 236, 237, 239, 240, 242, 243, 245,
        246, 247, 248, 249, 250, 251, 252, 252, 253, 254, 254, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 254, 254, 253, 252, 252, 251, 250, 249, 248, 247,
        246, 245, 243, 242, 240, 239, 237, 236, 234, 232, 230, 228, 226, 224, 222, 220,
        218, 216, 213, 211, 209, 206, 204, 201, 199, 196, 193, 191, 188, 185, 182, 179,
        176, 174, 171, 168, 165, 162, 159, 156, 152, 149, 146, 143, 140, 137, 134, 131,
        128, 124, 121, 118, 115, 112, 109, 106, 103, 99, 96, 93, 90, 87, 84, 81,
        79, 76, 73, 70, 67, 64, 62, 59, 56, 54, 51, 49, 46, 44, 42, 39,
        37, 35, 33, 31, 29, 27, 25, 23, 21, 19, 18, 16, 15, 13, 12, 10,
        9, 8, 7, 6, 5, 4, 3, 3, 2, 1, 1, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 4, 5, 6, 7, 8,
        9, 10, 12, 13, 15, 16, 18, 19, 21, 23, 25, 27, 29, 31, 33, 35,
        37, 39, 42, 44, 46, 49, 51, 54, 56, 59, 62, 64, 67, 70, 73, 76,
        79, 81, 84, 87, 90, 93, 96, 99, 103, 106, 109, 112, 115, 118, 121, 124};

    private final TestPattern pattern;
    private final boolean rgb;
    private final int w;
    private final int h;
    private final TestColor[] colors;
    private final TestColor fg;
    private final TestColor bg;
    private final NoiseSource noise;
    private final long frame;
    private final int[] amount; // per pixel blend amount, GStreamer's tmpline_u8
    // ball geometry, fixed per frame
    private double ballX;
    private double ballY;
    private int ballRadius;

    PatternPainter(VideoInfo info, TestPattern pattern, long foreground, long background, NoiseSource noise,
            long frame) {
        this.pattern = pattern;
        this.rgb = info.format().isRgb();
        this.w = info.width();
        this.h = info.height();
        this.colors = TestColor.table(info.colorimetry().matrix(), pattern == TestPattern.SMPTE75);
        this.fg = TestColor.fromArgb(foreground, info.colorimetry().matrix());
        this.bg = TestColor.fromArgb(background, info.colorimetry().matrix());
        this.noise = noise;
        this.frame = frame;
        this.amount = new int[w];
        if (pattern == TestPattern.BALL) {
            placeBall();
        }
    }

    TestColor foreground() {
        return fg;
    }

    TestColor background() {
        return bg;
    }

    /** Paints row {@code y} into {@code line} ({@code 4 * width} bytes). */
    void paint(int y, byte[] line) {
        switch (pattern) {
            case SMPTE -> smpte(y, line);
            case SNOW -> {
                for (int i = 0; i < w; i++) {
                    amount[i] = noise.next();
                }
                blend(line, fg, bg, 0, w);
            }
            case BLACK -> fill(line, bg, 0, w);
            case WHITE, SOLID_COLOR -> fill(line, fg, 0, w);
            case RED -> fill(line, colors[TestColor.RED], 0, w);
            case GREEN -> fill(line, colors[TestColor.GREEN], 0, w);
            case BLUE -> fill(line, colors[TestColor.BLUE], 0, w);
            case CHECKERS_1 -> checkers(y, line, 1);
            case CHECKERS_2 -> checkers(y, line, 2);
            case CHECKERS_4 -> checkers(y, line, 4);
            case CHECKERS_8 -> checkers(y, line, 8);
            case CIRCULAR -> circular(y, line);
            case BLINK -> fill(line, (frame & 1) != 0 ? fg : bg, 0, w);
            case SMPTE75, SMPTE100 -> bars(line);
            case BALL -> ball(y, line);
            case BAR -> {
                fill(line, fg, 0, w / 7);
                fill(line, bg, w / 7, w);
            }
            case GRADIENT -> {
                Arrays.fill(amount, (int) (y * 255.0 / h));
                blend(line, fg, bg, 0, w);
            }
            case COLORS -> colors(y, line);
        }
    }

    /**
     * Whether row {@code y} is painted exactly like row {@code y - 1} (solid colours, inside a
     * band of bars, between checker rows), so it need not be painted nor packed again.
     */
    boolean repeatsRowAbove(int y) {
        if (y == 0) {
            return false;
        }
        return switch (pattern) {
            case BLACK, WHITE, RED, GREEN, BLUE, SOLID_COLOR, BLINK, SMPTE75, SMPTE100, BAR -> true;
            case SMPTE -> y != 2 * h / 3 && y < smpteNoiseTop(h);
            case CHECKERS_1 -> false;
            case CHECKERS_2 -> (y & 1) != 0;
            case CHECKERS_4 -> (y & 3) != 0;
            case CHECKERS_8 -> (y & 7) != 0;
            case GRADIENT -> (int) (y * 255.0 / h) == (int) ((y - 1) * 255.0 / h);
            case SNOW, CIRCULAR, BALL, COLORS -> false;
        };
    }

    /** The first row of SMPTE's bottom band (the rows holding the noise square). */
    static int smpteNoiseTop(int height) {
        return 3 * height / 4;
    }

    /** The first column of SMPTE's noise square. */
    static int smpteNoiseLeft(int width) {
        return width * 3 / 4;
    }

    private void smpte(int y, byte[] line) {
        int y1 = 2 * h / 3;
        int y2 = smpteNoiseTop(h);
        if (y < y1) {
            bars(line);
        } else if (y < y2) {
            for (int i = 0; i < 7; i++) {
                fill(line, colors[(i & 1) != 0 ? TestColor.BLACK : 6 - i], i * w / 7, (i + 1) * w / 7);
            }
        } else {
            int[] iwq = {TestColor.NEG_I, TestColor.WHITE, TestColor.POS_Q};
            for (int i = 0; i < 3; i++) {
                fill(line, colors[iwq[i]], i * w / 6, (i + 1) * w / 6);
            }
            int[] blacks = {TestColor.SUPER_BLACK, TestColor.BLACK, TestColor.DARK_GREY};
            for (int i = 0; i < 3; i++) {
                fill(line, colors[blacks[i]], w / 2 + i * w / 12, w / 2 + (i + 1) * w / 12);
            }
            int x1 = smpteNoiseLeft(w);
            for (int i = x1; i < w; i++) {
                amount[i] = noise.next();
            }
            blend(line, fg, bg, x1, w);
        }
    }

    private void bars(byte[] line) {
        for (int i = 0; i < 7; i++) {
            fill(line, colors[i], i * w / 7, (i + 1) * w / 7);
        }
    }

    private void checkers(int y, byte[] line, int size) {
        for (int x = 0; x < w; x += size) {
            fill(line, colors[((x ^ y) & size) != 0 ? TestColor.GREEN : TestColor.RED], x, Math.min(x + size, w));
        }
    }

    private void circular(int j, byte[] line) {
        double[] freq = new double[8];
        for (int i = 1; i < 8; i++) {
            freq[i] = 200 * Math.pow(2.0, -(i - 1) / 4.0);
        }
        for (int i = 0; i < w; i++) {
            double dist = Math.sqrt((double) (2 * i - w) * (2 * i - w) + (double) (2 * j - h) * (2 * j - h))
                    / (2 * w);
            int seg = (int) Math.floor(dist * 16);
            if (seg == 0 || seg >= 8) {
                amount[i] = 0;
            } else {
                int d = (int) Math.floor(256 * dist * freq[seg] + 0.5);
                amount[i] = SINE[d & 0xff];
            }
        }
        blend(line, fg, bg, 0, w);
    }

    /** The default ball: "frames" animation, "wavy" motion, radius 20. */
    private void placeBall() {
        ballRadius = 20;
        double rad = 2 * Math.PI * (frame / 200.0);
        ballX = ballRadius + (0.5 + 0.5 * Math.sin(rad)) * (w - 2 * ballRadius);
        ballY = ballRadius + (0.5 + 0.5 * Math.sin(rad * Math.sqrt(2))) * (h - 2 * ballRadius);
    }

    private void ball(int i, byte[] line) {
        int radius = ballRadius;
        double x = ballX;
        double y = ballY;
        if (i < y - radius || i > y + radius) {
            Arrays.fill(amount, 0);
        } else {
            double o = Math.max(0, radius * radius - (i - y) * (i - y));
            int r = (int) Math.rint(Math.sqrt(o));
            int left = (int) Math.max(0, x - r);
            int right = (int) Math.min(w, x + r + 1);
            Arrays.fill(amount, 0, Math.min(left, w), 0);
            for (int j = left; j < right; j++) {
                double rr = (radius - Math.sqrt((j - x) * (j - x) + (i - y) * (i - y))) * 0.5;
                amount[j] = Math.clamp((int) Math.floor(256 * rr), 0, 255);
            }
            Arrays.fill(amount, Math.max(right, 0), w, 0);
        }
        blend(line, fg, bg, 0, w);
    }

    private void colors(int j, byte[] line) {
        for (int i = 0; i < w; i++) {
            line[i * 4] = (byte) 0xff;
            line[i * 4 + 1] = (byte) (((i * 4096L) / w) % 256);
            line[i * 4 + 2] = (byte) ((((j * 16L) / h) << 4) | ((i * 16L) / w));
            line[i * 4 + 3] = (byte) (((j * 4096L) / h) % 256);
        }
    }

    /** GStreamer's {@code paint_tmpline}: one colour over {@code [from, to)}. */
    private void fill(byte[] line, TestColor c, int from, int to) {
        byte a = (byte) c.a();
        byte c1 = (byte) (rgb ? c.r() : c.y());
        byte c2 = (byte) (rgb ? c.g() : c.u());
        byte c3 = (byte) (rgb ? c.b() : c.v());
        for (int i = from; i < to; i++) {
            int k = 4 * i;
            line[k] = a;
            line[k + 1] = c1;
            line[k + 2] = c2;
            line[k + 3] = c3;
        }
    }

    /** GStreamer's {@code videotestsrc_blend_line}: {@code a} over {@code b} by {@link #amount}. */
    private void blend(byte[] line, TestColor a, TestColor b, int from, int to) {
        for (int i = from; i < to; i++) {
            int x = amount[i];
            int k = 4 * i;
            line[k] = (byte) TestColor.blend(a.a(), b.a(), x);
            line[k + 1] = (byte) TestColor.blend(rgb ? a.r() : a.y(), rgb ? b.r() : b.y(), x);
            line[k + 2] = (byte) TestColor.blend(rgb ? a.g() : a.u(), rgb ? b.g() : b.u(), x);
            line[k + 3] = (byte) TestColor.blend(rgb ? a.b() : a.v(), rgb ? b.b() : b.v(), x);
        }
    }
}
