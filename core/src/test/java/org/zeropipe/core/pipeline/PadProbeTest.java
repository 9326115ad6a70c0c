package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.event.Event;

@Timeout(20)
class PadProbeTest {

    @Test
    void aBufferProbeSeesAndDropsBuffers() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 10);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        src.staticPad("src").addProbe(Set.of(PadProbe.Type.BUFFER), false,
                (pad, type, item) -> seen.incrementAndGet() % 2 == 0 ? PadProbe.Return.DROP : PadProbe.Return.OK);
        src.staticPad("src").addProbe(Set.of(PadProbe.Type.EVENT_DOWNSTREAM), false, (pad, type, item) -> {
            assertInstanceOf(Event.class, item);
            events.incrementAndGet();
            return PadProbe.Return.OK;
        });
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
        assertEquals(10, seen.get());
        assertEquals(5, sink.rendered());
        assertTrue(events.get() >= 3, "stream-start, segment, eos: " + events.get());
        p.setState(State.NULL);
    }

    @Test
    void aProbeThatDropsAnEventCountsItAsHandled() {
        // As GStreamer: a dropped item is a success for the pusher (the caps event dropped here
        // must not become a not-negotiated error).
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 5).setFromString("caps", "test/x");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        src.staticPad("src").addProbe(Set.of(PadProbe.Type.EVENT_DOWNSTREAM), false,
                (pad, type, item) -> item instanceof Event.CapsEvent ? PadProbe.Return.DROP : PadProbe.Return.OK);
        AtomicInteger upstreamDropped = new AtomicInteger();
        sink.staticPad("sink").addProbe(Set.of(PadProbe.Type.EVENT_UPSTREAM), false, (pad, type, item) -> {
            upstreamDropped.incrementAndGet();
            return PadProbe.Return.DROP;
        });
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, "no error for a dropped caps event: " + m);
            assertEquals(5, sink.rendered());
            assertTrue(sink.staticPad("sink").pushEvent(new Event.Reconfigure()),
                    "an upstream event dropped by a probe counts as handled");
            assertEquals(1, upstreamDropped.get());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aBlockingProbeLetsTheApplicationRelinkAtASafePoint() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        FakeSink a = new FakeSink("a");
        FakeSink b = new FakeSink("b");
        p.add(src, a);
        src.link(a);
        p.setState(State.PLAYING);
        assertEquals(State.PLAYING, p.getState(Duration.ofSeconds(5)).current());
        CountDownLatch blocked = new CountDownLatch(1);
        Pad srcPad = src.staticPad("src");
        long id = srcPad.addProbe(EnumSet.of(PadProbe.Type.BUFFER), true, (pad, type, item) -> {
            blocked.countDown();
            return PadProbe.Return.OK;
        });
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        long renderedByA = a.rendered();
        // A new sink joins the running pipeline (it prerolls on the first buffer it gets).
        p.add(b);
        b.syncStateWithParent();
        srcPad.unlink();
        srcPad.link(b.staticPad("sink"));
        srcPad.removeProbe(id);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (b.rendered() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(b.rendered() >= 10, "data flows into the new branch");
        assertEquals(renderedByA, a.rendered(), "nothing more reached the old branch");
        assertEquals(State.PLAYING, b.getState(Duration.ofSeconds(5)).current());
        p.setState(State.NULL);
    }

    @Test
    void aBlockedProbeIsReleasedByShutdown() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        CountDownLatch blocked = new CountDownLatch(1);
        src.staticPad("src").addProbe(EnumSet.of(PadProbe.Type.BUFFER), true, (pad, type, item) -> {
            blocked.countDown();
            return PadProbe.Return.OK;
        });
        p.setState(State.PLAYING);
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }
}
