package org.zeropipe.v4l2;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoMeta;
import org.zeropipe.v4l2.V4l2Device.Format;

/**
 * Where the driver puts each plane of a raw frame: its strides (bytesperline) and plane offsets,
 * which may differ from GStreamer's defaults. For a multi-planar format (one memory per plane)
 * the offsets are those of the planes laid end to end over the buffer's memories.
 */
record DriverLayout(long[] offsets, int[] strides) {

    static DriverLayout of(VideoFormat videoFormat, Format format) {
        int planes = videoFormat.planes();
        long[] offsets = new long[planes];
        int[] strides = new int[planes];
        if (format.planes().size() == planes) { // one memory per plane (or a one-plane format)
            long offset = 0;
            for (int i = 0; i < planes; i++) {
                offsets[i] = offset;
                strides[i] = format.planes().get(i).bytesPerLine();
                offset += format.planes().get(i).sizeImage();
            }
        } else { // planes one after the other in one memory, chroma rows as V4L2 lays them out
            int stride = format.planes().getFirst().bytesPerLine();
            long luma = (long) stride * format.height();
            strides[0] = stride;
            for (int i = 1; i < planes; i++) {
                strides[i] = planes == 2 ? stride : stride / 2; // NV12/NV21/P010: interleaved chroma rows
                offsets[i] = luma + (i - 1) * (long) strides[i] * (format.height() / 2);
            }
        }
        return new DriverLayout(offsets, strides);
    }

    /** Adds a {@link VideoMeta} with the driver's layout of {@code format} to {@code b}. */
    static void addVideoMeta(Buffer b, VideoFormat videoFormat, Format format) {
        DriverLayout l = of(videoFormat, format);
        VideoMeta.add(b, videoFormat, format.width(), format.height(), l.offsets, l.strides);
    }
}
