package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.event.Event;

/** IDLE probes and probes on what arrives at sink pads (probes.md). */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleAndSinkProbeTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void anIdleProbeOnAQuietPadFiresAtOnceAndOnlyOnce() {
        FakeSrc src = new FakeSrc("src");
        FakeSink sink = new FakeSink("sink");
        src.link(sink);
        Pad out = src.staticPad("src");
        AtomicReference<Thread> calledOn = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        long id = out.addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
            calledOn.set(Thread.currentThread());
            calls.incrementAndGet();
            assertEquals(PadProbe.Type.IDLE, type);
            return PadProbe.Return.OK;
        });
        assertEquals(Thread.currentThread(), calledOn.get(), "called from addProbe: nothing flows");
        assertFalse(out.removeProbe(id), "an IDLE probe is gone once called");
        assertEquals(1, calls.get());
        assertThrows(IllegalArgumentException.class,
                () -> out.addProbe(Set.of(PadProbe.Type.IDLE, PadProbe.Type.BUFFER), false, (p, t, i) -> PadProbe.Return.OK));
    }

    @Test
    void anIdleProbeWhileABufferPassesFiresOnTheStreamingThreadBetweenBuffers() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 5);
        FakeSink sink = new FakeSink("sink");
        CountDownLatch inRender = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sink.setHandoff(b -> {
            inRender.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        p.add(src, sink);
        src.link(sink);
        try {
            p.setState(State.PLAYING);
            assertTrue(inRender.await(5, TimeUnit.SECONDS));
            AtomicReference<Thread> calledOn = new AtomicReference<>();
            AtomicLong renderedThen = new AtomicLong(-1);
            CountDownLatch fired = new CountDownLatch(1);
            src.staticPad("src").addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
                calledOn.set(Thread.currentThread());
                renderedThen.set(sink.rendered());
                fired.countDown();
                return PadProbe.Return.OK;
            });
            assertEquals(1, fired.getCount(), "a buffer is in the sink: the pad is not idle");
            release.countDown();
            assertTrue(fired.await(5, TimeUnit.SECONDS));
            assertNotSame(Thread.currentThread(), calledOn.get(), "fired by the streaming thread");
            assertEquals(1, renderedThen.get(), "right after the first buffer, before the second");
            assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        } finally {
            release.countDown();
            p.setState(State.NULL);
        }
    }

    @Test
    void aSinkPadProbeSeesWhatArrivesAndCanDropIt() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 10);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger buffers = new AtomicInteger();
        sink.staticPad("sink").addProbe(Set.of(PadProbe.Type.BUFFER, PadProbe.Type.EVENT_DOWNSTREAM), false,
                (pad, type, item) -> {
                    if (item instanceof Event e) {
                        events.add(e.typeName());
                        return PadProbe.Return.OK;
                    }
                    assertInstanceOf(Buffer.class, item);
                    return buffers.incrementAndGet() % 2 == 0 ? PadProbe.Return.DROP : PadProbe.Return.OK;
                });
        p.setState(State.PLAYING);
        Message end = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        long rendered = sink.rendered();
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, end);
        assertEquals(10, buffers.get(), "every buffer arriving was seen");
        assertEquals(5, rendered, "the dropped half never reached the element");
        assertEquals(List.of("stream-start", "segment", "eos"), events);
    }

    @Test
    void aBlockingProbeOnASinkPadHoldsThePrerollUntilRemovedAndNeverATeardown() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 3);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        long id = sink.staticPad("sink").addProbe(Set.of(PadProbe.Type.BUFFER), true, (pad, type, item) -> PadProbe.Return.OK);
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.ASYNC, p.getState(Duration.ofMillis(300)).result(), "the first buffer is held");
        assertTrue(sink.staticPad("sink").removeProbe(id));
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result(), "prerolled once released");
        p.setState(State.NULL);

        sink.staticPad("sink").addProbe(Set.of(PadProbe.Type.BUFFER), true, (pad, type, item) -> PadProbe.Return.OK);
        p.setState(State.PLAYING);
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL), "a blocked sink pad does not stop a shutdown");
    }
}
