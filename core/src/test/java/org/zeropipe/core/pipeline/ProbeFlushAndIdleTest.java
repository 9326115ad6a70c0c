package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.event.Event;

/**
 * A flush releases a blocking probe on a sink pad; an IDLE probe added while the stream lock is
 * held fires once it is released, whichever path held it, and only under that lock (probes.md).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProbeFlushAndIdleTest {

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFlushReleasesABlockingBufferProbeOnASinkPadAndFlushStopDoesNotDeadlock() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        Pad in = sink.staticPad("sink");
        CountDownLatch held = new CountDownLatch(1);
        in.addProbe(Set.of(PadProbe.Type.BUFFER), true, (pad, type, item) -> {
            held.countDown();
            return PadProbe.Return.OK;
        });
        try {
            p.setState(State.PAUSED);
            await(held); // the streaming thread now waits in the probe, holding the stream lock
            assertTrue(in.sendEvent(new Event.FlushStart()));
            CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> in.sendEvent(new Event.FlushStop(true)));
            assertTrue(stop.get(5, TimeUnit.SECONDS), "flush-stop got the stream lock: the probe let go");
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void anIdleProbeAddedWhileAnotherIdleCallbackRunsFiresAfterIt() throws Exception {
        FakeSink sink = new FakeSink("sink");
        Pad in = sink.staticPad("sink");
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Thread first = Thread.ofPlatform().start(() -> in.addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
            inFirst.countDown();
            await(releaseFirst);
            return PadProbe.Return.OK;
        }));
        await(inFirst);
        CountDownLatch second = new CountDownLatch(1);
        AtomicReference<Thread> secondOn = new AtomicReference<>();
        in.addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
            secondOn.set(Thread.currentThread());
            second.countDown();
            return PadProbe.Return.OK;
        });
        assertEquals(1, second.getCount(), "the first callback holds the stream lock");
        releaseFirst.countDown();
        await(second);
        assertSame(first, secondOn.get(), "fired by the thread that released the lock");
        first.join();
    }

    /** A sink whose flush-stop handler waits, holding the stream lock. */
    static final class SlowFlushSink extends BaseSink {
        final CountDownLatch inFlushStop = new CountDownLatch(1);
        final CountDownLatch releaseFlushStop = new CountDownLatch(1);

        SlowFlushSink(String name) {
            super(name, PadTemplate.sink(Caps.ANY), false);
        }

        @Override
        protected boolean handleEvent(Pad pad, Event event) {
            if (event instanceof Event.FlushStop) {
                inFlushStop.countDown();
                await(releaseFlushStop);
            }
            return super.handleEvent(pad, event);
        }

        @Override
        protected FlowReturn render(Buffer buffer) {
            return FlowReturn.OK;
        }
    }

    @Test
    void anIdleProbeAddedDuringAFlushStopFiresWhenItEnds() throws Exception {
        SlowFlushSink sink = new SlowFlushSink("sink");
        Pad in = sink.staticPad("sink");
        in.setActive(true);
        try {
            assertTrue(in.sendEvent(new Event.FlushStart()));
            CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> in.sendEvent(new Event.FlushStop(true)));
            await(sink.inFlushStop);
            CountDownLatch fired = new CountDownLatch(1);
            in.addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
                assertTrue(in.streamLock().isHeldByCurrentThread(), "called under the stream lock");
                fired.countDown();
                return PadProbe.Return.OK;
            });
            assertEquals(1, fired.getCount(), "flush-stop holds the stream lock");
            sink.releaseFlushStop.countDown();
            assertTrue(stop.get(5, TimeUnit.SECONDS));
            await(fired);
        } finally {
            sink.releaseFlushStop.countDown();
            in.setActive(false);
        }
    }

    @Test
    void anEventPushedFromTheApplicationDoesNotFireAnIdleProbeWhileABufferPasses() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 3);
        FakeSink sink = new FakeSink("sink");
        CountDownLatch inRender = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sink.setHandoff(b -> {
            inRender.countDown();
            await(release);
        });
        p.add(src, sink);
        src.link(sink);
        Pad out = src.staticPad("src");
        try {
            p.setState(State.PLAYING);
            await(inRender);
            CountDownLatch fired = new CountDownLatch(1);
            AtomicReference<Thread> firedOn = new AtomicReference<>();
            out.addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
                firedOn.set(Thread.currentThread());
                fired.countDown();
                return PadProbe.Return.OK;
            });
            // The peer has this stream-start already: the push returns at once, without the
            // stream lock, while the buffer is still in the sink.
            Event.StreamStart again = out.stickyEvent(Event.StreamStart.class);
            assertTrue(out.pushEvent(again));
            assertEquals(1, fired.getCount(), "a buffer is in the sink: the pad is not idle");
            release.countDown();
            await(fired);
            assertNotSame(Thread.currentThread(), firedOn.get(), "fired by the streaming thread");
            assertTrue(p.bus().pop(IdleAndSinkProbeTest.WAIT, Message.Eos.class, Message.Error.class) instanceof Message.Eos);
        } finally {
            release.countDown();
            p.setState(State.NULL);
        }
    }

    @Test
    void aStickyEventDroppedByASinkPadProbeIsNotStoredThereAsInGStreamer() {
        // gst_pad_send_event_unchecked stores a sticky event on a sink pad only once it went
        // through: python3-gst with a DROP probe on fakesink's sink pad finds no segment there,
        // while the source pad keeps it.
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 1);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        Pad in = sink.staticPad("sink");
        in.addProbe(Set.of(PadProbe.Type.EVENT_DOWNSTREAM), false,
                (pad, type, item) -> item instanceof Event.SegmentEvent ? PadProbe.Return.DROP : PadProbe.Return.OK);
        try {
            p.setState(State.PLAYING);
            p.bus().pop(IdleAndSinkProbeTest.WAIT, Message.Eos.class, Message.Error.class);
            assertNull(in.stickyEvent(Event.SegmentEvent.class), "dropped before it arrived");
            assertTrue(in.stickyEvent(Event.StreamStart.class) != null);
            assertTrue(src.staticPad("src").stickyEvent(Event.SegmentEvent.class) != null, "the source pad sent it");
        } finally {
            p.setState(State.NULL);
        }
    }
}
