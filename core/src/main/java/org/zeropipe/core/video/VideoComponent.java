package org.zeropipe.core.video;

/**
 * Where one colour component (R, G, B, A, Y, U or V) of a format lies, as GStreamer's
 * {@code GstVideoFormatInfo} describes it: in which plane, at which byte offset inside a pixel
 * group, how many bits and how far shifted (P010 keeps its 10 bits in the top of 16), how many
 * bytes from one pixel's component to the next, and the log2 of the horizontal and vertical
 * subsampling (I420's U: 1 and 1).
 */
public record VideoComponent(char name, int plane, int offset, int depth, int shift, int pixelStride, int wSub,
        int hSub) {

    public VideoComponent {
        if (plane < 0 || plane >= VideoFormat.MAX_PLANES || offset < 0 || depth <= 0 || shift < 0
                || pixelStride <= 0 || wSub < 0 || hSub < 0) {
            throw new IllegalArgumentException("bad component " + name + ": plane " + plane + " offset " + offset
                    + " depth " + depth + " shift " + shift + " pixel stride " + pixelStride);
        }
    }

    /** The component's width for a frame {@code width} pixels wide (rounded up, as GStreamer). */
    public int scaleWidth(int width) {
        return -((-width) >> wSub);
    }

    /** The component's height for a frame {@code height} rows high (rounded up). */
    public int scaleHeight(int height) {
        return -((-height) >> hSub);
    }
}
