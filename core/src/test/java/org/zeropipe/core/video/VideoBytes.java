package org.zeropipe.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** Test helpers: run a launch line to EOS; compare the pixels of raw frames, not their stride padding. */
public final class VideoBytes {

    private VideoBytes() {
    }

    /** Runs {@code description} until EOS; fails with the error message if one comes first. */
    public static void run(String description) {
        Pipeline p = LaunchParser.parse(description);
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
            if (m instanceof Message.Error e) {
                fail("pipeline error: " + e.text() + " (" + description + ")");
            } else if (m == null) {
                fail("no EOS within 60 s: " + description);
            }
        } finally {
            p.setState(State.NULL);
        }
    }

    /**
     * Asserts that {@code actual} holds the same frames as {@code expected}: every visible byte
     * of every plane row (GStreamer leaves stride padding as it finds it).
     */
    public static void assertSameFrames(VideoInfo info, byte[] expected, byte[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": file sizes");
        long frames = expected.length / info.size();
        for (long f = 0; f < frames; f++) {
            for (int p = 0; p < info.planes(); p++) {
                int rowBytes = (int) info.planeRowBytes(p);
                for (int y = 0; y < info.planeHeight(p); y++) {
                    int at = (int) (f * info.size() + info.offset(p) + (long) y * info.stride(p));
                    for (int x = 0; x < rowBytes; x++) {
                        if (expected[at + x] != actual[at + x]) {
                            fail(what + ": frame " + f + " plane " + p + " row " + y + " byte " + x + ": GStreamer "
                                    + (expected[at + x] & 0xff) + ", zeropipe " + (actual[at + x] & 0xff));
                        }
                    }
                }
            }
        }
    }
}
