package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.launch.LaunchParseException;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.leak.LeakTracer;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.trace.LatencyTracer;
import org.zeropipe.core.trace.LogTracer;
import org.zeropipe.core.trace.PipelineStats;
import org.zeropipe.core.trace.StatsReport;
import org.zeropipe.core.trace.Tracer;
import org.zeropipe.core.trace.Tracers;

/** {@code ./zeropipe launch}: gst-launch-1.0 for zeropipe, with a copy report. */
public final class LaunchCommand implements CliCommand {

    @Override
    public String name() {
        return "launch";
    }

    @Override
    public String summary() {
        return "build a pipeline from a gst-launch description and run it to EOS (--stats: the copy report)";
    }

    @Override
    public String usage() {
        return """
                usage: ./zeropipe launch [-v] [-m] [-e] [--stats] [--stats-json FILE] [--dot FILE] [--latency]
                                         [--leaks] [--tracer NAME]... PIPELINE...

                Joins the arguments with spaces, builds the pipeline (gst-launch-1.0 syntax:
                'fakesrc num-buffers=100 ! queue ! fakesink', caps between '!', name=t and t. references,
                bins in parentheses) and runs it until EOS or an error. Ctrl-C sends EOS, waits up to
                2 s for it to reach the sinks (like gst-launch-1.0 -e), then stops the pipeline.
                  -v                 print caps as they are negotiated on each link
                  -m                 print every message posted on the bus
                  -e                 accepted for gst-launch-1.0 compatibility: EOS on interrupt is the default
                  --stats            print frames, frames/s, buffers and memory per element and link,
                                     and every copy: which element made it, how many bytes, and why
                  --stats-json FILE  write the same report as JSON
                  --dot FILE         write the pipeline as a Graphviz graph (links labelled with caps
                                     and memory, links into a copying element in red)
                  --latency          print per element the time from a buffer entering its sink pad to
                                     leaving its source pad, and per sink the time from the source
                                     (min/mean/max)
                  --leaks            print the buffers and memories still alive when the pipeline is
                                     back in NULL, with where each was allocated; exit status 1 if any
                  --tracer NAME      attach a tracer for the run: log (a line per hook, on stderr) or
                                     the class name of a Tracer with a public no-argument constructor
                Exit status: 0 EOS reached, 1 error (bad description, ERROR message, leaks), 2 bad usage.""";
    }

    @Override
    public int run(List<String> args, PrintStream out0, PrintStream err0) throws Exception {
        PrintStream out = new PrintStream(out0, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(err0, true, StandardCharsets.UTF_8);
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("zeropipe launch: " + e.getMessage() + "\n" + usage());
            return 2;
        }
        List<Tracer> tracers = new ArrayList<>();
        for (String name : options.tracers()) {
            try {
                tracers.add(tracer(name));
            } catch (IllegalArgumentException e) {
                err.println("zeropipe launch: " + e.getMessage());
                return 2;
            }
        }
        // Attached before the pipeline is built: elements may allocate when they are made.
        tracers.forEach(Tracers::add);
        LeakTracer leaks = options.leaks() ? LeakTracer.attach(true) : null;
        int status;
        try {
            status = build(options, out, err);
        } finally {
            if (leaks != null) {
                leaks.close();
            }
            tracers.forEach(Tracers::remove);
        }
        if (leaks == null) {
            return status;
        }
        out.print(leaks.report());
        return leaks.liveCount() > 0 ? Math.max(status, 1) : status;
    }

    /** {@code log}, or the class name of a {@link Tracer} with a public no-argument constructor. */
    static Tracer tracer(String name) {
        if (name.equals("log")) {
            return new LogTracer();
        }
        Class<?> type;
        try {
            type = Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--tracer " + name + ": no such tracer (log, or a Tracer class name)");
        }
        if (!Tracer.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("--tracer " + name + ": not a " + Tracer.class.getName());
        }
        try {
            return (Tracer) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("--tracer " + name + ": cannot make it with a public no-argument "
                    + "constructor: " + e);
        }
    }

    private int build(LaunchOptions options, PrintStream out, PrintStream err) throws Exception {
        Pipeline pipeline;
        try {
            pipeline = LaunchParser.parse(options.description());
        } catch (LaunchParseException e) {
            err.println("zeropipe launch: could not build the pipeline: " + e.getMessage());
            return 1;
        }
        LatencyTracer latency = options.latency() ? LatencyTracer.attach(pipeline) : null;
        try {
            return run(pipeline, options, out, err);
        } finally {
            if (latency != null) {
                latency.close();
                out.print(latency.report().toText());
            }
        }
    }

    private int run(Pipeline pipeline, LaunchOptions options, PrintStream out, PrintStream err) throws Exception {
        // Probes cost per buffer: only when something reads them (a report, -v, a person at a terminal).
        boolean terminal = System.console() != null && System.console().isTerminal();
        PipelineStats stats = options.observed() || terminal
                ? PipelineStats.attach(pipeline, options.verbose() ? out::println : null) : null;
        ProgressLine progress = stats == null ? null : ProgressLine.startIfTerminal(stats, err);
        try (PipelineRun run = new PipelineRun(pipeline, out, err, options.messages())) {
            PipelineRun.Outcome outcome;
            try {
                if (progress != null) {
                    run.beforePrint(progress::clear);
                }
                outcome = run.run(Duration.ofSeconds(2));
            } finally {
                if (progress != null) {
                    progress.close();
                }
                if (stats != null) {
                    stats.stop();
                    stats.close();
                }
            }
            if (stats == null || !options.observed()) {
                return outcome == PipelineRun.Outcome.ERROR ? 1 : 0;
            }
            StatsReport report = stats.report();
            if (options.stats()) {
                out.print(report.toText());
            }
            if (options.statsJson() != null) {
                Files.writeString(options.statsJson(), report.toJson() + "\n", StandardCharsets.UTF_8);
            }
            if (options.dot() != null) {
                Files.writeString(options.dot(), DotGraph.of(pipeline, report), StandardCharsets.UTF_8);
            }
            return outcome == PipelineRun.Outcome.ERROR ? 1 : 0;
        }
    }

    /** The command line of {@code launch}. */
    record LaunchOptions(boolean verbose, boolean messages, boolean stats, Path statsJson, Path dot, boolean latency,
            boolean leaks, List<String> tracers, String description) {

        /** Whether anything asks for the probes of {@link PipelineStats}. */
        boolean observed() {
            return verbose || stats || statsJson != null || dot != null;
        }

        static LaunchOptions parse(List<String> args) {
            boolean verbose = false;
            boolean messages = false;
            boolean stats = false;
            boolean latency = false;
            boolean leaks = false;
            List<String> tracers = new ArrayList<>();
            Path json = null;
            Path dot = null;
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!rest.isEmpty()) {
                    rest.add(a); // options come before the description
                    continue;
                }
                switch (a) {
                    case "-v", "--verbose" -> verbose = true;
                    case "-m", "--messages" -> messages = true;
                    case "--stats" -> stats = true;
                    case "--latency" -> latency = true;
                    case "--leaks" -> leaks = true;
                    case "-e", "--eos-on-shutdown" -> { } // always on
                    case "--tracer" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(a + " needs a NAME");
                        }
                        tracers.add(args.get(++i));
                    }
                    case "--stats-json", "--dot" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(a + " needs a FILE");
                        }
                        Path p = Path.of(args.get(++i));
                        if (a.equals("--dot")) {
                            dot = p;
                        } else {
                            json = p;
                        }
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        rest.add(a);
                    }
                }
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("no pipeline description");
            }
            return new LaunchOptions(verbose, messages, stats, json, dot, latency, leaks, List.copyOf(tracers),
                    String.join(" ", rest));
        }
    }
}
