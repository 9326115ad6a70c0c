package org.zeropipe.core.pipeline;

import org.zeropipe.core.Format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.query.PositionQuery;

@Timeout(20)
class SinkTimingTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void lateBuffersAreDroppedWithQosMessages() throws Exception {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("in");
        FakeSink sink = new FakeSink("sink");
        // Lateness in hundreds of ms, so a loaded machine does not make the on-time buffer late.
        sink.set("sync", true).set("max-lateness", 300 * ClockTime.MSECOND).set("qos", true);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        Buffer first = Buffer.allocate(1);
        first.setPts(0);
        src.pushBuffer(first);
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        Thread.sleep(700);
        for (int i = 1; i <= 5; i++) {
            Buffer b = Buffer.allocate(1);
            b.setPts(i * ClockTime.MSECOND); // running time ~1-5 ms, now ≥ 700 ms: late
            src.pushBuffer(b);
        }
        src.endOfStream();
        Message end = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        assertInstanceOf(Message.Eos.class, end, "EOS, not " + end);
        assertEquals(5, sink.droppedCount());
        assertEquals(1, sink.rendered());
        p.setState(State.NULL);
    }

    @Test
    void qosMessagesSayWhatWasDropped() throws Exception {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("in");
        AppSink sink = new AppSink("sink");
        sink.set("max-lateness", 300 * ClockTime.MSECOND).set("qos", true);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        Buffer first = Buffer.allocate(1);
        first.setPts(0);
        src.pushBuffer(first);
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        Thread.sleep(700);
        Buffer late = Buffer.allocate(1);
        late.setPts(ClockTime.MSECOND);
        src.pushBuffer(late);
        Message.Qos qos = p.bus().await(Message.Qos.class, WAIT);
        assertNotNull(qos);
        assertEquals("sink", qos.sourceName());
        assertTrue(qos.jitter() > 300 * ClockTime.MSECOND, "jitter " + qos.jitter());
        assertEquals(1, qos.dropped());
        try (var s = sink.pullSample(WAIT)) {
            assertEquals(0, s.buffer().pts(), "only the on-time buffer reached the application");
        }
        p.setState(State.NULL);
    }

    @Test
    void positionQueryThroughThePipeline() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("duration", ClockTime.MSECOND);
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true);
        p.add(src, sink);
        src.link(sink);
        long t0 = System.nanoTime();
        p.setState(State.PLAYING);
        p.getState(WAIT);
        // Until the position passed 20 ms (a loaded machine may hold the streaming thread back
        // for a while), not a fixed sleep: synced, it can never be ahead of the time played.
        PositionQuery q;
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            Thread.sleep(1);
            q = new PositionQuery(Format.TIME);
            assertTrue(p.query(q));
        } while (q.position() < 20 * ClockTime.MSECOND && System.nanoTime() < deadline);
        long elapsed = System.nanoTime() - t0;
        assertTrue(q.position() >= 20 * ClockTime.MSECOND && q.position() <= elapsed,
                ClockTime.toString(q.position()) + " after " + ClockTime.toString(elapsed));
        p.setState(State.NULL);
    }

    @Test
    void aLivePipelineConfiguresItsSinksLatency() throws Exception {
        Pipeline p = new Pipeline("p");
        TestElements.LiveSource src = new TestElements.LiveSource("live", 5);
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true).set("max-lateness", 300 * ClockTime.MSECOND); // no drops on a loaded machine
        long[] renderDelay = {-1};
        sink.setHandoff(b -> {
            if (renderDelay[0] < 0) {
                renderDelay[0] = p.runningTime() - b.pts();
            }
        });
        p.add(src, sink);
        src.link(sink);
        assertEquals(StateChangeReturn.NO_PREROLL, p.setState(State.PAUSED));
        p.setState(State.PLAYING);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.rendered() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(30 * ClockTime.MSECOND, p.latency());
        assertEquals(30 * ClockTime.MSECOND, sink.latency());
        assertTrue(sink.rendered() >= 5);
        assertEquals(0, sink.droppedCount());
        assertTrue(renderDelay[0] >= 25 * ClockTime.MSECOND, "rendered " + renderDelay[0] + " ns after capture");
        p.setState(State.NULL);
    }
}
