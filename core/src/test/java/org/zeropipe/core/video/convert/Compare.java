package org.zeropipe.core.video.convert;

import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;

/** Compares the pixel bytes of two frames of one format (row padding is not compared). */
final class Compare {

    private Compare() {
    }

    /**
     * Empty when every pixel value differs by at most {@code tolerance}, else the first
     * differences and a count. 16-bit formats are compared as little-endian words, P010 as
     * its 10-bit values.
     */
    static String within(VideoInfo info, byte[] expected, byte[] actual, int tolerance) {
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        int worst = 0;
        boolean p010 = info.format() == VideoFormat.P010_10LE;
        boolean wide = p010 || info.format() == VideoFormat.GRAY16_LE;
        int step = wide ? 2 : 1;
        for (int pi = 0; pi < info.planes(); pi++) {
            for (int row = 0; row < info.planeHeight(pi); row++) {
                for (int x = 0; x < info.planeRowBytes(pi); x += step) {
                    int o = (int) info.offset(pi) + row * info.stride(pi) + x;
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
