package org.zeropipe.core.video;

/**
 * DRM fourcc codes ({@code linux/drm_fourcc.h}): four ASCII characters, first in the low byte.
 * DRM names packed RGB by a little-endian word, so DRM's ABGR8888 is GStreamer's RGBA bytes.
 */
public final class DrmFourcc {

    public static final int ABGR8888 = of("AB24");
    public static final int ARGB8888 = of("AR24");
    public static final int BGRA8888 = of("BA24");
    public static final int RGBA8888 = of("RA24");
    public static final int XBGR8888 = of("XB24");
    public static final int XRGB8888 = of("XR24");
    public static final int BGRX8888 = of("BX24");
    public static final int RGBX8888 = of("RX24");
    public static final int BGR888 = of("BG24");
    public static final int RGB888 = of("RG24");
    public static final int YUV420 = of("YU12");
    public static final int YVU420 = of("YV12");
    public static final int NV12 = of("NV12");
    public static final int NV21 = of("NV21");
    public static final int YUYV = of("YUYV");
    public static final int UYVY = of("UYVY");
    public static final int YUV444 = of("YU24");
    public static final int R8 = of("R8  ");
    public static final int R16 = of("R16 ");
    public static final int P010 = of("P010");

    private DrmFourcc() {
    }

    /**
     * The code of four characters ({@code "NV12"}); shorter names are padded with spaces.
     *
     * @throws IllegalArgumentException if the name is empty, longer than 4 or not printable ASCII
     */
    public static int of(String name) {
        if (name.isEmpty() || name.length() > 4) {
            throw new IllegalArgumentException("a fourcc has 1 to 4 characters, not '" + name + "'");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            char c = i < name.length() ? name.charAt(i) : ' ';
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("fourcc '" + name + "' has a non-printable character at " + i);
            }
            code |= c << (8 * i);
        }
        return code;
    }

    /** The four characters of {@code code}, as GStreamer prints them (trailing spaces kept). */
    public static String toString(int code) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) ((code >>> (8 * i)) & 0xff);
        }
        return new String(c);
    }
}
