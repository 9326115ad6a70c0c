package org.zeropipe.v4l2;

import java.util.Optional;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.video.DrmFourcc;
import org.zeropipe.core.video.VideoFormat;

/**
 * V4L2 pixel formats we map to caps, as gstv4l2object.c does: raw ones to {@code video/x-raw}
 * formats (whose DRM fourccs {@link VideoFormat#drmFourcc()} gives), coded ones to their media
 * types. The {@code M} variants
 * are the multi-planar API's one-memory-per-plane layouts of the same pixels.
 */
public enum PixelFormat {
    RGBA32("V4L2_PIX_FMT_RGBA32", "AB24", VideoFormat.RGBA, 1),
    ABGR32("V4L2_PIX_FMT_ABGR32", "AR24", VideoFormat.BGRA, 1),
    ARGB32("V4L2_PIX_FMT_ARGB32", "BA24", VideoFormat.ARGB, 1),
    BGRA32("V4L2_PIX_FMT_BGRA32", "RA24", VideoFormat.ABGR, 1),
    RGBX32("V4L2_PIX_FMT_RGBX32", "XB24", VideoFormat.RGBx, 1),
    XBGR32("V4L2_PIX_FMT_XBGR32", "XR24", VideoFormat.BGRx, 1),
    XRGB32("V4L2_PIX_FMT_XRGB32", "BX24", VideoFormat.xRGB, 1),
    BGRX32("V4L2_PIX_FMT_BGRX32", "RX24", VideoFormat.xBGR, 1),
    RGB24("V4L2_PIX_FMT_RGB24", "RGB3", VideoFormat.RGB, 1),
    BGR24("V4L2_PIX_FMT_BGR24", "BGR3", VideoFormat.BGR, 1),
    YUV420("V4L2_PIX_FMT_YUV420", "YU12", VideoFormat.I420, 1),
    YUV420M("V4L2_PIX_FMT_YUV420M", "YM12", VideoFormat.I420, 3),
    YVU420("V4L2_PIX_FMT_YVU420", "YV12", VideoFormat.YV12, 1),
    YVU420M("V4L2_PIX_FMT_YVU420M", "YM21", VideoFormat.YV12, 3),
    NV12("V4L2_PIX_FMT_NV12", "NV12", VideoFormat.NV12, 1),
    NV12M("V4L2_PIX_FMT_NV12M", "NM12", VideoFormat.NV12, 2),
    NV21("V4L2_PIX_FMT_NV21", "NV21", VideoFormat.NV21, 1),
    NV21M("V4L2_PIX_FMT_NV21M", "NM21", VideoFormat.NV21, 2),
    YUYV("V4L2_PIX_FMT_YUYV", "YUYV", VideoFormat.YUY2, 1),
    UYVY("V4L2_PIX_FMT_UYVY", "UYVY", VideoFormat.UYVY, 1),
    YUV444M("V4L2_PIX_FMT_YUV444M", "YM24", VideoFormat.Y444, 3),
    GREY("V4L2_PIX_FMT_GREY", "GREY", VideoFormat.GRAY8, 1),
    Y16("V4L2_PIX_FMT_Y16", "Y16 ", VideoFormat.GRAY16_LE, 1),
    P010("V4L2_PIX_FMT_P010", "P010", VideoFormat.P010_10LE, 1),
    MJPEG("V4L2_PIX_FMT_MJPEG", "MJPG", "image/jpeg"),
    FWHT("V4L2_PIX_FMT_FWHT", "FWHT", "video/x-fwht");

    private final String cName;
    private final int fourcc;
    private final VideoFormat videoFormat;
    private final String mediaType;
    private final int memoryPlanes;

    PixelFormat(String cName, String fourcc, VideoFormat videoFormat, int memoryPlanes) {
        this.cName = cName;
        this.fourcc = DrmFourcc.of(fourcc);
        this.videoFormat = videoFormat;
        this.mediaType = "video/x-raw";
        this.memoryPlanes = memoryPlanes;
    }

    PixelFormat(String cName, String fourcc, String mediaType) {
        this.cName = cName;
        this.fourcc = DrmFourcc.of(fourcc);
        this.videoFormat = null;
        this.mediaType = mediaType;
        this.memoryPlanes = 1;
    }

    /** The macro's name in {@code videodev2.h}. */
    public String cName() {
        return cName;
    }

    /** The V4L2 fourcc. */
    public int fourcc() {
        return fourcc;
    }

    /** The raw video format, or null for a coded format. */
    public VideoFormat videoFormat() {
        return videoFormat;
    }

    /** {@code video/x-raw}, {@code image/jpeg}, … */
    public String mediaType() {
        return mediaType;
    }

    /** How many memory planes the multi-planar API uses for it (1 for the contiguous layouts). */
    public int memoryPlanes() {
        return memoryPlanes;
    }

    /** The format with fourcc {@code code}. */
    public static Optional<PixelFormat> of(int code) {
        for (PixelFormat p : values()) {
            if (p.fourcc == code) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The contiguous (one memory) V4L2 format for a raw video format, if any. */
    public static Optional<PixelFormat> of(VideoFormat format) {
        for (PixelFormat p : values()) {
            if (p.videoFormat == format && p.memoryPlanes == 1) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The format for fixed caps' structure: a raw format by name, or a coded media type. */
    public static Optional<PixelFormat> of(Structure s) {
        if (s.name().equals("video/x-raw")) {
            return s.has("format") ? VideoFormat.fromCapsName(s.getString("format")).flatMap(PixelFormat::of)
                    : Optional.empty();
        }
        for (PixelFormat p : values()) {
            if (p.videoFormat == null && p.mediaType.equals(s.name())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The fourcc's four characters, e.g. {@code YUYV}. */
    public static String fourccString(int code) {
        return DrmFourcc.toString(code);
    }
}
