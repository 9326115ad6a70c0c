package org.zeropipe.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.PadProbe;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/**
 * Steady-state cost of a pipeline, timed from its Nth buffer: wall time and this process's CPU
 * time between the buffer number {@code warm} and number {@code warm + measure} reaching the
 * element named {@code sink}. Start-up (JVM, class loading, caps probing, negotiation) and
 * warm-up (the JIT) stay before the window. bench/scripts/steady-state.py measures GStreamer the
 * same way, so the two compare fairly even where start-up swamps the run (a TCG guest).
 *
 * <p>usage: {@code SteadyState WARM MEASURE PIPELINE...}; prints
 * {@code zeropipe wall-ns/buf cpu-ns/buf buffers}.
 */
public final class SteadyState {

    private SteadyState() {
    }

    public static void main(String[] args) throws Exception {
        int warm = Integer.parseInt(args[0]);
        int measure = Integer.parseInt(args[1]);
        String description = String.join(" ", java.util.Arrays.copyOfRange(args, 2, args.length));
        Pipeline p = LaunchParser.parse(description);
        Element sink = p.byName("sink");
        if (sink == null) {
            throw new IllegalArgumentException("the pipeline needs an element named sink: " + description);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] marks = new long[4];
        CountDownLatch done = new CountDownLatch(1);
        int[] seen = {0};
        sink.pads().getFirst().addProbe(Set.of(PadProbe.Type.BUFFER), false, (pad, type, item) -> {
            int n = ++seen[0];
            if (n == warm) {
                marks[0] = System.nanoTime();
                marks[1] = os.getProcessCpuTime();
            } else if (n == warm + measure) {
                marks[2] = System.nanoTime();
                marks[3] = os.getProcessCpuTime();
                done.countDown();
            }
            return PadProbe.Return.OK;
        });
        try {
            p.setState(State.PLAYING);
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                Message m = p.bus().pop(Duration.ZERO, Message.Eos.class, Message.Error.class);
                if (m != null) {
                    throw new IllegalStateException("ended before buffer " + (warm + measure) + ": " + m);
                }
            }
        } finally {
            p.setState(State.NULL);
        }
        System.out.printf("zeropipe %d %d %d%n", (marks[2] - marks[0]) / measure, (marks[3] - marks[1]) / measure,
                measure);
    }
}
