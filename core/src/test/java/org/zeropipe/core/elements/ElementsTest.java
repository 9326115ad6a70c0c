package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.TaskThreads;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.video.VideoCropMeta;
import org.zeropipe.core.video.VideoMeta;

@Timeout(20)
class ElementsTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void appsrcToAppsinkPassesTheSameBufferObjects() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("in");
        AppSink sink = new AppSink("out");
        sink.set("sync", false);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        List<Buffer> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Buffer b = Buffer.allocate(32);
            b.setPts(i);
            sent.add(b);
            assertTrue(src.pushBuffer(b));
        }
        src.endOfStream();
        for (int i = 0; i < 5; i++) {
            try (Sample s = sink.pullSample(WAIT)) {
                assertNotNull(s, "sample " + i);
                assertSame(sent.get(i), s.buffer(), "by reference, never a copy");
                assertEquals(i, s.buffer().pts());
            }
        }
        assertNull(sink.pullSample(Duration.ofMillis(500)));
        assertTrue(sink.isEos());
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        p.setState(State.NULL);
    }

    @Test
    void appsinkPushModeAndTimeout() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 20);
        AppSink sink = new AppSink("out");
        sink.set("sync", false);
        CopyOnWriteArrayList<Long> sizes = new CopyOnWriteArrayList<>();
        sink.setCallback(s -> {
            try (s) {
                sizes.add(s.buffer().size());
            }
            return FlowReturn.OK;
        });
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        assertEquals(20, sizes.size());
        p.setState(State.NULL);
    }

    @Test
    void appsinkPullTimesOutWithoutData() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("in");
        AppSink sink = new AppSink("out");
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        long t0 = System.nanoTime();
        assertNull(sink.pullSample(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - t0 >= 90_000_000L);
        p.setState(State.NULL);
    }

    @Test
    void filesrcToFilesinkCopiesAFile(@TempDir Path dir) throws Exception {
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Path in = dir.resolve("in.bin");
        Path out = dir.resolve("out.bin");
        Files.write(in, data);
        Pipeline p = new Pipeline("p");
        FileSrc src = new FileSrc("fs");
        src.set("location", in.toString()).set("blocksize", 999);
        FileSink sink = new FileSink("fk");
        sink.set("location", out.toString());
        p.add(src, new Queue("q"), sink);
        Element.linkMany(src, p.byName("q"), sink);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        org.zeropipe.core.query.DurationQuery dq = new org.zeropipe.core.query.DurationQuery(
                org.zeropipe.core.Format.BYTES);
        assertTrue(src.query(dq));
        assertEquals(10_000, dq.duration());
        p.setState(State.NULL);
        assertArrayEquals(data, Files.readAllBytes(out));
    }

    @Test
    void filesrcRefusesATimeSeekInsteadOfReadingItAsAByteOffset(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.bin");
        Files.write(in, new byte[10_000]);
        Pipeline p = new Pipeline("p");
        FileSrc src = new FileSrc("fs");
        src.set("location", in.toString()).set("blocksize", 1000);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        try {
            p.setState(State.PAUSED);
            assertEquals(State.PAUSED, p.getState(WAIT).current());
            assertFalse(p.sendEvent(new org.zeropipe.core.event.Event.Seek(1.0, org.zeropipe.core.Format.TIME, true,
                    2 * org.zeropipe.core.buffer.ClockTime.SECOND, -1)), "a TIME seek is refused");
            Message m = p.bus().pop(WAIT, Message.Warning.class);
            assertInstanceOf(Message.Warning.class, m);
            assertTrue(((Message.Warning) m).text().contains("BYTES"), m.toString());
            assertTrue(p.sendEvent(new org.zeropipe.core.event.Event.Seek(1.0, org.zeropipe.core.Format.BYTES, true,
                    4000, -1)), "a BYTES seek is done");
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void filesrcWithAMissingFileFailsReadyToPausedWithAnError(@TempDir Path dir) {
        Pipeline p = new Pipeline("p");
        FileSrc src = new FileSrc("fs");
        src.set("location", dir.resolve("nope").toString());
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        assertEquals(org.zeropipe.core.pipeline.StateChangeReturn.FAILURE, p.setState(State.PAUSED));
        Message.Error e = p.bus().await(Message.Error.class, WAIT);
        assertEquals("fs", e.sourceName());
        assertTrue(e.text().contains("nope"), e.text());
        assertEquals(org.zeropipe.core.pipeline.StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }

    @Test
    void teeSendsEachBufferToEveryBranchWithoutCopying() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 30).set("size", 100);
        Tee tee = new Tee("t");
        FakeSink a = new FakeSink("a");
        FakeSink b = new FakeSink("b");
        Queue qa = new Queue("qa");
        Queue qb = new Queue("qb");
        p.add(src, tee, qa, qb, a, b);
        src.link(tee);
        Element.linkMany(tee, qa, a);
        Element.linkMany(tee, qb, b);
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
            assertEquals(30, a.rendered());
            assertEquals(30, b.rendered());
            assertEquals(0, copies.bytes());
        }
        p.setState(State.NULL);
    }

    /** A sink that answers allocation queries with fixed proposals. */
    static final class ProposingSink extends org.zeropipe.core.base.BaseSink {
        final long align;
        final int min;
        final List<MetaApi> metas;

        ProposingSink(String name, long align, int min, MetaApi... metas) {
            super(name, org.zeropipe.core.pipeline.PadTemplate.sink(Caps.ANY), false);
            this.align = align;
            this.min = min;
            this.metas = List.of(metas);
        }

        @Override
        protected boolean proposeAllocation(AllocationQuery q) {
            q.addPool(new AllocationQuery.PoolProposal(new org.zeropipe.core.pool.BufferPool("proposed"), 4096, min, 0));
            q.addAllocator(new AllocationQuery.AllocatorProposal(null, AllocationParams.DEFAULT.withAlign(align)));
            for (MetaApi m : metas) {
                q.addMeta(m, null);
            }
            return true;
        }

        @Override
        protected FlowReturn render(Buffer buffer) {
            return FlowReturn.OK;
        }
    }

    @Test
    void teeAggregatesAllocationAnswers() {
        Pipeline p = new Pipeline("p");
        Tee tee = new Tee("t");
        ProposingSink a = new ProposingSink("a", 15, 2, VideoMeta.API, VideoCropMeta.API);
        ProposingSink b = new ProposingSink("b", 63, 5, VideoMeta.API);
        p.add(tee, a, b);
        tee.link(a);
        tee.link(b);
        p.setState(State.PAUSED);
        AllocationQuery q = new AllocationQuery(Caps.parse("video/x-raw, format=(string)RGBA"), true);
        Pad sink = tee.staticPad("sink");
        assertTrue(sink.query(q));
        assertEquals(1, q.pools().size());
        assertNull(q.pools().get(0).pool(), "tee never forwards a pool");
        assertEquals(6, q.pools().get(0).min(),
                "the largest min-buffers, plus one with more than one branch (gsttee.c)");
        assertEquals(4096, q.pools().get(0).size());
        assertNull(q.allocators().get(0).allocator(), "tee never forwards an allocator");
        assertEquals(63, q.allocators().get(0).params().align(), "the largest alignment");
        assertTrue(q.hasMeta(VideoMeta.API));
        assertFalse(q.hasMeta(VideoCropMeta.API), "only metas every branch accepts");
        p.setState(State.NULL);
    }

    @Test
    void teeProposesNoPoolWhenNoBranchGaveASize() {
        Pipeline p = new Pipeline("p");
        Tee tee = new Tee("t");
        FakeSink a = new FakeSink("a");
        p.add(tee, a);
        tee.link(a);
        p.setState(State.PAUSED);
        AllocationQuery q = new AllocationQuery(Caps.parse("video/x-raw, format=(string)RGBA"), true);
        assertTrue(tee.staticPad("sink").query(q));
        assertTrue(q.pools().isEmpty(), "no pool of size 0: " + q.pools());
        p.setState(State.NULL);
    }

    @Test
    void teeAddsNoBufferForASingleBranch() {
        Pipeline p = new Pipeline("p");
        Tee tee = new Tee("t");
        ProposingSink a = new ProposingSink("a", 15, 3);
        p.add(tee, a);
        tee.link(a);
        p.setState(State.PAUSED);
        AllocationQuery q = new AllocationQuery(Caps.parse("video/x-raw, format=(string)RGBA"), true);
        assertTrue(tee.staticPad("sink").query(q));
        assertEquals(3, q.pools().get(0).min());
        p.setState(State.NULL);
    }

    @Test
    void teeRequestPadsAreNamedAndReleased() {
        Tee tee = new Tee("t");
        Pad p0 = tee.requestPad("src_%u");
        Pad p1 = tee.requestPad("src_%u");
        assertEquals("src_0", p0.name());
        assertEquals("src_1", p1.name());
        tee.releaseRequestPad(p0);
        assertEquals(List.of(p1), tee.srcPads());
    }

    @Test
    void appsinkPrerollIsTheFirstBufferInPaused() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("in");
        AppSink sink = new AppSink("out");
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PAUSED);
        Buffer b = Buffer.allocate(8);
        b.setPts(42);
        src.pushBuffer(b);
        assertEquals(State.PAUSED, p.getState(WAIT).current());
        try (Sample s = sink.pullPreroll(WAIT)) {
            assertSame(b, s.buffer());
            assertEquals(42, s.buffer().pts());
        }
        p.setState(State.NULL);
    }

    @Test
    void anEosSentToALivePipelineEndsItFromTheStreamingThread() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("is-live", true);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        assertTrue(p.sendEvent(new org.zeropipe.core.event.Event.Eos()));
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        p.setState(State.NULL);
    }

    @Test
    void aBranchAddedToARunningTee() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("size", 4).setFromString("caps", "test/x");
        Tee tee = new Tee("t");
        Queue q1 = new Queue("q1");
        FakeSink s1 = new FakeSink("s1");
        p.add(src, tee, q1, s1);
        src.link(tee);
        Element.linkMany(tee, q1, s1);
        p.setState(State.PLAYING);
        assertEquals(State.PLAYING, p.getState(WAIT).current());

        Queue q2 = new Queue("q2");
        FakeSink s2 = new FakeSink("s2");
        p.add(q2, s2);
        q2.link(s2);
        s2.syncStateWithParent();
        q2.syncStateWithParent();
        tee.link(q2);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (s2.rendered() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(s2.rendered() >= 10, "the new branch gets data");
        assertEquals(State.PLAYING, s2.getState(WAIT).current(), "the new sink prerolled and plays");
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        assertEquals(org.zeropipe.core.caps.Caps.parse("test/x"), s2.staticPad("sink").currentCaps(),
                "the new branch got the sticky caps first");
        assertEquals(org.zeropipe.core.pipeline.StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }

    @Test
    void aLivePipelinePausesAndResumes() throws Exception {
        String[] pausedAt = {"BaseSource.waitPlaying", "Queue.chain"};
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("is-live", true);
        Queue q = new Queue("q");
        FakeSink sink = new FakeSink("sink");
        p.add(src, q, sink);
        Element.linkMany(src, q, sink);
        for (int round = 0; round < 3; round++) {
            p.setState(State.PLAYING);
            long before = sink.rendered();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sink.rendered() < before + 10 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(sink.rendered() >= before + 10, "round " + round);
            assertEquals(org.zeropipe.core.pipeline.StateChangeReturn.NO_PREROLL, p.setState(State.PAUSED));
            // The buffer being made when PAUSED came (already counted) may still be pushed and
            // wait in the full queue; else the streaming thread waits for PLAYING. Either way
            // nothing more is produced from there on.
            TaskThreads.awaitBlockedIn(src.staticPad("src"), WAIT, pausedAt);
            long paused = src.produced();
            Thread.sleep(30);
            assertEquals(paused, src.produced(), "a paused live source produces nothing");
            TaskThreads.awaitBlockedIn(src.staticPad("src"), WAIT, pausedAt);
        }
        assertEquals(org.zeropipe.core.pipeline.StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }
}
