package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.zeropipe.core.trace.PipelineStats;

/**
 * The live one-line progress of {@code launch} on a terminal: frames, seconds and frames/s,
 * rewritten in place twice a second on stderr, erased when the run ends.
 */
final class ProgressLine implements AutoCloseable {

    private final Thread thread;
    private final PrintStream err;

    private ProgressLine(PipelineStats stats, PrintStream err) {
        this.err = err;
        thread = Thread.ofPlatform().daemon().name("zeropipe-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(500);
                    long frames = stats.framesSoFar();
                    double seconds = stats.secondsSoFar();
                    synchronized (this) {
                        err.printf(Locale.ROOT, "\r%d frames  %.1f s  %.1f frames/s   ", frames, seconds,
                                seconds > 0 ? frames / seconds : 0.0);
                        err.flush();
                    }
                }
            } catch (InterruptedException e) {
                // the run ended
            }
        });
    }

    /** A progress line if stderr is a terminal, else null. */
    static ProgressLine startIfTerminal(PipelineStats stats, PrintStream err) {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() ? new ProgressLine(stats, err) : null;
    }

    /** Erases the line, so a message printed next starts at the left margin. */
    synchronized void clear() {
        err.print("\r\033[K");
        err.flush();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clear();
    }
}
