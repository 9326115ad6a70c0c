package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** Changing an appsink's limits wakes a streaming thread waiting on a full appsink. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AppSinkLimitsTest {

    private static void limitChangeWakesTheStreamingThread(boolean viaDrop) {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 5);
        AppSink sink = new AppSink("sink");
        sink.set("sync", false).set("max-buffers", 1);
        p.add(src, sink);
        src.link(sink);
        try {
            p.setState(State.PLAYING);
            assertNull(p.bus().pop(Duration.ofMillis(300), Message.Eos.class, Message.Error.class),
                    "the full appsink holds the stream");
            if (viaDrop) {
                sink.set("drop", true);
            } else {
                sink.set("max-buffers", 0);
            }
            Message m = p.bus().pop(Duration.ofSeconds(3), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, "the stream went on to EOS: " + m);
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void raisingMaxBuffersWakesTheStreamingThread() {
        limitChangeWakesTheStreamingThread(false);
    }

    @Test
    void enablingDropWakesTheStreamingThread() {
        limitChangeWakesTheStreamingThread(true);
    }
}
