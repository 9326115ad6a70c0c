package org.zeropipe.core.video.testsrc;

import org.zeropipe.core.video.VideoColorimetry;

/**
 * One colour of the test patterns in both models (GStreamer's {@code vts_color_struct}): Y, U,
 * V, alpha, R, G, B. Tables and the foreground/background conversion are videotestsrc.c's
 * (1.22), so patterns match GStreamer byte for byte.
 */
record TestColor(int y, int u, int v, int a, int r, int g, int b) {

    static final int WHITE = 0;
    static final int YELLOW = 1;
    static final int CYAN = 2;
    static final int GREEN = 3;
    static final int MAGENTA = 4;
    static final int RED = 5;
    static final int BLUE = 6;
    static final int BLACK = 7;
    static final int NEG_I = 8;
    static final int POS_Q = 9;
    static final int SUPER_BLACK = 10;
    static final int DARK_GREY = 11;

    static final TestColor[] BT601_100 = {
        new TestColor(235, 128, 128, 255, 255, 255, 255), new TestColor(210, 16, 146, 255, 255, 255, 0),
        new TestColor(170, 166, 16, 255, 0, 255, 255), new TestColor(145, 54, 34, 255, 0, 255, 0),
        new TestColor(106, 202, 222, 255, 255, 0, 255), new TestColor(81, 90, 240, 255, 255, 0, 0),
        new TestColor(41, 240, 110, 255, 0, 0, 255), new TestColor(16, 128, 128, 255, 0, 0, 0),
        new TestColor(16, 198, 21, 255, 0, 0, 128), new TestColor(16, 235, 198, 255, 0, 128, 255),
        new TestColor(0, 128, 128, 255, 0, 0, 0), new TestColor(32, 128, 128, 255, 19, 19, 19)};

    static final TestColor[] BT709_100 = {
        new TestColor(235, 128, 128, 255, 255, 255, 255), new TestColor(219, 16, 138, 255, 255, 255, 0),
        new TestColor(188, 154, 16, 255, 0, 255, 255), new TestColor(173, 42, 26, 255, 0, 255, 0),
        new TestColor(78, 214, 230, 255, 255, 0, 255), new TestColor(63, 102, 240, 255, 255, 0, 0),
        new TestColor(32, 240, 118, 255, 0, 0, 255), new TestColor(16, 128, 128, 255, 0, 0, 0),
        new TestColor(16, 198, 21, 255, 0, 0, 128), new TestColor(16, 235, 198, 255, 0, 128, 255),
        new TestColor(0, 128, 128, 255, 0, 0, 0), new TestColor(32, 128, 128, 255, 19, 19, 19)};

    static final TestColor[] BT601_75 = {
        new TestColor(180, 128, 128, 255, 191, 191, 191), new TestColor(162, 44, 142, 255, 191, 191, 0),
        new TestColor(131, 156, 44, 255, 0, 191, 191), new TestColor(112, 72, 58, 255, 0, 191, 0),
        new TestColor(84, 184, 198, 255, 191, 0, 191), new TestColor(65, 100, 212, 255, 191, 0, 0),
        new TestColor(35, 212, 114, 255, 0, 0, 191), new TestColor(16, 128, 128, 255, 0, 0, 0),
        new TestColor(16, 198, 21, 255, 0, 0, 128), new TestColor(16, 235, 198, 255, 0, 128, 255),
        new TestColor(0, 128, 128, 255, 0, 0, 0), new TestColor(32, 128, 128, 255, 19, 19, 19)};

    static final TestColor[] BT709_75 = {
        new TestColor(180, 128, 128, 255, 191, 191, 191), new TestColor(168, 44, 136, 255, 191, 191, 0),
        new TestColor(145, 147, 44, 255, 0, 191, 191), new TestColor(133, 63, 52, 255, 0, 191, 0),
        new TestColor(63, 193, 204, 255, 191, 0, 191), new TestColor(51, 109, 212, 255, 191, 0, 0),
        new TestColor(28, 212, 120, 255, 0, 0, 191), new TestColor(16, 128, 128, 255, 0, 0, 0),
        new TestColor(16, 198, 21, 255, 0, 0, 128), new TestColor(16, 235, 198, 255, 0, 128, 255),
        new TestColor(0, 128, 128, 255, 0, 0, 0), new TestColor(32, 128, 128, 255, 19, 19, 19)};

    /** The 100% table GStreamer picks for {@code matrix}: BT.601's, else BT.709's. */
    static TestColor[] table(VideoColorimetry.Matrix matrix, boolean seventyFive) {
        boolean bt601 = matrix == VideoColorimetry.Matrix.BT601;
        return seventyFive ? (bt601 ? BT601_75 : BT709_75) : (bt601 ? BT601_100 : BT709_100);
    }

    private static final int SCALEBITS = 10;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);

    private static int fix(double x) {
        return (int) (x * (1 << SCALEBITS) + 0.5);
    }

    /**
     * A big-endian ARGB property value ({@code foreground-color}) as a test colour, its YUV
     * by GStreamer's fixed-point limited-range formulas for {@code matrix} (BT.601 or BT.709).
     */
    static TestColor fromArgb(long argb, VideoColorimetry.Matrix matrix) {
        int a = (int) (argb >>> 24) & 0xff;
        int r = (int) (argb >>> 16) & 0xff;
        int g = (int) (argb >>> 8) & 0xff;
        int b = (int) argb & 0xff;
        double ky = 219.0 / 255.0;
        double kc = 224.0 / 255.0;
        int y;
        int u;
        int v;
        if (matrix == VideoColorimetry.Matrix.BT601) {
            y = (fix(0.29900 * ky) * r + fix(0.58700 * ky) * g + fix(0.11400 * ky) * b + (ONE_HALF + (16 << SCALEBITS)))
                    >> SCALEBITS;
            u = ((-fix(0.16874 * kc) * r - fix(0.33126 * kc) * g + fix(0.50000 * kc) * b + ONE_HALF - 1) >> SCALEBITS)
                    + 128;
            v = ((fix(0.50000 * kc) * r - fix(0.41869 * kc) * g - fix(0.08131 * kc) * b + ONE_HALF - 1) >> SCALEBITS)
                    + 128;
        } else {
            y = (fix(0.212600 * ky) * r + fix(0.715200 * ky) * g + fix(0.072200 * ky) * b
                    + (ONE_HALF + (16 << SCALEBITS))) >> SCALEBITS;
            u = ((-fix(0.114572 * kc) * r - fix(0.385427 * kc) * g + fix(0.50000 * kc) * b + ONE_HALF - 1)
                    >> SCALEBITS) + 128;
            v = ((fix(0.50000 * kc) * r - fix(0.454153 * kc) * g - fix(0.045847 * kc) * b + ONE_HALF - 1)
                    >> SCALEBITS) + 128;
        }
        return new TestColor(y & 0xff, u & 0xff, v & 0xff, a, r, g, b);
    }

    /** GStreamer's {@code BLEND(a, b, x)}: {@code a*x + b*(255-x)} divided by 255, rounded. */
    static int blend(int a, int b, int x) {
        int t = a * x + b * (255 - x);
        return (t + ((t + 128) >> 8) + 128) >> 8;
    }
}
