package org.zeropipe.core.video;

import java.util.Objects;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;
import org.zeropipe.core.caps.Structure;

/**
 * Raw video in DMABufs described by a DRM format, GStreamer 1.24's {@code GstVideoInfoDmaDrm}:
 * caps {@code video/x-raw(memory:DMABuf), format=DMA_DRM, drm-format=NV12:0x0100000000000002,
 * width=..., ...}. {@code info} carries size, rate and colorimetry with the format DRM's fourcc
 * names (its plane layout holds only for the linear modifier); {@code drm} the fourcc and
 * modifier.
 */
public record DmaDrmInfo(VideoInfo info, DrmFormat drm) {

    public static final String FEATURE = "memory:DMABuf";
    public static final String FORMAT = "DMA_DRM";

    public DmaDrmInfo {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(drm, "drm");
        if (info.format().drmFourcc() != drm.fourcc()) {
            throw new IllegalArgumentException("info format " + info.format() + " is not DRM format " + drm);
        }
    }

    /** Whether {@code caps} are DMA_DRM caps (format=DMA_DRM). */
    public static boolean isDmaDrm(Caps caps) {
        return !caps.isAny() && !caps.isEmpty() && caps.structure(0).find("format")
                .map(v -> v instanceof org.zeropipe.core.caps.StringValue s && FORMAT.equals(s.value()))
                .orElse(false);
    }

    /**
     * Reads fixed DMA_DRM caps.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong, or a fourcc
     *                                  zeropipe has no format for
     */
    public static DmaDrmInfo fromCaps(Caps caps) {
        if (caps.isAny() || caps.isEmpty()) {
            throw new IllegalArgumentException("need fixed DMA_DRM caps, not " + caps);
        }
        Structure s = caps.structure(0);
        String format = CapsFields.string(s, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("caps " + s + ": format is " + format + ", not " + FORMAT);
        }
        DrmFormat drm = DrmFormat.parse(CapsFields.string(s, "drm-format"));
        VideoFormat f = drm.videoFormat().orElseThrow(() -> new IllegalArgumentException("caps " + s
                + ": no video format for DRM fourcc '" + DrmFourcc.toString(drm.fourcc()) + "'"));
        VideoInfo info = VideoInfo.fromStructure(s.toBuilder().set("format", f.capsName()).remove("drm-format")
                .build());
        return new DmaDrmInfo(info, drm);
    }

    /** The caps, as {@code gst_video_info_dma_drm_to_caps} writes them. */
    public Caps toCaps() {
        Structure s = info.toStructure().toBuilder().set("format", FORMAT).set("drm-format", drm.toString()).build();
        return Caps.of(s, CapsFeatures.of(FEATURE));
    }
}
