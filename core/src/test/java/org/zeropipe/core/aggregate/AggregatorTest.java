package org.zeropipe.core.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadProbe;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.pipeline.TaskThreads;
import org.zeropipe.core.query.LatencyQuery;

/** The aggregator base: when it produces, EOS, flushing seeks, live deadlines, shutdown, pad properties. */
@Timeout(60)
class AggregatorTest {

    static final Caps CAPS = Caps.parse("test/x");

    /** A pad with one property, as subclasses declare theirs. */
    static final class WeightPad extends AggregatorPad {
        final Property<Integer> weight = declare(PropertySpec.ofInt("weight", 1, 0, 100, "how much it counts"));

        WeightPad(String name, PadTemplate t) {
            super(name, t);
        }
    }

    /**
     * Takes one buffer from every pad that has one and pushes their bytes, in pad order, each
     * repeated {@code weight} times; stamped with the first input's pts. On a live timeout a
     * pad without data contributes nothing, and the output is stamped with the deadline's time.
     */
    static final class Concat extends Aggregator {
        final List<Boolean> timeouts = new CopyOnWriteArrayList<>();

        Concat(String name) {
            super(name, new PadTemplate(SINK_TEMPLATE, PadDirection.SINK, PadPresence.REQUEST, CAPS),
                    PadTemplate.src(CAPS));
        }

        @Override
        protected AggregatorPad createPad(String padName, PadTemplate template) {
            return new WeightPad(padName, template);
        }

        @Override
        protected FlowReturn aggregate(boolean timeout) {
            timeouts.add(timeout);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            long pts = ClockTime.NONE;
            for (AggregatorPad p : aggregatorPads()) {
                Buffer b = p.popBuffer();
                if (b == null) {
                    continue;
                }
                if (pts == ClockTime.NONE) {
                    pts = b.pts();
                }
                byte[] in = b.extractBytes(0, b.size());
                for (int i = 0; i < ((WeightPad) p).weight.get(); i++) {
                    bytes.writeBytes(in);
                }
                b.unref();
            }
            if (timeout) {
                pts = nextOutputRunningTime();
            }
            byte[] out = bytes.toByteArray();
            Buffer o = Buffer.allocate(Math.max(1, out.length));
            o.fill(0, out.length == 0 ? new byte[] {0} : out);
            o.setPts(pts);
            o.setDuration(ClockTime.MSECOND * 10);
            return finishBuffer(o);
        }
    }

    static Buffer buffer(int value, long pts) {
        Buffer b = Buffer.allocate(1);
        b.fill(0, new byte[] {(byte) value});
        b.setPts(pts);
        b.setDuration(ClockTime.MSECOND * 10);
        return b;
    }

    record Graph(Pipeline p, AppSrc a, AppSrc b, Concat agg, AppSink sink) {
    }

    static Graph graph(boolean live) {
        Pipeline p = new Pipeline("p");
        AppSrc a = new AppSrc("a");
        AppSrc b = new AppSrc("b");
        for (AppSrc s : List.of(a, b)) {
            s.set("caps", CAPS).set("is-live", live);
        }
        Concat agg = new Concat("agg");
        AppSink sink = new AppSink("sink");
        sink.set("sync", false);
        p.add(a, b, agg, sink);
        a.link(agg);
        b.link(agg);
        agg.link(sink);
        return new Graph(p, a, b, agg, sink);
    }

    private static byte[] pull(AppSink sink) {
        try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
            assertNotNull(s, "no output");
            return s.buffer().extractBytes(0, s.buffer().size());
        }
    }

    @Test
    void waitsForEveryPadThenCombinesAndEndsWhenAllEnded() {
        Graph g = graph(false);
        assertEquals(List.of("sink_0", "sink_1"), g.agg.sinkPads().stream().map(Pad::name).toList());
        g.agg.sinkPads().get(1).set("weight", 2);
        g.p.setState(State.PLAYING);
        g.a.pushBuffer(buffer(1, 0));
        g.a.pushBuffer(buffer(2, 10_000_000));
        g.b.pushBuffer(buffer(7, 0));
        assertArrayEquals(new byte[] {1, 7, 7}, pull(g.sink));
        // b ends: a's buffers go on alone.
        g.b.endOfStream();
        assertArrayEquals(new byte[] {2}, pull(g.sink));
        g.a.pushBuffer(buffer(3, 20_000_000));
        assertArrayEquals(new byte[] {3}, pull(g.sink));
        g.a.endOfStream();
        Message m = g.p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        assertEquals(List.of(false, false, false), g.agg.timeouts, "a non-live aggregator never times out");
        g.p.setState(State.NULL);
    }

    @Test
    void aFullPadBlocksUpstreamAndShutdownStillCompletes() throws InterruptedException {
        Graph g = graph(false);
        g.p.setState(State.PLAYING);
        for (int i = 0; i < 20; i++) {
            g.a.pushBuffer(buffer(i, i * 10_000_000L)); // b never sends: a's thread blocks in our chain
        }
        TaskThreads.awaitBlockedIn(g.a.srcPads().getFirst(), Duration.ofSeconds(20), "Aggregator.chain");
        assertNull(g.sink.pullSample(Duration.ofMillis(50)), "nothing may come out while b has no data");
        assertEquals(StateChangeReturn.SUCCESS, g.p.setState(State.NULL));
    }

    @Test
    void padsRequestedAndReleasedWhilePlaying() {
        Graph g = graph(false);
        g.p.setState(State.PLAYING);
        g.a.pushBuffer(buffer(1, 0));
        g.b.pushBuffer(buffer(2, 0));
        assertArrayEquals(new byte[] {1, 2}, pull(g.sink));
        Pad extra = g.agg.requestPad(Aggregator.SINK_TEMPLATE, "sink_5");
        assertEquals("sink_6", g.agg.requestPad(Aggregator.SINK_TEMPLATE).name());
        g.agg.releaseRequestPad(g.agg.staticPad("sink_6"));
        assertThrows(IllegalArgumentException.class, () -> g.agg.requestPad(Aggregator.SINK_TEMPLATE, "sink_5"));
        g.a.pushBuffer(buffer(3, 10_000_000));
        g.b.pushBuffer(buffer(4, 10_000_000));
        assertNull(g.sink.pullSample(Duration.ofMillis(50)), "the new pad has no data yet");
        // Releasing the pad that held everything up lets the others go on.
        g.agg.releaseRequestPad(extra);
        assertArrayEquals(new byte[] {3, 4}, pull(g.sink));
        g.p.setState(State.NULL);
    }

    @Test
    void liveDeadlinePassesWithoutTheSlowPad() {
        Graph g = graph(true);
        g.agg.set("latency", 20 * ClockTime.MSECOND);
        g.p.setState(State.PLAYING);
        LatencyQuery q = new LatencyQuery();
        assertTrue(g.agg.srcPad.query(q));
        assertTrue(q.live());
        assertEquals(20 * ClockTime.MSECOND, q.min(), "upstream's minimum (0) plus the latency property");
        g.a.pushBuffer(buffer(1, 0)); // b never sends: the deadline (0 + 20 ms) makes the output
        assertArrayEquals(new byte[] {1}, pull(g.sink));
        assertTrue(g.agg.timeouts.contains(true), String.valueOf(g.agg.timeouts));
        g.p.setState(State.NULL);
    }

    @Test
    void aFlushingSeekFlushesDownstreamOnceAndRestarts() {
        Pipeline p = new Pipeline("p");
        FakeSrc a = new FakeSrc("a");
        FakeSrc b = new FakeSrc("b");
        for (FakeSrc s : List.of(a, b)) {
            s.setFromString("caps", "test/x");
            s.set("size", 1).set("duration", 10 * ClockTime.MSECOND);
        }
        Concat agg = new Concat("agg");
        FakeSink sink = new FakeSink("sink");
        p.add(a, b, agg, sink);
        a.link(agg);
        b.link(agg);
        agg.link(sink);
        List<String> flushes = new CopyOnWriteArrayList<>();
        sink.sinkPads().getFirst().addProbe(java.util.Set.of(PadProbe.Type.EVENT_DOWNSTREAM), false, (pad, type, item) -> {
            if (item instanceof Event.FlushStart || item instanceof Event.FlushStop
                    || item instanceof Event.SegmentEvent) {
                flushes.add(((Event) item).typeName());
            }
            return PadProbe.Return.OK;
        });
        p.setState(State.PLAYING);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(Duration.ofSeconds(20)).result());
        assertTrue(p.sendEvent(new Event.Seek(1.0, org.zeropipe.core.Format.TIME, true, 500 * ClockTime.MSECOND,
                ClockTime.NONE)));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (flushes.stream().filter(s -> s.equals("segment")).count() < 2 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("segment", "flush-start", "flush-stop", "segment"), flushes);
        assertTrue(agg.srcSegment().start() == 500 * ClockTime.MSECOND, String.valueOf(agg.srcSegment()));
        p.setState(State.NULL);
    }

    /** A source of 1-byte test/x buffers that refuses every seek. */
    static final class Unseekable extends org.zeropipe.core.base.BaseSource {
        private long pts;

        Unseekable(String name) {
            super(name, PadTemplate.src(CAPS));
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        protected boolean prepareSeek(Event.Seek seek) {
            return false;
        }

        @Override
        protected org.zeropipe.core.caps.Caps fixate(Caps caps) {
            return CAPS;
        }

        @Override
        protected FlowReturn create(Buffer[] out) {
            out[0] = buffer(1, pts);
            pts += 10 * ClockTime.MSECOND;
            return FlowReturn.OK;
        }
    }

    @Test
    void aFlushingSeekEveryUpstreamRefusesFailsAndLeavesTheSegment() {
        Pipeline p = new Pipeline("p");
        Unseekable a = new Unseekable("a");
        Unseekable b = new Unseekable("b");
        Concat agg = new Concat("agg");
        FakeSink sink = new FakeSink("sink");
        p.add(a, b, agg, sink);
        a.link(agg);
        b.link(agg);
        agg.link(sink);
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(Duration.ofSeconds(20)).result());
        var before = agg.srcSegment();
        boolean[] result = {true};
        Thread t = Thread.ofPlatform().start(() -> result[0] = p.sendEvent(new Event.Seek(1.0,
                org.zeropipe.core.Format.TIME, true, 500 * ClockTime.MSECOND, ClockTime.NONE)));
        try {
            t.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), "the refused seek must return");
        assertTrue(!result[0], "every upstream refused it");
        assertEquals(before, agg.srcSegment());
        p.setState(State.PLAYING);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(Duration.ofSeconds(20)).result());
        p.setState(State.NULL);
    }

    @Test
    void padPropertiesAreCheckedAndNamed() {
        Concat agg = new Concat("agg");
        Pad pad = agg.requestPad(Aggregator.SINK_TEMPLATE);
        pad.setFromString("weight", "3");
        assertEquals(3, pad.get("weight"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pad.set("weight", 101));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pad.set("xpos", 1));
        assertTrue(e.getMessage().contains("agg:sink_0") && e.getMessage().contains("weight"), e.getMessage());
        assertEquals(List.of(), agg.srcPad.propertySpecs(), "a plain pad has none");
    }

    @Test
    void launchSetsPadPropertiesRequestingThePads() {
        if (org.zeropipe.core.pipeline.ElementRegistry.find("aggtestconcat") == null) {
            org.zeropipe.core.pipeline.ElementRegistry.register(
                    new org.zeropipe.core.pipeline.ElementFactory("aggtestconcat", "test aggregator", Concat::new));
        }
        Pipeline p = org.zeropipe.core.launch.LaunchParser.parse(
                "aggtestconcat name=m sink_1::weight=3 sink_0::weight=2 ! fakesink  fakesrc ! m.sink_0  fakesrc ! m.");
        org.zeropipe.core.pipeline.Element m = p.byName("m");
        assertEquals(2, m.staticPad("sink_0").get("weight"));
        assertEquals(3, m.staticPad("sink_1").get("weight"));
        assertTrue(m.staticPad("sink_0").isLinked() && m.staticPad("sink_1").isLinked(), "links use the requested pads");
        org.zeropipe.core.launch.LaunchParseException e = assertThrows(org.zeropipe.core.launch.LaunchParseException.class,
                () -> org.zeropipe.core.launch.LaunchParser.parse("aggtestconcat sink_0::wieght=2 ! fakesink"));
        assertEquals(22, e.position(), e.getMessage());
        assertTrue(e.problem().contains("no property 'wieght'") && e.problem().contains("weight"), e.problem());
        e = assertThrows(org.zeropipe.core.launch.LaunchParseException.class,
                () -> org.zeropipe.core.launch.LaunchParser.parse("aggtestconcat src_0::weight=2 ! fakesink"));
        assertTrue(e.problem().contains("no pad 'src_0'"), e.problem());
        e = assertThrows(org.zeropipe.core.launch.LaunchParseException.class,
                () -> org.zeropipe.core.launch.LaunchParser.parse("aggtestconcat sink_0::weight=200 ! fakesink"));
        assertEquals(29, e.position(), e.getMessage());
        // No link makes sink_1: gst-launch's deferred setting never applies; requesting it
        // would leave an unlinked pad the aggregator waits on forever.
        String unlinked = "fakesrc ! aggtestconcat name=m sink_1::weight=3 ! fakesink";
        e = assertThrows(org.zeropipe.core.launch.LaunchParseException.class,
                () -> org.zeropipe.core.launch.LaunchParser.parse(unlinked));
        assertEquals(unlinked.indexOf("sink_1::"), e.position(), e.getMessage());
        assertTrue(e.problem().contains("sink_1::weight: no link makes pad sink_1"), e.problem());
    }
}
