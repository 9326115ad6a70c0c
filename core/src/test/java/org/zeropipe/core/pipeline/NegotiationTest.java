package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.CapsFilter;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.video.VideoMeta;

@Timeout(20)
class NegotiationTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Caps OFFER = Caps.parse("video/x-raw, format=(string){ RGBA, NV12, I420 }, width=(int)[ 1, 4096 ], height=(int)[ 1, 4096 ]");

    private static Caps prerollAndGetCaps(Pipeline p, Pad pad) {
        assertTrue(p.setState(State.PAUSED) != StateChangeReturn.FAILURE);
        StateResult r = p.getState(WAIT);
        assertEquals(StateChangeReturn.SUCCESS, r.result(), () -> String.valueOf(p.bus().pop()));
        return pad.currentCaps();
    }

    @Test
    void aCapsFilterForcesTheSourcesChoice() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("caps", OFFER);
        CapsFilter f = new CapsFilter("f");
        f.setFromString("caps", "video/x-raw, format=NV12, width=640, height=480");
        FakeSink sink = new FakeSink("sink");
        p.add(src, f, sink);
        Element.linkMany(src, f, sink);
        Caps got = prerollAndGetCaps(p, sink.staticPad("sink"));
        assertEquals(Caps.parse("video/x-raw, format=(string)NV12, width=(int)640, height=(int)480"), got);
        p.setState(State.NULL);
    }

    @Test
    void aRestrictedSinkForcesTheChoiceThroughACapsFilter() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("caps", OFFER);
        CapsFilter f = new CapsFilter("f");
        f.setFromString("caps", "video/x-raw, width=320, height=240");
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.parse("video/x-raw, format=(string)I420"));
        p.add(src, f, sink);
        Element.linkMany(src, f, sink);
        prerollAndGetCaps(p, sink.staticPad("sink"));
        assertEquals(Caps.parse("video/x-raw, format=(string)I420, width=(int)320, height=(int)240"), sink.received);
        p.setState(State.NULL);
    }

    @Test
    void linkingIncompatiblePadsNamesTheField() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("caps", Caps.parse("video/x-raw, format=(string)RGBA, width=(int)64"));
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.parse("video/x-raw, format=(string)NV12"));
        p.add(src, sink);
        PadLinkException e = assertThrows(PadLinkException.class, () -> src.link(sink));
        assertEquals(PadLinkException.Reason.NOFORMAT, e.reason());
        assertTrue(e.getMessage().contains("src:src") && e.getMessage().contains("sink:sink"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'format'"), e.getMessage());
        assertTrue(e.getMessage().contains("RGBA") && e.getMessage().contains("NV12"), e.getMessage());
    }

    @Test
    void theExplainerNamesAFeatureMismatch() {
        String why = CapsExplainer.explain(Caps.parse("video/x-raw(memory:GLMemory), format=RGBA"),
                Caps.parse("video/x-raw, format=RGBA"));
        assertTrue(why.contains("memory:GLMemory") && why.contains("memory:SystemMemory"), why);
        String media = CapsExplainer.explain(Caps.parse("audio/x-raw"), Caps.parse("video/x-raw"));
        assertTrue(media.contains("audio/x-raw") && media.contains("video/x-raw"), media);
    }

    @Test
    void aRuntimeNotNegotiatedErrorNamesBothPadsTheirCapsAndTheField() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("caps", Caps.parse("video/x-raw, format=(string)RGBA, width=(int)64"));
        CapsFilter f = new CapsFilter("f");
        FakeSink sink = new FakeSink("sink");
        p.add(src, f, sink);
        Element.linkMany(src, f, sink);
        // Linked while compatible; the filter then changes its mind before data flows.
        f.setFromString("caps", "video/x-raw, format=NV12");
        p.setState(State.PLAYING);
        Message m = p.bus().pop(WAIT, Message.Error.class);
        assertNotNull(m);
        Message.Error err = (Message.Error) m;
        assertEquals("src", err.sourceName());
        assertTrue(err.text().contains("src:src") && err.text().contains("f:sink"), err.text());
        assertTrue(err.text().contains("field 'format'"), err.text());
        assertTrue(err.text().contains("RGBA") && err.text().contains("NV12"), err.text());
        assertEquals(StateChangeReturn.FAILURE, p.getState(WAIT).result());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }

    @Test
    void theAllocationQueryAnswerIsUsedUpstream() {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src", Caps.parse("video/x-raw, format=(string)RGBA, width=(int)8, height=(int)8"));
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        sink.proposer = q -> {
            q.addPool(new AllocationQuery.PoolProposal(null, 256, 3, 8));
            q.addAllocator(new AllocationQuery.AllocatorProposal(null, AllocationParams.DEFAULT.withAlign(63)));
            q.addMeta(VideoMeta.API, null);
        };
        p.add(src, sink);
        src.link(sink);
        prerollAndGetCaps(p, sink.staticPad("sink"));
        assertTrue(src.answered);
        assertEquals(256, src.decided.get().size());
        assertEquals(3, src.decided.get().minBuffers());
        assertEquals(8, src.decided.get().maxBuffers());
        assertEquals(63, src.decided.get().params().align());
        p.setState(State.NULL);
    }

    @Test
    void anIgnoredAllocationQueryFallsBackToDefaults() {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src", Caps.parse("video/x-raw, format=(string)RGBA"));
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        p.add(src, sink);
        src.link(sink);
        prerollAndGetCaps(p, sink.staticPad("sink"));
        assertEquals(false, src.answered);
        assertEquals(AllocationParams.DEFAULT, src.decided.get().params());
        assertEquals(0, src.decided.get().minBuffers());
        p.setState(State.NULL);
    }

    @Test
    void reconfigureRenegotiatesCapsAndAllocation() throws Exception {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src",
                Caps.parse("video/x-raw, format=(string){ RGBA, NV12 }"));
        CapsFilter f = new CapsFilter("f");
        f.setFromString("caps", "video/x-raw, format=RGBA");
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        p.add(src, f, sink);
        Element.linkMany(src, f, sink);
        p.setState(State.PLAYING);
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        assertEquals(Caps.parse("video/x-raw, format=(string)RGBA"), sink.received);
        int before = src.negotiations;
        f.setFromString("caps", "video/x-raw, format=NV12");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Caps.parse("video/x-raw, format=(string)NV12").equals(sink.received) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Caps.parse("video/x-raw, format=(string)NV12"), sink.received, () -> drainErrors(p).toString()
                + " negotiations " + src.negotiations + " before " + before + " task " + src.staticPad("src").isTaskRunning());
        assertTrue(src.negotiations > before, "the allocation query ran again");
        assertEquals(Set.of(), Set.copyOf(drainErrors(p)));
        p.setState(State.NULL);
    }

    private static java.util.List<String> drainErrors(Pipeline p) {
        java.util.List<String> errs = new java.util.ArrayList<>();
        Message m;
        while ((m = p.bus().pop()) != null) {
            if (m instanceof Message.Error e) {
                errs.add(e.toString());
            }
        }
        return errs;
    }

    @Test
    void capsEventWithUnfixedCapsIsMisuse() {
        assertThrows(IllegalArgumentException.class,
                () -> new org.zeropipe.core.event.Event.CapsEvent(Caps.parse("video/x-raw, width=[1, 2]")));
        assertInstanceOf(org.zeropipe.core.event.Event.CapsEvent.class,
                new org.zeropipe.core.event.Event.CapsEvent(Caps.parse("video/x-raw, width=1")));
    }

    @Test
    void aProposedPoolIsConfiguredActivatedUsedAndDeactivated() {
        org.zeropipe.core.pool.BufferPool pool = new org.zeropipe.core.pool.BufferPool("sinkpool");
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 50).set("size", 64).setFromString("caps", "test/x");
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        sink.proposer = q -> q.addPool(new AllocationQuery.PoolProposal(pool, 64, 2, 4));
        java.util.concurrent.atomic.AtomicInteger pooled = new java.util.concurrent.atomic.AtomicInteger();
        p.add(src, sink);
        src.link(sink);
        FakeSink unused = new FakeSink("unused");
        sink.onRender = b -> {
            if (b.recycler() != null && pool.outstandingCount() > 0) {
                pooled.incrementAndGet(); // a pool's buffer, and only this pool exists here
            }
        };
        p.setState(State.PLAYING);
        Message end = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        int fromPool = pooled.get();
        boolean active = pool.isActive();
        int count = pool.bufferCount();
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        assertEquals(50, fromPool, "every buffer came from the proposed pool");
        assertTrue(active);
        assertTrue(count <= 4, "the pool's max was kept: " + count);
        assertEquals(Caps.parse("test/x"), pool.config().caps());
        assertTrue(!pool.isActive(), "deactivated when the source stopped");
        assertEquals(State.NULL, unused.currentState());
    }
}
