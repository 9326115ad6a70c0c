package org.zeropipe.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;

/**
 * Cost per buffer of the runtime, to compare with GStreamer (ci/bench-pipelines runs the same
 * three pipelines with gst-launch-1.0): {@code fakesrc ! fakesink}, {@code fakesrc ! queue !
 * fakesink} and {@code fakesrc ! identity x10 ! fakesink}, each pushing {@value #BUFFERS} empty
 * buffers from PLAYING to EOS (set-up and teardown included, as with gst-launch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBench {

    static final int BUFFERS = 100_000;

    @Param({"direct", "queue", "identity10"})
    public String shape;

    @Benchmark
    @OperationsPerInvocation(BUFFERS)
    public long run() {
        Pipeline p = new Pipeline("bench");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", BUFFERS);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        Element last = src;
        switch (shape) {
            case "queue" -> {
                Queue q = new Queue("q");
                p.add(q);
                last = last.link(q);
            }
            case "identity10" -> {
                for (int i = 0; i < 10; i++) {
                    Identity id = new Identity("id" + i);
                    p.add(id);
                    last = last.link(id);
                }
            }
            default -> {
            }
        }
        last.link(sink);
        p.setState(org.zeropipe.core.pipeline.State.PLAYING);
        Message m = p.bus().pop(Duration.ofMinutes(1), Message.Eos.class, Message.Error.class);
        p.setState(org.zeropipe.core.pipeline.State.NULL);
        if (!(m instanceof Message.Eos)) {
            throw new IllegalStateException("pipeline did not reach EOS: " + m);
        }
        return sink.rendered();
    }
}
