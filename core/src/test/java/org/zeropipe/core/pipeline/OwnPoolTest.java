package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.CapsFilter;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.elements.Tee;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;

/** Base classes make a pool of their own when downstream proposes no pool object (allocation.md). */
@Timeout(20)
class OwnPoolTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Runs to EOS and returns the distinct buffer objects the sinks saw, counting those not pooled. */
    private static Set<Buffer> runAndCollect(Pipeline p, AtomicInteger unpooled, FakeSink... sinks) {
        Set<Buffer> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        for (FakeSink sink : sinks) {
            sink.setHandoff(b -> {
                seen.add(b);
                if (b.recycler() == null) {
                    unpooled.incrementAndGet();
                }
            });
        }
        p.setState(State.PLAYING);
        Message end = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        return seen;
    }

    @Test
    void fakesrcAllocatesFromItsOwnPoolAndBuffersRecycle() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 200).set("size", 32);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        AtomicInteger unpooled = new AtomicInteger();
        Set<Buffer> seen = runAndCollect(p, unpooled, sink);
        assertEquals(0, unpooled.get(), "every buffer came from a pool");
        assertTrue(seen.size() <= 2, "200 buffers, recycled through " + seen.size() + " buffer objects");
    }

    @Test
    void emptyBuffersRecycleThroughAQueueToo() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 1000);
        Queue q = new Queue("q");
        q.set("max-size-buffers", 10);
        FakeSink sink = new FakeSink("sink");
        p.add(src, q, sink);
        Element.linkMany(src, q, sink);
        AtomicInteger unpooled = new AtomicInteger();
        Set<Buffer> seen = runAndCollect(p, unpooled, sink);
        assertEquals(0, unpooled.get());
        // At most the queue's content, one in the sink and one being made exist at once.
        assertTrue(seen.size() <= 13, "1000 buffers through " + seen.size() + " buffer objects");
    }

    @Test
    void aSizeWithoutAPoolObjectGetsAPoolOfThatSizeAndCounts() {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src", Caps.parse("test/x"));
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        sink.proposer = q -> q.addPool(new AllocationQuery.PoolProposal(null, 256, 3, 8));
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result());
        Negotiation n = src.decided.get();
        BufferPool pool = n.pool();
        assertNotNull(pool, "the source made a pool");
        assertTrue(pool.isActive());
        assertEquals(256, pool.config().size());
        assertEquals(3, pool.config().minBuffers());
        assertEquals(8, pool.config().maxBuffers());
        assertEquals(Caps.parse("test/x"), pool.config().caps());
        p.setState(State.NULL);
        assertFalse(pool.isActive(), "deactivated with the source's state");
        assertEquals(0, pool.bufferCount(), "its buffers were freed");
    }

    @Test
    void noSizeMeansNoPool() {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src", Caps.parse("test/x"));
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result());
        assertNull(src.decided.get().pool(), "nobody knows a size: buffers are allocated one by one");
        p.setState(State.NULL);
    }

    @Test
    void reconfigureDrainsTheOldPoolAndMakesANewOne() throws Exception {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src",
                Caps.parse("video/x-raw, format=(string){ RGBA, NV12 }"));
        src.ownPoolSize = 16;
        CapsFilter f = new CapsFilter("f");
        f.setFromString("caps", "video/x-raw, format=RGBA");
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        p.add(src, f, sink);
        Element.linkMany(src, f, sink);
        p.setState(State.PLAYING);
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        BufferPool first = src.decided.get().pool();
        assertNotNull(first);
        f.setFromString("caps", "video/x-raw, format=NV12");
        long deadline = System.nanoTime() + WAIT.toNanos();
        // decideAllocation returns the new decision before the source lets go of the old pool.
        while ((src.decided.get().pool() == first || first.isActive()) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        BufferPool second = src.decided.get().pool();
        assertNotSame(first, second, "renegotiation made a new pool");
        assertFalse(first.isActive(), "the old pool was deactivated: its buffers are freed as they come home");
        assertEquals(Caps.parse("video/x-raw, format=(string)NV12"), second.config().caps());
        p.setState(State.NULL);
        assertFalse(second.isActive());
        assertEquals(0, first.bufferCount());
    }

    @Test
    void teeAggregatedAnswerMakesTheSourceUseItsOwnPool() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 300).set("size", 8);
        Tee tee = new Tee("t");
        p.add(src, tee);
        src.link(tee);
        FakeSink[] sinks = new FakeSink[2];
        AtomicInteger unpooled = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            Queue q = new Queue("q" + i);
            sinks[i] = new FakeSink("sink" + i);
            p.add(q, sinks[i]);
            Element.linkMany(tee, q, sinks[i]);
        }
        Set<Buffer> seen = runAndCollect(p, unpooled, sinks);
        assertEquals(0, unpooled.get(), "both branches got the source's pooled buffers");
        assertTrue(seen.size() < 300, "buffers were recycled: " + seen.size() + " objects for 300 buffers");
    }

    /** A copying transform that knows its output size from its caps. */
    static final class Doubler extends BaseTransform {
        Doubler(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        }

        @Override
        protected boolean inPlace() {
            return false;
        }

        @Override
        protected long transformSize(long inSize) {
            return inSize * 2;
        }

        @Override
        protected long bufferSize(Caps out) {
            return 64;
        }

        @Override
        protected FlowReturn transform(Buffer in, Buffer out) {
            return FlowReturn.OK; // the bytes do not matter here, where they come from does
        }
    }

    @Test
    void aCopyingTransformAllocatesItsOutputFromItsOwnPool() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 100).set("size", 32).setFromString("caps", "test/x");
        Doubler d = new Doubler("d");
        FakeSink sink = new FakeSink("sink");
        p.add(src, d, sink);
        Element.linkMany(src, d, sink);
        AtomicInteger unpooled = new AtomicInteger();
        try (CopyCounter copies = CopyCounter.attach()) {
            Set<Buffer> seen = runAndCollect(p, unpooled, sink);
            assertEquals(0, unpooled.get());
            assertTrue(seen.size() <= 2, "100 outputs through " + seen.size() + " buffer objects");
            assertEquals(0, copies.count(), "allocating from a pool copies nothing: " + copies.totals());
        }
    }
}
