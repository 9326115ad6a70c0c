package org.zeropipe.core.video;

import java.util.Objects;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;

/**
 * Everything about a raw video stream that its caps say, and where each plane of a frame lies:
 * GStreamer's {@code GstVideoInfo}. {@link #of} gives the defaults GStreamer's
 * {@code gst_video_info_set_format} gives; {@link #fromCaps} and {@link #toCaps} read and write
 * {@code video/x-raw} caps the way {@code gst_video_info_from_caps}/{@code to_caps} do (1.22);
 * {@link #align} adds padding and stride alignment like {@code gst_video_info_align}.
 */
public record VideoInfo(VideoFormat format, int width, int height, InterlaceMode interlaceMode,
        Fraction pixelAspectRatio, Fraction framerate, VideoColorimetry colorimetry, ChromaSite chromaSite,
        VideoLayout layout) {

    public static final String MEDIA_TYPE = "video/x-raw";

    public VideoInfo {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(interlaceMode, "interlaceMode");
        Objects.requireNonNull(pixelAspectRatio, "pixelAspectRatio");
        Objects.requireNonNull(framerate, "framerate");
        Objects.requireNonNull(colorimetry, "colorimetry");
        Objects.requireNonNull(chromaSite, "chromaSite");
        Objects.requireNonNull(layout, "layout");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        }
        if (layout.planes() != format.planes()) {
            throw new IllegalArgumentException(format + " has " + format.planes() + " planes, the layout "
                    + layout.planes());
        }
        if (framerate.numerator() < 0 || pixelAspectRatio.numerator() <= 0) {
            throw new IllegalArgumentException("framerate must not be negative (" + framerate
                    + ") and pixel-aspect-ratio must be positive (" + pixelAspectRatio + ")");
        }
    }

    /** A progressive frame with GStreamer's defaults: 0/1 fps, square pixels, the format's colorimetry. */
    public static VideoInfo of(VideoFormat format, int width, int height) {
        return of(format, width, height, InterlaceMode.PROGRESSIVE);
    }

    /** {@link #of(VideoFormat, int, int)} with an interlace mode. */
    public static VideoInfo of(VideoFormat format, int width, int height, InterlaceMode mode) {
        return new VideoInfo(format, width, height, mode, new Fraction(1, 1), new Fraction(0, 1),
                defaultColorimetry(format, height), defaultChromaSite(format, height),
                defaultLayout(format, width, height, mode));
    }

    /**
     * Reads fixed {@code video/x-raw} caps (the first structure).
     *
     * @throws IllegalArgumentException naming the field that is missing, not fixed or wrong
     */
    public static VideoInfo fromCaps(Caps caps) {
        if (caps.isAny() || caps.isEmpty()) {
            throw new IllegalArgumentException("need fixed video/x-raw caps, not " + caps);
        }
        return fromStructure(caps.structure(0));
    }

    /** {@link #fromCaps} for one structure. */
    public static VideoInfo fromStructure(Structure s) {
        if (!s.hasName(MEDIA_TYPE)) {
            throw new IllegalArgumentException("not raw video caps: " + s.name() + " (expected " + MEDIA_TYPE + ")");
        }
        String formatName = CapsFields.string(s, "format");
        VideoFormat format = VideoFormat.fromCapsName(formatName).orElseThrow(() -> new IllegalArgumentException(
                "caps " + s + ": unknown video format '" + formatName + "'"));
        int width = CapsFields.positiveInt(s, "width");
        int height = CapsFields.positiveInt(s, "height");
        InterlaceMode mode = InterlaceMode.PROGRESSIVE;
        if (s.has("interlace-mode")) {
            String m = CapsFields.string(s, "interlace-mode");
            mode = InterlaceMode.fromCapsName(m).orElseThrow(() -> new IllegalArgumentException("caps " + s
                    + ": unknown interlace-mode '" + m + "'"));
        }
        VideoInfo info = of(format, width, height, mode);
        Fraction fps = CapsFields.fraction(s, "framerate", info.framerate);
        Fraction par = CapsFields.fraction(s, "pixel-aspect-ratio", info.pixelAspectRatio);
        // GStreamer sets the default chroma-site together with the default colorimetry, so caps
        // with a valid colorimetry and no chroma-site have an unknown one. Unlike GStreamer, an
        // explicit chroma-site is never overridden by that default.
        VideoColorimetry color = info.colorimetry;
        ChromaSite site = info.chromaSite;
        if (s.has("colorimetry")) {
            VideoColorimetry given = VideoColorimetry.parse(CapsFields.string(s, "colorimetry"));
            if (format.isYuv() && given.matrix() == VideoColorimetry.Matrix.RGB) {
                given = null; // GStreamer: invalid for YUV, the default is used
            } else if (format.isRgb() && given.matrix() != VideoColorimetry.Matrix.RGB) {
                given = new VideoColorimetry(given.range(), VideoColorimetry.Matrix.RGB, given.transfer(),
                        given.primaries()); // GStreamer forces the RGB matrix on RGB formats
            }
            if (given != null) {
                color = given;
                site = ChromaSite.UNKNOWN;
            }
        }
        if (s.has("chroma-site")) {
            site = ChromaSite.parse(CapsFields.string(s, "chroma-site"));
        }
        try {
            return new VideoInfo(format, width, height, mode, par, fps, color, site, info.layout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("caps " + s + ": " + e.getMessage(), e);
        }
    }

    /** System-memory caps for this info, fields in GStreamer's order. */
    public Caps toCaps() {
        return Caps.of(toStructure());
    }

    /** Caps for this info under {@code features} (e.g. {@code memory:GLMemory}). */
    public Caps toCaps(CapsFeatures features) {
        return Caps.of(toStructure(), features);
    }

    /** The caps structure, fields in the order {@code gst_video_info_to_caps} writes them. */
    public Structure toStructure() {
        Structure.Builder b = Structure.builder(MEDIA_TYPE).set("format", format.capsName()).set("width", width)
                .set("height", height).set("interlace-mode", interlaceMode.capsName())
                .set("pixel-aspect-ratio", (Value) pixelAspectRatio);
        if (!chromaSite.equals(ChromaSite.UNKNOWN)) {
            b.set("chroma-site", chromaSite.toCapsString());
        }
        colorimetry.toCapsString().ifPresent(c -> b.set("colorimetry", c));
        return b.set("framerate", (Value) framerate).build();
    }

    /**
     * This info with {@code alignment} applied: the layout gets room for the padding and
     * strides that meet each plane's mask (widening the padded frame as GStreamer does), and
     * the offsets point at the first visible pixel. Width and height stay the visible size.
     */
    public VideoInfo align(VideoAlignment alignment) {
        return withLayout(Alignments.align(this, alignment));
    }

    public VideoInfo withLayout(VideoLayout newLayout) {
        return new VideoInfo(format, width, height, interlaceMode, pixelAspectRatio, framerate, colorimetry,
                chromaSite, newLayout);
    }

    public VideoInfo withFramerate(Fraction fps) {
        return new VideoInfo(format, width, height, interlaceMode, pixelAspectRatio, fps, colorimetry, chromaSite,
                layout);
    }

    public VideoInfo withPixelAspectRatio(Fraction par) {
        return new VideoInfo(format, width, height, interlaceMode, par, framerate, colorimetry, chromaSite, layout);
    }

    public VideoInfo withColorimetry(VideoColorimetry color) {
        return new VideoInfo(format, width, height, interlaceMode, pixelAspectRatio, framerate, color, chromaSite,
                layout);
    }

    public VideoInfo withChromaSite(ChromaSite site) {
        return new VideoInfo(format, width, height, interlaceMode, pixelAspectRatio, framerate, colorimetry, site,
                layout);
    }

    /** The bytes of one frame. */
    public long size() {
        return layout.size();
    }

    public int planes() {
        return layout.planes();
    }

    public int stride(int plane) {
        return layout.stride(plane);
    }

    public long offset(int plane) {
        return layout.offset(plane);
    }

    /** The rows of one buffer: the frame's, or a field's in ALTERNATE mode (one field per buffer). */
    public int bufferHeight() {
        return interlaceMode == InterlaceMode.ALTERNATE ? (height + 1) / 2 : height;
    }

    /** The width of component {@code c} in samples (U of I420: half the frame's, rounded up). */
    public int componentWidth(int c) {
        return format.component(c).scaleWidth(width);
    }

    /** The height of component {@code c} in rows, for one buffer. */
    public int componentHeight(int c) {
        return format.component(c).scaleHeight(bufferHeight());
    }

    /** The rows of {@code plane} in one buffer. */
    public int planeHeight(int plane) {
        return format.planeComponent(plane).scaleHeight(bufferHeight());
    }

    /** The bytes of one row of {@code plane} that hold pixels (the rest of the stride is padding). */
    public long planeRowBytes(int plane) {
        VideoComponent c = format.planeComponent(plane);
        return switch (format) {
            case YUY2, UYVY -> DefaultLayout.roundUp2(width) * 2L; // a pixel pair is one 4-byte group
            default -> (long) c.scaleWidth(width) * c.pixelStride();
        };
    }

    /** The frame's duration from its framerate in nanoseconds, or -1 when the rate is 0 (variable). */
    public long frameDurationNanos() {
        return framerate.numerator() == 0 ? -1 : ClockTime.SECOND * framerate.denominator() / framerate.numerator();
    }

    static VideoLayout defaultLayout(VideoFormat format, int width, int height, InterlaceMode mode) {
        int rows = mode == InterlaceMode.ALTERNATE ? (height + 1) / 2 : height;
        return DefaultLayout.of(format, width, rows, mode.isInterlaced());
    }

    /** GStreamer's {@code set_default_colorimetry}: SD YUV is BT.601, HD BT.709, RGB sRGB. */
    static VideoColorimetry defaultColorimetry(VideoFormat format, int height) {
        return switch (format.kind()) {
            case YUV -> height > 576 ? VideoColorimetry.BT709 : VideoColorimetry.BT601;
            case GRAY -> VideoColorimetry.GRAY;
            case RGB -> VideoColorimetry.SRGB;
        };
    }

    static ChromaSite defaultChromaSite(VideoFormat format, int height) {
        if (!format.isYuv()) {
            return ChromaSite.UNKNOWN;
        }
        return height > 576 ? ChromaSite.MPEG2 : ChromaSite.JPEG;
    }
}
