package org.zeropipe.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/**
 * The latency tracer on pipelines whose latency is known: an element that sleeps a fixed time
 * per buffer, and a small queue in front of a sink that renders one buffer per 10 ms. Only
 * lower bounds are asserted (a loaded machine adds latency, never removes it).
 */
@Timeout(30)
class LatencyTracerTest {

    private static final long MS = 1_000_000;

    static LatencyTracer.Report run(String description) {
        Pipeline p = LaunchParser.parse(description);
        try (LatencyTracer tracer = LatencyTracer.attach(p)) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            return tracer.report();
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aSleepingElementHoldsEachBufferItsSleepTime() {
        LatencyTracer.Report r = run("fakesrc num-buffers=20 size=16 ! testsleep name=sleeper sleep-us=5000 "
                + "! identity name=id ! fakesink name=sink");
        LatencyTracer.Stats sleeper = r.element("sleeper");
        assertNotNull(sleeper, r.toText());
        assertEquals(20, sleeper.count(), r.toText());
        assertTrue(sleeper.minNanos() >= 5 * MS, r.toText());
        assertTrue(sleeper.meanNanos() >= sleeper.minNanos() && sleeper.maxNanos() >= sleeper.meanNanos(), r.toText());
        assertEquals(20, r.element("id").count(), r.toText());
        LatencyTracer.Stats sink = r.sink("sink");
        assertEquals(20, sink.count(), r.toText());
        assertTrue(sink.minNanos() >= 5 * MS, "source to sink includes the sleep: " + r.toText());
        assertEquals(2, r.elements().size(), "sources and sinks are not element rows: " + r.toText());
    }

    @Test
    void theSourceTimeCrossesQueuesAndNewBuffers() {
        // The queue pushes from its own thread (matched by identity), testcopy pushes a new buffer
        // from its chain (matched by thread): the sink still sees the source's time.
        LatencyTracer.Report r = run("fakesrc num-buffers=10 size=16 ! testsleep sleep-us=3000 ! queue name=q "
                + "! testcopy name=copy ! fakesink name=sink");
        assertEquals(10, r.element("q").count(), r.toText());
        assertEquals(10, r.element("copy").count(), r.toText());
        assertEquals(10, r.sink("sink").count(), r.toText());
        assertTrue(r.sink("sink").minNanos() >= 3 * MS, r.toText());
    }

    @Test
    void anAggregatorIsMeasuredOncePerOutputFromTheInputItWaitedFor() {
        // One input sleeps 4 ms per buffer before the compositor: every output waited for it.
        LatencyTracer.Report r = run("videotestsrc num-buffers=12 ! video/x-raw,format=RGBA,width=32,height=24,"
                + "framerate=30/1 ! testsleep sleep-us=4000 ! m.  videotestsrc num-buffers=12 ! video/x-raw,format=RGBA,"
                + "width=32,height=24,framerate=30/1 ! m.  compositor name=m ! fakesink name=sink");
        assertEquals(12, r.element("m").count(), r.toText());
        assertEquals(12, r.sink("sink").count(), "every output carries a source time: " + r.toText());
    }

    @Test
    void binsAreCrossedThroughTheirGhostPads() {
        LatencyTracer.Report r = run("( fakesrc num-buffers=8 size=16 ! testsleep name=s sleep-us=2000 ) "
                + "! bin.( identity name=i ! fakesink name=sink )");
        assertEquals(8, r.element("s").count(), r.toText());
        assertEquals(8, r.element("i").count(), r.toText());
        assertEquals(8, r.sink("sink").count(), r.toText());
        assertTrue(r.sink("sink").minNanos() >= 2 * MS, r.toText());
        assertEquals(List.of("s", "i"), r.elements().stream().map(LatencyTracer.Stats::name).toList(),
                "bins are not measured: " + r.toText());
    }

    @Test
    void aFullQueueBeforeASyncingSinkHoldsBuffersForFramesAhead() {
        // The sink renders one buffer per 10 ms; the queue holds 2: a buffer waits in it while the
        // ones ahead are rendered, about 20 ms once the queue is full.
        LatencyTracer.Report r = run("fakesrc num-buffers=12 size=16 duration=10000000 ! queue name=q "
                + "max-size-buffers=2 ! fakesink name=sink sync=true");
        LatencyTracer.Stats q = r.element("q");
        assertEquals(12, q.count(), r.toText());
        assertTrue(q.maxNanos() >= 10 * MS, r.toText());
        assertTrue(r.sink("sink").maxNanos() >= 10 * MS, r.toText());
    }

    @Test
    void eachBufferIsToldAsItIsMeasured() {
        Pipeline p = LaunchParser.parse("fakesrc num-buffers=6 ! testsleep name=s sleep-us=1000 ! fakesink name=sink");
        List<LatencyTracer.Sample> samples = new CopyOnWriteArrayList<>();
        try (LatencyTracer tracer = LatencyTracer.attach(p, samples::add)) {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(10), Message.Eos.class,
                    Message.Error.class));
            assertEquals(12, samples.size(), samples.toString());
            assertEquals(6, samples.stream().filter(x -> x.element().equals("s") && !x.sourceToSink()).count());
            assertEquals(6, samples.stream().filter(x -> x.element().equals("sink") && x.sourceToSink()).count());
            assertTrue(samples.stream().allMatch(x -> x.nanos() >= MS), samples.toString());
            long max = samples.stream().filter(x -> x.element().equals("s")).mapToLong(LatencyTracer.Sample::nanos)
                    .max().orElseThrow();
            assertEquals(max, tracer.report().element("s").maxNanos(), "the report sums up the same samples");
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void otherPipelinesAreNotMeasured() {
        Pipeline other = LaunchParser.parse("fakesrc num-buffers=5 ! identity name=elsewhere ! fakesink");
        Pipeline p = LaunchParser.parse("fakesrc num-buffers=5 ! identity name=here ! fakesink");
        try (LatencyTracer tracer = LatencyTracer.attach(p)) {
            other.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, other.bus().pop(Duration.ofSeconds(10), Message.Eos.class,
                    Message.Error.class));
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(10), Message.Eos.class,
                    Message.Error.class));
            LatencyTracer.Report r = tracer.report();
            assertEquals(5, r.element("here").count(), r.toText());
            assertEquals(null, r.element("elsewhere"), r.toText());
        } finally {
            other.setState(State.NULL);
            p.setState(State.NULL);
        }
    }
}
