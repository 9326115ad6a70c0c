package org.zeropipe.core.video;

/**
 * Raw video formats, named as in GStreamer's caps ({@code format=NV12}). A first few common
 * ones; the raw-video work extends this with the rest and their pixel layouts.
 */
public enum VideoFormat {
    /** 8-bit R, G, B, A, packed. */
    RGBA(1, 4),
    /** 8-bit B, G, R, A, packed. */
    BGRA(1, 4),
    /** 8-bit R, G, B and an unused byte, packed. */
    RGBx(1, 4),
    /** 8-bit B, G, R and an unused byte, packed. */
    BGRx(1, 4),
    /** 8-bit gray. */
    GRAY8(1, 1),
    /** Y plane, then an interleaved U/V plane subsampled 2x2. */
    NV12(2, 1),
    /** Y, U and V planes, U and V subsampled 2x2. */
    I420(3, 1),
    /** Y0 U Y1 V packed 4:2:2. */
    YUY2(1, 2);

    /** The most planes a format has (GStreamer's {@code GST_VIDEO_MAX_PLANES}). */
    public static final int MAX_PLANES = 4;

    private final int planes;
    private final int pixelStride;

    VideoFormat(int planes, int pixelStride) {
        this.planes = planes;
        this.pixelStride = pixelStride;
    }

    /** The number of planes. */
    public int planes() {
        return planes;
    }

    /** The name used in caps. */
    public String capsName() {
        return name();
    }

    /**
     * The default layout of a {@code width x height} frame, as GStreamer's
     * {@code gst_video_info_set_format} computes it: rows padded to 4 bytes, planes one after
     * the other.
     */
    public VideoLayout layout(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        }
        return switch (this) {
            case RGBA, BGRA, RGBx, BGRx, GRAY8, YUY2 -> {
                int stride = roundUp4(width * pixelStride);
                yield new VideoLayout(new long[] {0}, new int[] {stride}, (long) stride * height);
            }
            case NV12 -> {
                int stride = roundUp4(width);
                long uvOffset = (long) stride * roundUp2(height);
                yield new VideoLayout(new long[] {0, uvOffset}, new int[] {stride, stride},
                        uvOffset + (long) stride * (roundUp2(height) / 2));
            }
            case I420 -> {
                int yStride = roundUp4(width);
                int uvStride = roundUp4(roundUp2(width) / 2);
                long uOffset = (long) yStride * roundUp2(height);
                long vOffset = uOffset + (long) uvStride * (roundUp2(height) / 2);
                yield new VideoLayout(new long[] {0, uOffset, vOffset}, new int[] {yStride, uvStride, uvStride},
                        vOffset + (long) uvStride * (roundUp2(height) / 2));
            }
        };
    }

    private static int roundUp4(int v) {
        return (v + 3) & ~3;
    }

    private static int roundUp2(int v) {
        return (v + 1) & ~1;
    }
}
