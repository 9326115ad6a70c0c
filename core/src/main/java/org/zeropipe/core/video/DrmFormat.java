package org.zeropipe.core.video;

import java.util.Locale;

/**
 * A DRM format: fourcc and modifier, as GStreamer 1.24 writes it in the {@code drm-format}
 * field of {@code format=DMA_DRM} caps: {@code "NV12"} (linear) or
 * {@code "NV12:0x0100000000000002"} (a 64-bit modifier in 16 hex digits).
 */
public record DrmFormat(int fourcc, long modifier) {

    /** {@code DRM_FORMAT_MOD_LINEAR}. */
    public static final long MOD_LINEAR = 0L;
    /** {@code DRM_FORMAT_MOD_INVALID}: the modifier is not known. */
    public static final long MOD_INVALID = 0x00ffffffffffffffL;

    /** The linear layout of {@code format}. */
    public static DrmFormat linear(VideoFormat format) {
        if (format.drmFourcc() == 0) {
            throw new IllegalArgumentException(format + " has no DRM fourcc");
        }
        return new DrmFormat(format.drmFourcc(), MOD_LINEAR);
    }

    /**
     * Parses {@code "FOURCC"} or {@code "FOURCC:0xMODIFIER"}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static DrmFormat parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (name.length() != 4) {
            throw new IllegalArgumentException("drm-format '" + text + "': the fourcc must have 4 characters, not '"
                    + name + "'");
        }
        if (colon < 0) {
            return new DrmFormat(DrmFourcc.of(name), MOD_LINEAR);
        }
        String mod = text.substring(colon + 1);
        if (!mod.startsWith("0x") && !mod.startsWith("0X") || mod.length() < 3 || mod.length() > 18) {
            throw new IllegalArgumentException("drm-format '" + text + "': the modifier after ':' must be 0x and 1 to "
                    + "16 hex digits, not '" + mod + "'");
        }
        try {
            return new DrmFormat(DrmFourcc.of(name), Long.parseUnsignedLong(mod.substring(2), 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("drm-format '" + text + "': the modifier '" + mod + "' is not hex", e);
        }
    }

    /** The video format this fourcc describes, when zeropipe knows it. */
    public java.util.Optional<VideoFormat> videoFormat() {
        return VideoFormat.fromDrmFourcc(fourcc);
    }

    /** GStreamer's text: the fourcc alone when linear, else {@code fourcc:0x%016x}. */
    @Override
    public String toString() {
        String name = DrmFourcc.toString(fourcc);
        return modifier == MOD_LINEAR ? name : name + ":0x" + String.format(Locale.ROOT, "%016x", modifier);
    }
}
