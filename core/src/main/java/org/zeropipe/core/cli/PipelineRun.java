package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChangeReturn;

/**
 * Runs a pipeline to EOS or error, as gst-launch-1.0's main loop: prints errors and warnings
 * from the bus, and on Ctrl-C (a shutdown hook) sends EOS, gives it a grace period to reach the
 * sinks, and always ends with the pipeline in NULL (threads joined, buffers released).
 */
final class PipelineRun implements AutoCloseable {

    enum Outcome { EOS, ERROR, INTERRUPTED }

    private final Pipeline pipeline;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean printMessages;
    private long messageCount;
    private volatile long interruptedAt;
    private volatile Runnable beforePrint = () -> { };
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;
    private boolean hooked;

    PipelineRun(Pipeline pipeline, PrintStream out, PrintStream err) {
        this(pipeline, out, err, false);
    }

    /** {@code printMessages}: print every bus message, as gst-launch-1.0 -m. */
    PipelineRun(Pipeline pipeline, PrintStream out, PrintStream err, boolean printMessages) {
        this.pipeline = pipeline;
        this.out = out;
        this.err = err;
        this.printMessages = printMessages;
    }

    /** Called before each line this run prints (a progress line erases itself). */
    void beforePrint(Runnable r) {
        beforePrint = r;
    }

    /** Runs to EOS, error or interrupt; the pipeline is in NULL when it returns. */
    Outcome run(Duration eosGrace) {
        hook = new Thread(() -> {
            interrupt();
            try {
                // Keep the JVM alive until the command stopped the pipeline and printed its report.
                finished.await(eosGrace.toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "zeropipe-launch-interrupt");
        hooked = addHook(hook);
        try {
            return loop(eosGrace);
        } finally {
            pipeline.setState(State.NULL);
        }
    }

    /** The command is done (report printed): lets an interrupted JVM exit, or unhooks. */
    @Override
    public void close() {
        finished.countDown();
        if (hooked) {
            removeHook(hook);
        }
    }

    /** What Ctrl-C does: sends EOS; the loop then waits for it at most the grace period. */
    void interrupt() {
        interruptedAt = System.nanoTime();
        beforePrint.run();
        err.println("zeropipe launch: interrupt: sending EOS");
        pipeline.sendEvent(new Event.Eos());
    }

    private Outcome loop(Duration eosGrace) {
        if (pipeline.setState(State.PLAYING) == StateChangeReturn.FAILURE) {
            drainErrors();
            err.println("zeropipe launch: the pipeline could not start");
            return Outcome.ERROR;
        }
        while (true) {
            Message m = printMessages ? pipeline.bus().pop(Duration.ofMillis(100))
                    : pipeline.bus().pop(Duration.ofMillis(100), Message.Error.class, Message.Warning.class,
                            Message.Eos.class);
            if (m != null) {
                beforePrint.run();
                if (printMessages) {
                    out.println(MessageText.of(++messageCount, m));
                }
            }
            switch (m) {
                case Message.Error e -> {
                    printError(e);
                    return Outcome.ERROR;
                }
                case Message.Warning w -> err.println("WARNING from " + w.source().name() + ": " + w.text()
                        + (w.debug() == null ? "" : "\n  debug: " + w.debug()));
                case Message.Eos eos -> {
                    out.println("Got EOS from the pipeline.");
                    return interruptedAt != 0 ? Outcome.INTERRUPTED : Outcome.EOS;
                }
                case null -> {
                    long since = interruptedAt;
                    if (since != 0 && System.nanoTime() - since > eosGrace.toNanos()) {
                        err.println("zeropipe launch: EOS did not arrive within " + eosGrace.toMillis()
                                + " ms; stopping");
                        return Outcome.INTERRUPTED;
                    }
                }
                default -> { }
            }
        }
    }

    private void drainErrors() {
        Message m;
        while ((m = pipeline.bus().pop(Duration.ZERO, Message.Error.class)) != null) {
            printError((Message.Error) m);
        }
    }

    private void printError(Message.Error e) {
        String source = e.source() == null ? "(unknown)" : e.source().name();
        err.println("ERROR from element " + source + ": " + e.text());
        if (e.debug() != null && !e.debug().isEmpty()) {
            err.println("  debug: " + e.debug());
        }
        if (e.cause() != null) {
            err.println("  cause: " + e.cause());
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // already shutting down
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running and waits for us
        }
    }
}
