package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.query.AllocationQuery;

@Timeout(60)
class StateOrderTest {

    static final List<String> LOG = new CopyOnWriteArrayList<>();

    static final class Logged extends BaseTransform {
        Logged(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
            setPassthrough(true);
        }

        @Override
        protected boolean passthroughOnSameCaps() {
            return false;
        }

        @Override
        protected StateChangeReturn changeState(StateChange t) {
            LOG.add(name() + ":" + t);
            return super.changeState(t);
        }
    }

    @Test
    void aBinChangesItsChildrenFromSinkToSourceBothWays() {
        LOG.clear();
        Pipeline p = new Pipeline("p");
        Logged a = new Logged("a");
        Logged b = new Logged("b");
        Logged c = new Logged("c");
        p.add(a, c, b); // insertion order differs from link order on purpose
        Element.linkMany(a, b, c);
        p.setState(State.READY);
        p.setState(State.NULL);
        assertEquals(List.of("c:NULL_TO_READY", "b:NULL_TO_READY", "a:NULL_TO_READY",
                "c:READY_TO_NULL", "b:READY_TO_NULL", "a:READY_TO_NULL"), LOG);
    }

    @Test
    void racingStateChangesFromTwoThreadsAlwaysEndCleanly() throws Exception {
        for (int i = 0; i < 200; i++) {
            Pipeline p = new Pipeline("p");
            FakeSrc src = new FakeSrc("src");
            Queue q = new Queue("q");
            FakeSink sink = new FakeSink("sink");
            sink.set("sync", true);
            p.add(src, q, sink);
            Element.linkMany(src, q, sink);
            CountDownLatch go = new CountDownLatch(1);
            Thread up = Thread.ofPlatform().start(() -> {
                await(go);
                p.setState(State.PLAYING);
                p.setState(State.PAUSED);
                p.setState(State.PLAYING);
            });
            Thread down = Thread.ofPlatform().start(() -> {
                await(go);
                p.setState(State.READY);
                p.setState(State.PLAYING);
            });
            go.countDown();
            up.join(10_000);
            down.join(10_000);
            assertTrue(!up.isAlive() && !down.isAlive(), "state change deadlocked in round " + i);
            assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL), "round " + i);
            for (Element e : p.children()) {
                assertEquals(State.NULL, e.currentState(), e + " in round " + i);
            }
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A copying transform: doubles every buffer, allocating as downstream proposed. */
    static class Doubler extends BaseTransform {
        volatile long lastAlignMask = -1;

        Doubler(String name) {
            super(name, PadTemplate.sink(Caps.parse("test/bytes")), PadTemplate.src(Caps.parse("test/bytes")));
        }

        @Override
        protected boolean passthroughOnSameCaps() {
            return false;
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
        protected FlowReturn transform(Buffer in, Buffer out) {
            byte[] bytes = in.extractBytes(0, in.size());
            out.fill(0, bytes);
            out.fill(bytes.length, bytes);
            lastAlignMask = negotiation() == null ? -1 : negotiation().params().align();
            return FlowReturn.OK;
        }
    }

    @Test
    void aCopyingTransformAllocatesAsDownstreamProposed() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 5).set("size", 10).setFromString("caps", "test/bytes");
        Doubler d = new Doubler("d");
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.parse("test/bytes"));
        sink.proposer = q -> q.addAllocator(new AllocationQuery.AllocatorProposal(null,
                AllocationParams.DEFAULT.withAlign(127)));
        List<Long> sizes = new CopyOnWriteArrayList<>();
        p.add(src, d, sink);
        Element.linkMany(src, d, sink);
        FakeSink unused = new FakeSink("unused");
        p.setState(State.PLAYING);
        Message m = p.bus().pop(java.time.Duration.ofSeconds(5), Message.Eos.class, Message.Error.class);
        assertTrue(m instanceof Message.Eos, String.valueOf(m));
        assertEquals(127, d.lastAlignMask);
        assertEquals(5, sink.rendered());
        p.setState(State.NULL);
        assertTrue(sizes.isEmpty() && unused.currentState() == State.NULL);
    }

    @Test
    void identityChainWithQueuesUpAndDownWithData() {
        for (int round = 0; round < 20; round++) {
            Pipeline p = new Pipeline("p");
            FakeSrc src = new FakeSrc("src");
            src.set("size", 4);
            Identity i1 = new Identity("i1");
            Queue q = new Queue("q");
            Identity i2 = new Identity("i2");
            FakeSink sink = new FakeSink("sink");
            p.add(src, i1, q, i2, sink);
            Element.linkMany(src, i1, q, i2, sink);
            for (State s : new State[] {State.PLAYING, State.PAUSED, State.PLAYING, State.READY, State.PLAYING,
                    State.NULL}) {
                StateChangeReturn r = p.setState(s);
                assertTrue(r != StateChangeReturn.FAILURE, s + " in round " + round);
                StateResult res = p.getState(java.time.Duration.ofSeconds(5));
                assertEquals(s, res.current(), "round " + round + " " + res);
            }
        }
    }

    @Test
    void transformsProposeAllocationUpstream() {
        // Copying: only the metas downstream accepts and the transform carries; no pool.
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src", Caps.parse("test/bytes"));
        src.set("num-buffers", 2);
        Doubler d = new Doubler("d") {
            @Override
            protected boolean carriesMeta(org.zeropipe.core.meta.MetaApi api) {
                return api == org.zeropipe.core.video.VideoMeta.API;
            }
        };
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.parse("test/bytes"));
        sink.proposer = q -> {
            q.addPool(new AllocationQuery.PoolProposal(null, 64, 4, 0));
            q.addMeta(org.zeropipe.core.video.VideoMeta.API, null);
            q.addMeta(org.zeropipe.core.video.VideoCropMeta.API, null);
        };
        p.add(src, d, sink);
        Element.linkMany(src, d, sink);
        p.setState(State.PLAYING);
        assertTrue(p.bus().pop(java.time.Duration.ofSeconds(5), Message.Eos.class, Message.Error.class) instanceof Message.Eos);
        AllocationQuery seen = src.lastQuery;
        assertTrue(src.answered);
        assertTrue(seen.hasMeta(org.zeropipe.core.video.VideoMeta.API));
        assertTrue(!seen.hasMeta(org.zeropipe.core.video.VideoCropMeta.API));
        assertTrue(seen.pools().isEmpty(), "a copying transform does not pass downstream's pool upstream");
        p.setState(State.NULL);
    }

    @Test
    void inPlaceTransformsForwardTheAllocationQuery() {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src", Caps.parse("test/bytes"));
        src.set("num-buffers", 2);
        BaseTransform inPlace = new BaseTransform("ip", PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY)) {
            @Override
            protected boolean passthroughOnSameCaps() {
                return false;
            }
        };
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        sink.proposer = q -> q.addPool(new AllocationQuery.PoolProposal(null, 64, 4, 0));
        p.add(src, inPlace, sink);
        Element.linkMany(src, inPlace, sink);
        p.setState(State.PLAYING);
        assertTrue(p.bus().pop(java.time.Duration.ofSeconds(5), Message.Eos.class, Message.Error.class) instanceof Message.Eos);
        assertEquals(4, src.decided.get().minBuffers(), "downstream's answer reached the source");
        p.setState(State.NULL);
    }
}
