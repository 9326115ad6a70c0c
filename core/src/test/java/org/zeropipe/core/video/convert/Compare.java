package org.zeropipe.core.video.convert;

/** Compares the pixel bytes of two frames of one format. */
final class Compare {

    private Compare() {
    }

    /** Empty when every pixel value differs by at most {@code tolerance}; else the first differences and a count. */
    static String within(String format, int w, int h, byte[] expected, byte[] actual, int tolerance) {
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        int worst = 0;
        boolean p010 = format.equals("P010_10LE");
        boolean wide = p010 || format.equals("GRAY16_LE");
        TestFrames.Plane[] planes = TestFrames.planes(format, w, h);
        for (int pi = 0; pi < planes.length; pi++) {
            TestFrames.Plane p = planes[pi];
            for (int row = 0; row < p.rows(); row++) {
                int step = wide ? 2 : 1;
                for (int x = 0; x < p.rowBytes(); x += step) {
                    int o = p.offset() + row * p.stride() + x;
                    int e = expected[o] & 0xff;
                    int a = actual[o] & 0xff;
                    if (wide) {
                        e |= (expected[o + 1] & 0xff) << 8;
                        a |= (actual[o + 1] & 0xff) << 8;
                        if (p010) {
                            e >>= 6;
                            a >>= 6;
                        }
                    }
                    int d = Math.abs(e - a);
                    if (d > tolerance) {
                        if (bad < 8) {
                            sb.append(String.format("plane %d row %d byte %d: GStreamer %d, ours %d; ", pi, row, x, e, a));
                        }
                        bad++;
                        worst = Math.max(worst, d);
                    }
                }
            }
        }
        return bad == 0 ? "" : bad + " values off by more than " + tolerance + " (worst " + worst + "): " + sb;
    }
}
