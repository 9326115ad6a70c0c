package org.zeropipe.core.video.convert;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.video.VideoInfo;

/** Frames of raw files laid out as GStreamer lays them out (VideoInfo's default layout). */
final class TestFrames {

    private TestFrames() {
    }

    static VideoInfo info(String caps) {
        return VideoInfo.fromCaps(Caps.parse(caps));
    }

    static FramePlanes frame(VideoInfo info, byte[] data) {
        MemorySegment all = MemorySegment.ofArray(data);
        MemorySegment[] segs = new MemorySegment[info.planes()];
        int[] strides = new int[segs.length];
        for (int i = 0; i < segs.length; i++) {
            segs[i] = all.asSlice(info.offset(i));
            strides[i] = info.stride(i);
        }
        return new FramePlanes(segs, strides, info.width(), info.height());
    }

    /** rawvideoparse's name of a format. */
    static String gstNick(String format) {
        return format.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
