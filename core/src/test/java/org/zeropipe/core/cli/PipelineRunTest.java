package org.zeropipe.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** What Ctrl-C does to {@code launch}, without a signal: the hook's {@link PipelineRun#interrupt}. */
@Timeout(30)
class PipelineRunTest {

    @Test
    void anInterruptSendsEosThatReachesTheSinksAndStopsThePipeline() throws Exception {
        Pipeline p = LaunchParser.parse("fakesrc size=64 ! queue ! fakesink name=sink");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PipelineRun.Outcome outcome;
        try (PipelineRun run = new PipelineRun(p, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))) {
            FakeSink sink = (FakeSink) p.byName("sink");
            Thread ctrlC = new Thread(() -> {
                // Once the pipeline runs (a loaded machine may take long to start), not after a fixed time.
                for (long deadline = System.nanoTime() + 20_000_000_000L; sink.rendered() == 0 && System.nanoTime() < deadline; ) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                run.interrupt();
            });
            ctrlC.start();
            outcome = run.run(Duration.ofSeconds(2));
            ctrlC.join();
        }
        assertEquals(PipelineRun.Outcome.INTERRUPTED, outcome, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Got EOS"), out.toString(StandardCharsets.UTF_8));
        assertEquals(State.NULL, p.currentState());
        assertTrue(((FakeSink) p.byName("sink")).rendered() > 0);
    }
}
