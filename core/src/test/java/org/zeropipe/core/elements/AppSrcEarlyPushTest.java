package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** appsrc queues what the application pushes before the pipeline starts, as GStreamer's. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AppSrcEarlyPushTest {

    @Test
    void buffersPushedBeforeStartingAreStreamed() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        assertTrue(src.pushBuffer(Buffer.allocate(4)), "queued in NULL");
        p.setState(State.READY);
        assertTrue(src.pushBuffer(Buffer.allocate(4)), "queued in READY");
        try {
            p.setState(State.PLAYING);
            src.endOfStream();
            assertInstanceOf(Message.Eos.class,
                    p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
            assertEquals(2, sink.rendered());
        } finally {
            p.setState(State.NULL);
        }
        assertFalse(src.pushBuffer(Buffer.allocate(4)), "refused (and released) once stopped");
    }

    @Test
    void buffersQueuedInAPipelineThatNeverStartsAreReleasedGoingToNull() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        p.setState(State.READY);
        assertTrue(src.pushBuffer(Buffer.allocate(4)));
        p.setState(State.NULL); // the leak checker fails the test if the buffer stays alive
    }
}
