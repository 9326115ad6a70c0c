package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.TaskThreads;
import org.zeropipe.core.pipeline.StateChangeReturn;

@Timeout(60)
class QueueTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    private static Pipeline srcQueueSink(FakeSrc src, Queue q, FakeSink sink) {
        Pipeline p = new Pipeline("p");
        p.add(src, q);
        src.link(q);
        if (sink != null) {
            p.add(sink);
            q.link(sink);
        }
        return p;
    }

    @Test
    void eosGoesThroughTheQueue() {
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 500).set("size", 16);
        FakeSink sink = new FakeSink("sink");
        Pipeline p = srcQueueSink(src, new Queue("q"), sink);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        assertEquals(500, sink.rendered());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }

    @Test
    void aFullQueueBlocksUpstreamAndStopsCleanly() throws Exception {
        FakeSrc src = new FakeSrc("src");
        Queue q = new Queue("q");
        q.set("max-size-buffers", 5);
        FakeSink sink = new FakeSink("sink");
        Pipeline p = srcQueueSink(src, q, sink);
        // PAUSED: the sink prerolls one buffer and blocks, so the queue fills up and blocks the source.
        p.setState(State.PAUSED);
        assertEquals(State.PAUSED, p.getState(WAIT).current());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.currentLevelBuffers() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(5, q.currentLevelBuffers());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        assertEquals(0, q.currentLevelBuffers());
    }

    @Test
    void leakyDownstreamDropsTheOldest() throws Exception {
        FakeSrc src = new FakeSrc("src");
        Queue q = new Queue("q");
        q.set("max-size-buffers", 3).setFromString("leaky", "downstream");
        FakeSink sink = new FakeSink("sink");
        Pipeline p = srcQueueSink(src, q, sink);
        p.setState(State.PAUSED);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.dropped() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(q.dropped() >= 10, "a leaky queue keeps the source running: dropped " + q.dropped());
        assertTrue(q.currentLevelBuffers() <= 3);
        p.setState(State.NULL);
    }

    @Test
    void leakyUpstreamDropsTheNewest() throws Exception {
        FakeSrc src = new FakeSrc("src");
        Queue q = new Queue("q");
        q.set("max-size-buffers", 3).set("leaky", Queue.Leaky.UPSTREAM);
        Pipeline p = srcQueueSink(src, q, new FakeSink("sink"));
        p.setState(State.PAUSED);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.dropped() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(q.dropped() >= 10);
        p.setState(State.NULL);
    }

    @Test
    void flushEmptiesTheQueueAndDataFlowsAgain() throws Exception {
        FakeSrc src = new FakeSrc("src");
        Queue q = new Queue("q");
        q.set("max-size-buffers", 5);
        FakeSink sink = new FakeSink("sink");
        Pipeline p = srcQueueSink(src, q, sink);
        p.setState(State.PAUSED);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.currentLevelBuffers() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(5, q.currentLevelBuffers());
        // Hold the source's next buffers so the queue cannot refill after the flush.
        org.zeropipe.core.pipeline.Pad srcPad = src.staticPad("src");
        long hold = srcPad.addProbe(java.util.Set.of(org.zeropipe.core.pipeline.PadProbe.Type.BUFFER), true,
                (pad, type, item) -> org.zeropipe.core.pipeline.PadProbe.Return.OK);
        // A flushing seek from the application: the sink sends it upstream through the queue.
        assertTrue(p.sendEvent(new Event.Seek(1.0, org.zeropipe.core.Format.TIME, true, 0, -1)));
        assertEquals(0, q.currentLevelBuffers(), "the flush emptied the queue");
        srcPad.removeProbe(hold);
        p.setState(State.PLAYING);
        long before = sink.rendered();
        deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.rendered() < before + 100 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(sink.rendered() >= before + 100, "data flows after the flush");
        p.setState(State.NULL);
    }

    @Test
    void tornDownMidStreamFromAnotherThread1000Times() throws Exception {
        for (int i = 0; i < 1000; i++) {
            FakeSrc src = new FakeSrc("src");
            src.set("size", 8);
            Queue q = new Queue("q");
            q.set("max-size-buffers", 1 + (i % 7));
            FakeSink sink = new FakeSink("sink");
            sink.set("sync", i % 2 == 0);
            Pipeline p = srcQueueSink(src, q, sink);
            State up = i % 3 == 0 ? State.PAUSED : State.PLAYING;
            p.setState(up);
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger result = new AtomicInteger(-1);
            int delayMicros = ThreadLocalRandom.current().nextInt(200);
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    TimeUnit.MICROSECONDS.sleep(delayMicros);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                result.set(p.setState(State.NULL).ordinal());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS), "teardown " + i + " deadlocked");
            killer.join();
            assertEquals(StateChangeReturn.SUCCESS.ordinal(), result.get(), "teardown " + i);
            assertEquals(State.NULL, sink.currentState());
            assertEquals(0, q.currentLevelBuffers());
        }
    }

    @Test
    void byteAndTimeLimitsBoundTheQueue() throws Exception {
        for (String limit : new String[] {"max-size-bytes", "max-size-time"}) {
            FakeSrc src = new FakeSrc("src");
            src.set("size", 100).set("duration", 1_000_000L);
            Queue q = new Queue("q");
            q.set("max-size-buffers", 0).set("max-size-bytes", 0L).set("max-size-time", 0L);
            q.set(limit, limit.equals("max-size-bytes") ? 1000L : 10_000_000L);
            Pipeline p = srcQueueSink(src, q, new FakeSink("sink"));
            p.setState(State.PAUSED);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (q.currentLevelBuffers() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            // The source's thread then waits in the full queue: nothing more can get in.
            TaskThreads.awaitBlockedIn(src.staticPad("src"), WAIT, "Queue.chain");
            assertEquals(10, q.currentLevelBuffers(), limit + " stops at 1000 bytes / 10 ms = 10 buffers");
            assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        }
    }

    @Test
    void theAllocationQueryTravelsThroughTheQueueAfterTheCaps() {
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 3).setFromString("caps", "test/x, n=(int)1");
        java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.zeropipe.core.base.BaseSink sink = new org.zeropipe.core.base.BaseSink("sink",
                org.zeropipe.core.pipeline.PadTemplate.sink(org.zeropipe.core.caps.Caps.ANY), false) {
            @Override
            protected boolean setCaps(org.zeropipe.core.caps.Caps caps) {
                order.add("caps");
                return true;
            }

            @Override
            protected boolean proposeAllocation(org.zeropipe.core.query.AllocationQuery query) {
                order.add("allocation");
                return true;
            }

            @Override
            protected org.zeropipe.core.pipeline.FlowReturn render(org.zeropipe.core.buffer.Buffer buffer) {
                order.add("buffer");
                return org.zeropipe.core.pipeline.FlowReturn.OK;
            }
        };
        Pipeline p = srcQueueSink(src, new Queue("q"), null);
        p.add(sink);
        p.byName("q").link(sink);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        p.setState(State.NULL);
        assertEquals(java.util.List.of("caps", "allocation", "buffer", "buffer", "buffer"), order);
    }
}
