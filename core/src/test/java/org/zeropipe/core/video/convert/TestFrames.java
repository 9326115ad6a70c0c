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
        return FramePlanes.of(info, MemorySegment.ofArray(data));
    }

    /** rawvideoparse's name of a format. */
    static String gstNick(String format) {
        return format.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
