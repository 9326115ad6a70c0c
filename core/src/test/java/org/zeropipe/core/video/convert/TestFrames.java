package org.zeropipe.core.video.convert;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;

/**
 * GStreamer's default layout of the formats under test (rows padded to 4 bytes, planes one after
 * the other) with the bytes of each row that carry pixels, and the sides of a conversion read
 * from negotiated caps.
 */
final class TestFrames {

    private TestFrames() {
    }

    /** One plane: where it starts, its stride, the bytes of a row that hold pixels, its rows. */
    record Plane(int offset, int stride, int rowBytes, int rows) {
    }

    static int ru4(int v) {
        return (v + 3) & ~3;
    }

    static int ru2(int v) {
        return (v + 1) & ~1;
    }

    static Plane[] planes(String format, int w, int h) {
        int cw = ru2(w) / 2;
        int ch = ru2(h) / 2;
        switch (format) {
            case "RGBA", "BGRA", "ARGB", "ABGR", "RGBx", "BGRx", "xRGB", "xBGR":
                return new Plane[] {new Plane(0, ru4(w * 4), w * 4, h)};
            case "RGB", "BGR":
                return new Plane[] {new Plane(0, ru4(w * 3), w * 3, h)};
            case "GRAY8":
                return new Plane[] {new Plane(0, ru4(w), w, h)};
            case "GRAY16_LE":
                return new Plane[] {new Plane(0, ru4(w * 2), w * 2, h)};
            case "YUY2", "UYVY":
                return new Plane[] {new Plane(0, ru4(cw * 4), cw * 4, h)};
            case "Y444": {
                int s = ru4(w);
                return new Plane[] {new Plane(0, s, w, h), new Plane(s * h, s, w, h), new Plane(2 * s * h, s, w, h)};
            }
            case "I420", "YV12": {
                int ys = ru4(w);
                int cs = ru4(cw);
                int o1 = ys * ru2(h);
                return new Plane[] {new Plane(0, ys, w, h), new Plane(o1, cs, cw, ch), new Plane(o1 + cs * ch, cs, cw, ch)};
            }
            case "NV12", "NV21": {
                int s = ru4(w);
                return new Plane[] {new Plane(0, s, w, h), new Plane(s * ru2(h), s, cw * 2, ch)};
            }
            case "P010_10LE": {
                int s = ru4(w * 2);
                return new Plane[] {new Plane(0, s, w * 2, h), new Plane(s * ru2(h), s, cw * 4, ch)};
            }
            default:
                throw new IllegalArgumentException(format);
        }
    }

    static int size(String format, int w, int h) {
        Plane[] p = planes(format, w, h);
        Plane last = p[p.length - 1];
        return last.offset() + last.stride() * last.rows();
    }

    static FramePlanes frame(String format, int w, int h, byte[] data) {
        Plane[] p = planes(format, w, h);
        MemorySegment all = MemorySegment.ofArray(data);
        MemorySegment[] segs = new MemorySegment[p.length];
        int[] strides = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            segs[i] = all.asSlice(p[i].offset());
            strides[i] = p[i].stride();
        }
        return new FramePlanes(segs, strides, w, h);
    }

    /** rawvideoparse's name of a format. */
    static String gstNick(String format) {
        return format.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The side described by negotiated caps, with GStreamer's defaults for what they leave out. */
    static ConvertSide side(String capsText) {
        Structure s = Caps.parse(capsText).structure(0);
        String format = s.getString("format");
        int w = s.getInt("width");
        int h = s.getInt("height");
        String colorimetry = s.has("colorimetry") ? s.getString("colorimetry") : null;
        int site = s.has("chroma-site") ? siteFlags(s.getString("chroma-site")) : 0;
        return new ConvertSide(format, w, h, color(format, h, colorimetry, site));
    }

    static int siteFlags(String site) {
        return switch (site) {
            case "jpeg" -> 1;
            case "mpeg2" -> 2;
            case "cosited" -> 6;
            case "dv" -> 14;
            default -> 0;
        };
    }

    static ColorSpec color(String format, int height, String colorimetry, int site) {
        boolean rgb = PixelCodec.forName(format).rgb();
        boolean gray = format.startsWith("GRAY");
        if (colorimetry == null) {
            colorimetry = rgb ? "sRGB" : gray ? "1:4:0:0" : height > 576 ? "bt709" : "bt601";
        }
        return switch (colorimetry) {
            case "bt601" -> new ColorSpec(4, 0.2990, 0.1140, true, true, site);
            case "bt709" -> new ColorSpec(3, 0.2126, 0.0722, true, true, site);
            case "bt2020" -> new ColorSpec(6, 0.2627, 0.0593, true, true, site);
            case "sRGB" -> new ColorSpec(1, 0, 0, false, false, site);
            default -> {
                String[] f = colorimetry.split(":");
                int matrix = Integer.parseInt(f[1]);
                double[] k = switch (matrix) {
                    case 3 -> new double[] {0.2126, 0.0722};
                    case 4 -> new double[] {0.2990, 0.1140};
                    case 6 -> new double[] {0.2627, 0.0593};
                    default -> null;
                };
                yield new ColorSpec(matrix, k == null ? 0 : k[0], k == null ? 0 : k[1], k != null,
                        "2".equals(f[0]), site);
            }
        };
    }
}
