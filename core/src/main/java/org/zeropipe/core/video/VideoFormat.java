package org.zeropipe.core.video;

import java.util.List;
import java.util.Optional;

/**
 * Raw video formats, named as in GStreamer's caps ({@code format=NV12}), each with its
 * components (where each colour lies: plane, offset, depth, pixel stride, subsampling) and its
 * DRM fourcc where Linux's {@code drm_fourcc.h} has one. The default plane layout of a frame is
 * {@link #layout(int, int)}.
 */
public enum VideoFormat {
    RGBA(Kind.RGB, true, DrmFourcc.ABGR8888, rgb(4, 0, 1, 2, 3)),
    BGRA(Kind.RGB, true, DrmFourcc.ARGB8888, rgb(4, 2, 1, 0, 3)),
    ARGB(Kind.RGB, true, DrmFourcc.BGRA8888, rgb(4, 1, 2, 3, 0)),
    ABGR(Kind.RGB, true, DrmFourcc.RGBA8888, rgb(4, 3, 2, 1, 0)),
    RGBx(Kind.RGB, false, DrmFourcc.XBGR8888, rgb(4, 0, 1, 2, -1)),
    BGRx(Kind.RGB, false, DrmFourcc.XRGB8888, rgb(4, 2, 1, 0, -1)),
    xRGB(Kind.RGB, false, DrmFourcc.BGRX8888, rgb(4, 1, 2, 3, -1)),
    xBGR(Kind.RGB, false, DrmFourcc.RGBX8888, rgb(4, 3, 2, 1, -1)),
    RGB(Kind.RGB, false, DrmFourcc.BGR888, rgb(3, 0, 1, 2, -1)),
    BGR(Kind.RGB, false, DrmFourcc.RGB888, rgb(3, 2, 1, 0, -1)),
    /** Y, U and V planes; U and V subsampled 2x2. */
    I420(Kind.YUV, false, DrmFourcc.YUV420, planar(0, 1, 2, 1, 1)),
    /** I420 with the V plane before the U plane. */
    YV12(Kind.YUV, false, DrmFourcc.YVU420, planar(0, 2, 1, 1, 1)),
    /** Y plane, then one plane of interleaved U, V subsampled 2x2. */
    NV12(Kind.YUV, false, DrmFourcc.NV12, semiPlanar(8, 0, 0, 1)),
    /** NV12 with V before U. */
    NV21(Kind.YUV, false, DrmFourcc.NV21, semiPlanar(8, 0, 1, 0)),
    /** Y0 U Y1 V, packed 4:2:2. */
    YUY2(Kind.YUV, false, DrmFourcc.YUYV, packed422(0, 1, 3)),
    /** U Y0 V Y1, packed 4:2:2. */
    UYVY(Kind.YUV, false, DrmFourcc.UYVY, packed422(1, 0, 2)),
    /** Y, U and V planes, no subsampling. */
    Y444(Kind.YUV, false, DrmFourcc.YUV444, planar(0, 1, 2, 0, 0)),
    GRAY8(Kind.GRAY, false, DrmFourcc.R8, List.of(new VideoComponent('Y', 0, 0, 8, 0, 1, 0, 0))),
    GRAY16_LE(Kind.GRAY, false, DrmFourcc.R16, List.of(new VideoComponent('Y', 0, 0, 16, 0, 2, 0, 0))),
    /** NV12 with 10 bits in the top of each little-endian 16-bit word. */
    P010_10LE(Kind.YUV, false, DrmFourcc.P010, semiPlanar(10, 6, 0, 2));

    /** The most planes a format has (GStreamer's {@code GST_VIDEO_MAX_PLANES}). */
    public static final int MAX_PLANES = 4;

    /** The colour model of a format. */
    public enum Kind { RGB, YUV, GRAY }

    private final Kind kind;
    private final boolean alpha;
    private final int drmFourcc;
    private final List<VideoComponent> components;
    private final int planes;

    VideoFormat(Kind kind, boolean alpha, int drmFourcc, List<VideoComponent> components) {
        this.kind = kind;
        this.alpha = alpha;
        this.drmFourcc = drmFourcc;
        this.components = components;
        this.planes = components.stream().mapToInt(VideoComponent::plane).max().orElseThrow() + 1;
    }

    /** The format named {@code name} in caps, if there is one. */
    public static Optional<VideoFormat> fromCapsName(String name) {
        for (VideoFormat f : values()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format whose DRM fourcc is {@code fourcc}, if there is one. */
    public static Optional<VideoFormat> fromDrmFourcc(int fourcc) {
        for (VideoFormat f : values()) {
            if (f.drmFourcc == fourcc) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The name used in caps. */
    public String capsName() {
        return name();
    }

    public Kind kind() {
        return kind;
    }

    public boolean isYuv() {
        return kind == Kind.YUV;
    }

    public boolean isRgb() {
        return kind == Kind.RGB;
    }

    public boolean isGray() {
        return kind == Kind.GRAY;
    }

    public boolean hasAlpha() {
        return alpha;
    }

    /** The number of planes. */
    public int planes() {
        return planes;
    }

    /** The components in GStreamer's order: R, G, B, (A) or Y, U, V. */
    public List<VideoComponent> components() {
        return components;
    }

    public VideoComponent component(int index) {
        return components.get(index);
    }

    /** The first component stored in {@code plane}: it gives the plane's pixel stride and subsampling. */
    public VideoComponent planeComponent(int plane) {
        for (VideoComponent c : components) {
            if (c.plane() == plane) {
                return c;
            }
        }
        throw new IndexOutOfBoundsException(this + " has no plane " + plane);
    }

    /** The DRM fourcc ({@code drm_fourcc.h}) of this format, or 0 when DRM has none. */
    public int drmFourcc() {
        return drmFourcc;
    }

    /**
     * The default layout of a progressive {@code width x height} frame, as GStreamer's
     * {@code gst_video_info_set_format} computes it.
     */
    public VideoLayout layout(int width, int height) {
        return DefaultLayout.of(this, width, height, false);
    }

    private static List<VideoComponent> rgb(int pstride, int r, int g, int b, int a) {
        VideoComponent cr = new VideoComponent('R', 0, r, 8, 0, pstride, 0, 0);
        VideoComponent cg = new VideoComponent('G', 0, g, 8, 0, pstride, 0, 0);
        VideoComponent cb = new VideoComponent('B', 0, b, 8, 0, pstride, 0, 0);
        return a < 0 ? List.of(cr, cg, cb) : List.of(cr, cg, cb, new VideoComponent('A', 0, a, 8, 0, pstride, 0, 0));
    }

    private static List<VideoComponent> planar(int y, int u, int v, int wSub, int hSub) {
        return List.of(new VideoComponent('Y', y, 0, 8, 0, 1, 0, 0), new VideoComponent('U', u, 0, 8, 0, 1, wSub, hSub),
                new VideoComponent('V', v, 0, 8, 0, 1, wSub, hSub));
    }

    private static List<VideoComponent> semiPlanar(int depth, int shift, int uOffset, int vOffset) {
        int bytes = depth > 8 ? 2 : 1;
        return List.of(new VideoComponent('Y', 0, 0, depth, shift, bytes, 0, 0),
                new VideoComponent('U', 1, uOffset, depth, shift, 2 * bytes, 1, 1),
                new VideoComponent('V', 1, vOffset, depth, shift, 2 * bytes, 1, 1));
    }

    private static List<VideoComponent> packed422(int y, int u, int v) {
        return List.of(new VideoComponent('Y', 0, y, 8, 0, 2, 0, 0), new VideoComponent('U', 0, u, 8, 0, 4, 1, 0),
                new VideoComponent('V', 0, v, 8, 0, 4, 1, 0));
    }
}
