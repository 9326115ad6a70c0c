package org.zeropipe.core.video;

/**
 * {@code gst_video_info_align} (1.22): first widen the left padding until each plane's left
 * edge meets its stride mask, then grow the padded width (by its lowest set bit, as GStreamer
 * does) until every stride meets its mask; the offsets then skip the top and left padding.
 */
final class Alignments {

    private Alignments() {
    }

    static VideoLayout align(VideoInfo info, VideoAlignment a) {
        VideoFormat format = info.format();
        int planes = format.planes();
        int left = a.paddingLeft();
        while (!leftAligned(format, a, left)) {
            left += Integer.lowestOneBit(left);
        }
        int paddedWidth = info.width() + left + a.paddingRight();
        int paddedHeight = info.height() + a.paddingTop() + a.paddingBottom();
        VideoLayout padded;
        while (true) {
            padded = VideoInfo.defaultLayout(format, paddedWidth, paddedHeight, info.interlaceMode());
            if (stridesAligned(padded, a)) {
                break;
            }
            paddedWidth += Integer.lowestOneBit(paddedWidth);
        }
        long[] offsets = padded.offsets();
        for (int p = 0; p < planes; p++) {
            VideoComponent c = format.planeComponent(p);
            offsets[p] += (long) c.scaleWidth(left) * c.pixelStride() + (long) c.scaleHeight(a.paddingTop())
                    * padded.stride(p);
        }
        return new VideoLayout(offsets, padded.strides(), padded.size());
    }

    private static boolean leftAligned(VideoFormat format, VideoAlignment a, int left) {
        for (int p = 0; p < format.planes(); p++) {
            VideoComponent c = format.planeComponent(p);
            if (((c.scaleWidth(left) * c.pixelStride()) & a.strideAlign(p)) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean stridesAligned(VideoLayout layout, VideoAlignment a) {
        for (int p = 0; p < layout.planes(); p++) {
            if ((layout.stride(p) & a.strideAlign(p)) != 0) {
                return false;
            }
        }
        return true;
    }
}
