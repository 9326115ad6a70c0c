package org.zeropipe.core.dmabuf;

import java.util.Optional;
import org.zeropipe.core.video.VideoFormat;

/**
 * DRM fourccs ({@code drm_fourcc.h}), the names DMABuf importers (EGL, Vulkan, KMS) use for
 * pixel layouts, mapped to our video formats as GStreamer's {@code gst_video_dma_drm_fourcc_*}
 * does. DRM names packed RGB by the little-endian 32-bit word, so {@code RGBA} in memory order
 * is {@code ABGR8888} ({@code AB24}).
 */
public final class DrmFourcc {

    private DrmFourcc() {
    }

    /** {@code fourcc_code(a, b, c, d)}. */
    public static int code(String fourcc) {
        if (fourcc.length() != 4) {
            throw new IllegalArgumentException("a fourcc has 4 characters: '" + fourcc + "'");
        }
        return fourcc.charAt(0) | fourcc.charAt(1) << 8 | fourcc.charAt(2) << 16 | fourcc.charAt(3) << 24;
    }

    /** The four characters of {@code code}. */
    public static String toString(int code) {
        return new String(new char[] {(char) (code & 0xFF), (char) (code >>> 8 & 0xFF), (char) (code >>> 16 & 0xFF),
            (char) (code >>> 24 & 0xFF)});
    }

    /** The DRM fourcc of {@code format}, if DRM has one. */
    public static Optional<Integer> of(VideoFormat format) {
        String f = switch (format.name()) {
            case "RGBA" -> "AB24";
            case "BGRA" -> "AR24";
            case "RGBx" -> "XB24";
            case "BGRx" -> "XR24";
            case "GRAY8" -> "R8  ";
            case "NV12" -> "NV12";
            case "I420" -> "YU12";
            case "YUY2" -> "YUYV";
            default -> null;
        };
        return Optional.ofNullable(f).map(DrmFourcc::code);
    }

    /** The video format of a DRM fourcc, if we have one. */
    public static Optional<VideoFormat> toVideoFormat(int code) {
        for (VideoFormat f : VideoFormat.values()) {
            if (of(f).filter(c -> c == code).isPresent()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
