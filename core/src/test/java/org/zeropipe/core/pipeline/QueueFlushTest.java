package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.event.Event;

@Timeout(30)
/**
 * A flushing seek through a queue keeps the sticky events (other than segment and EOS) that were
 * queued behind data, as gstqueue.c gst_queue_locked_flush(queue, FALSE) does: downstream must
 * get the caps upstream renegotiated to.
 */
class QueueFlushTest {

    static void waitFor(java.util.function.BooleanSupplier c) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(c.getAsBoolean());
    }

    @Test
    void capsQueuedBehindDataSurviveAFlush() throws Exception {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        src.set("caps", Caps.parse("test/a"));
        Queue q = new Queue("q");
        FakeSink sink = new FakeSink("sink");
        p.add(src, q, sink);
        Element.linkMany(src, q, sink);
        p.setState(State.PLAYING);
        src.pushBuffer(Buffer.allocate(1));
        waitFor(() -> sink.rendered() == 1);
        assertEquals(Caps.parse("test/a"), sink.staticPad("sink").currentCaps());
        Pad qsrc = q.staticPad("src");
        long id = qsrc.addProbe(EnumSet.of(PadProbe.Type.BUFFER), true, (pad, type, item) -> PadProbe.Return.OK);
        src.pushBuffer(Buffer.allocate(1)); // blocks in the probe, out of the queue
        waitFor(() -> q.currentLevelBuffers() == 0 && src.produced() == 2);
        src.set("caps", Caps.parse("test/b"));
        src.staticPad("src").markReconfigure();
        src.pushBuffer(Buffer.allocate(1)); // caps test/b (and this buffer) wait in the queue
        // The buffer may never get in: appsrc's allocation query for test/b is serialized and
        // waits in the queue behind the caps until the flush. The caps are queued either way.
        waitFor(() -> Caps.parse("test/b").equals(src.staticPad("src").currentCaps()));
        Thread.sleep(50);
        assertTrue(p.sendEvent(new Event.Seek(1.0, Format.TIME, true, 0, -1)));
        qsrc.removeProbe(id);
        src.pushBuffer(Buffer.allocate(1));
        waitFor(() -> sink.rendered() >= 2);
        Caps now = sink.staticPad("sink").currentCaps();
        p.setState(State.NULL);
        assertEquals(Caps.parse("test/b"), now, "the caps queued behind the flushed buffer reach the sink");
    }
}
