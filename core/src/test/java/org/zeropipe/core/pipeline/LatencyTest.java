package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.elements.Tee;
import org.zeropipe.core.query.LatencyQuery;

/** The LATENCY query through queues, transforms and sinks, and its distribution (latency.md). */
@Timeout(20)
class LatencyTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final long MS = ClockTime.MSECOND;

    /** A transform that says it holds data back for 5 ms. */
    static final class Delay extends BaseTransform {
        Delay(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        }

        @Override
        protected long latency() {
            return 5 * MS;
        }
    }

    /** A live source 30 ms late, at most 40 ms, one buffer every 2 ms. */
    private static TestElements.LiveSource window(String name) {
        TestElements.LiveSource src = new TestElements.LiveSource(name, 2);
        src.max = 40 * MS;
        return src;
    }

    private record Chain(Pipeline p, TestElements.LiveSource src, Queue q, FakeSink sink) {
    }

    private static Chain chain() {
        Pipeline p = new Pipeline("p");
        TestElements.LiveSource src = window("src");
        Queue q = new Queue("q");
        Delay d = new Delay("d");
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true).set("render-delay", 2 * MS).set("max-lateness", -1L);
        p.add(src, q, d, sink);
        Element.linkMany(src, q, d, sink);
        return new Chain(p, src, q, sink);
    }

    private static LatencyQuery ask(Element e) {
        LatencyQuery q = new LatencyQuery();
        assertTrue(e.query(q), "latency query answered");
        return q;
    }

    @Test
    void queueTransformAndSinkAddTheirShares() {
        Chain c = chain();
        c.q().set("max-size-time", 1000 * MS);
        assertEquals(StateChangeReturn.NO_PREROLL, c.p().setState(State.PAUSED));
        LatencyQuery q = ask(c.p());
        assertTrue(q.live());
        assertEquals((30 + 5 + 2) * MS, q.min(), "source + transform + render delay");
        assertEquals((40 + 1000 + 5 + 2) * MS, q.max(), "the queue absorbs its time limit");

        c.q().set("leaky", Queue.Leaky.DOWNSTREAM);
        q = ask(c.p());
        assertEquals((40 + 5 + 2) * MS, q.max(), "a leaky queue holds at most its limit: min(limit, upstream max)");

        c.q().set("leaky", Queue.Leaky.NO);
        c.q().set("max-size-time", 0L);
        q = ask(c.p());
        assertEquals(ClockTime.NONE, q.max(), "without a time limit a queue absorbs anything");
        c.p().setState(State.NULL);
    }

    @Test
    void aSinkThatDoesNotSyncOrANonLiveSourceGivesNoLatency() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PAUSED);
        p.getState(WAIT);
        LatencyQuery q = ask(p);
        assertFalse(q.live());
        assertEquals(0, q.min());
        p.setState(State.NULL);

        Chain c = chain();
        c.sink().set("sync", false);
        c.p().setState(State.PAUSED);
        assertFalse(ask(c.p()).live(), "an unsynced sink does not wait, so latency does not apply to it");
        c.p().setState(State.NULL);
    }

    @Test
    void theBinTakesTheLargestMinimumAndSmallestMaximumOfItsLiveSinks() {
        Pipeline p = new Pipeline("p");
        TestElements.LiveSource src = window("src");
        Tee tee = new Tee("t");
        p.add(src, tee);
        src.link(tee);
        long[] delays = {2 * MS, 7 * MS};
        FakeSink[] sinks = new FakeSink[2];
        for (int i = 0; i < 2; i++) {
            Queue q = new Queue("q" + i);
            q.set("max-size-time", (i + 1) * 100 * MS);
            sinks[i] = new FakeSink("sink" + i);
            sinks[i].set("sync", true).set("render-delay", delays[i]).set("max-lateness", -1L);
            p.add(q, sinks[i]);
            Element.linkMany(tee, q, sinks[i]);
        }
        assertEquals(StateChangeReturn.NO_PREROLL, p.setState(State.PAUSED));
        LatencyQuery q = ask(p);
        assertTrue(q.live());
        assertEquals(37 * MS, q.min());
        assertEquals((40 + 100 + 2) * MS, q.max());
        p.setState(State.PLAYING);
        assertEquals(37 * MS, p.latency());
        assertEquals(37 * MS, sinks[0].latency(), "every sink gets the pipeline's latency");
        assertEquals(37 * MS, sinks[1].latency());
        p.setState(State.NULL);
    }

    @Test
    void aLatencyMessageMakesThePipelineRecomputeAndDistribute() throws Exception {
        Chain c = chain();
        c.p().setState(State.PLAYING);
        assertEquals(State.PLAYING, c.p().getState(WAIT).current());
        assertEquals(37 * MS, c.sink().latency());
        c.src().min = 50 * MS;
        c.src().max = 60 * MS;
        c.src().postMessage(new Message.Latency(c.src()));
        Message m = c.p().bus().pop(WAIT, Message.Latency.class);
        assertInstanceOf(Message.Latency.class, m, "the application sees the message too");
        assertEquals(57 * MS, c.p().latency());
        assertEquals(57 * MS, c.sink().latency());
        c.p().setState(State.NULL);
    }

    @Test
    void aMaximumBelowTheMinimumIsWarnedAbout() {
        Chain c = chain();
        c.src().max = 10 * MS; // less than its own 30 ms minimum
        c.q().set("leaky", Queue.Leaky.DOWNSTREAM);
        c.p().setState(State.PLAYING);
        Message m = c.p().bus().pop(WAIT, Message.Warning.class);
        assertInstanceOf(Message.Warning.class, m);
        assertTrue(((Message.Warning) m).text().contains("impossible to configure latency"), m.toString());
        c.p().setState(State.NULL);
    }
}
