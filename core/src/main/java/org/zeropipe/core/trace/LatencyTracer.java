package org.zeropipe.core.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.pipeline.Bin;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;

/**
 * Measures, per buffer, how long each element holds it — from the buffer entering the
 * element's sink pad to a buffer made from it leaving the element's source pad — and how long
 * it took from leaving its source to reaching a sink's pad (GStreamer's {@code latency}
 * tracer with {@code flags=pipeline+element}). {@link #report} gives min/mean/max per element
 * and per sink; {@code launch --latency} prints it.
 *
 * <p>Which output came from which input: an element that pushes while its chain runs (a
 * transform, a tee) pushes what it was given on that thread; an element with its own thread (a
 * queue) pushes the very buffer it was given, found by identity; failing both (a new buffer
 * pushed from another thread) the oldest buffer held is taken, first in first out. The source
 * time travels along the same way. An element that drops buffers leaves entries behind; at
 * most {@value #MAX_HELD} are kept per element, the oldest forgotten first. An aggregator
 * (N inputs, one output made on its own thread) uses up the oldest input held of each sink pad
 * per output and is measured from the newest of those: the one it waited for.
 *
 * <p>Only elements of the bin given to the constructor (and of its inner bins) are measured;
 * bins themselves are not elements here (their ghost pads pass buffers through).
 */
public final class LatencyTracer implements Tracer, AutoCloseable {

    static final int MAX_HELD = 1024;
    private static final long NO_ORIGIN = Long.MIN_VALUE;

    /**
     * One buffer's latency: through {@code element} (an element row), or from the source to
     * {@code element} (a sink) when {@code sourceToSink}.
     */
    public record Sample(String element, boolean sourceToSink, long nanos) {
    }

    /** min/mean/max of one element's (or one sink's) per-buffer latencies, in nanoseconds. */
    public record Stats(String name, long count, long minNanos, double meanNanos, long maxNanos) {
    }

    /** What was measured: per element (pipeline order) and source-to-sink per sink. */
    public record Report(List<Stats> elements, List<Stats> sourceToSink) {
        public Report {
            elements = List.copyOf(elements);
            sourceToSink = List.copyOf(sourceToSink);
        }

        /** The element's (or sink's) row, or {@code null}. */
        public Stats element(String name) {
            return find(elements, name);
        }

        public Stats sink(String name) {
            return find(sourceToSink, name);
        }

        private static Stats find(List<Stats> rows, String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
        }

        public String toText() {
            StringBuilder sb = new StringBuilder();
            sb.append("latency per element (sink pad in to source pad out), ms:\n");
            table(sb, elements);
            sb.append("latency from source to sink, ms:\n");
            table(sb, sourceToSink);
            return sb.toString();
        }

        private static void table(StringBuilder sb, List<Stats> rows) {
            sb.append(String.format(Locale.ROOT, "  %-16s %8s %10s %10s %10s%n", "element", "buffers", "min", "mean",
                    "max"));
            for (Stats s : rows) {
                sb.append(String.format(Locale.ROOT, "  %-16s %8d %10.3f %10.3f %10.3f%n", s.name(), s.count(),
                        s.minNanos() / 1e6, s.meanNanos() / 1e6, s.maxNanos() / 1e6));
            }
        }
    }

    /** Adds up one series of latencies. */
    private static final class Series {
        private long count;
        private long min = Long.MAX_VALUE;
        private long max;
        private long sum;

        synchronized void add(long nanos) {
            count++;
            sum += nanos;
            min = Math.min(min, nanos);
            max = Math.max(max, nanos);
        }

        synchronized Stats stats(String name) {
            return new Stats(name, count, count == 0 ? 0 : min, count == 0 ? 0 : (double) sum / count, max);
        }
    }

    /** A buffer inside an element: when it entered and when its data left the source. */
    private record Held(Buffer buffer, long entered, long origin, Pad pad) {
    }

    /** What the tracer knows about one measured element. */
    private static final class Measured {
        final String name;
        final boolean source;
        final boolean sink;
        final boolean mixer;
        final Series latency = new Series();
        final Series sourceToSink = new Series();
        final ArrayDeque<Held> held = new ArrayDeque<>();

        Measured(String name, boolean source, boolean sink, boolean mixer) {
            this.name = name;
            this.source = source;
            this.sink = sink;
            this.mixer = mixer;
        }

        static Measured of(Element e) {
            return new Measured(e.name(), e.isSource() || e.sinkPads().isEmpty(), e.isSink(),
                    e instanceof org.zeropipe.core.aggregate.Aggregator);
        }

        synchronized void hold(Held h) {
            if (held.size() == MAX_HELD) {
                held.pollFirst();
            }
            held.addLast(h);
        }

        /**
         * Takes the entry of {@code buffer} (by identity), else the oldest one (an aggregator: the
         * newest, forgetting all), else null.
         */
        synchronized Held take(Buffer buffer) {
            for (Iterator<Held> it = held.iterator(); it.hasNext();) {
                Held h = it.next();
                if (h.buffer == buffer) {
                    it.remove();
                    return h;
                }
            }
            if (mixer) {
                return takeOnePerPad();
            }
            return held.pollFirst();
        }

        /** An aggregator's output: the oldest entry of each pad is used up; the newest of those counts. */
        private Held takeOnePerPad() {
            java.util.Set<Pad> seen = new java.util.HashSet<>();
            Held newest = null;
            for (Iterator<Held> it = held.iterator(); it.hasNext();) {
                Held h = it.next();
                if (seen.add(h.pad())) {
                    it.remove();
                    if (newest == null || h.entered() > newest.entered()) {
                        newest = h;
                    }
                }
            }
            return newest;
        }

        /** Forgets the newest entry of {@code buffer}: its chain pushed what it made of it. */
        synchronized void forget(Buffer buffer) {
            for (Iterator<Held> it = held.descendingIterator(); it.hasNext();) {
                if (it.next().buffer == buffer) {
                    it.remove();
                    return;
                }
            }
        }
    }

    /** A chain call in progress on this thread. */
    private static final class Chaining {
        final Measured into;
        final Held held;
        boolean pushed;

        Chaining(Measured into, Held held) {
            this.into = into;
            this.held = held;
        }
    }

    /** Per thread: the chain calls it is inside (innermost last) and the last buffer it pushed. */
    private static final class ThreadState {
        final ArrayDeque<Chaining> chains = new ArrayDeque<>();
        Buffer pushed;
        long pushedOrigin = NO_ORIGIN;
    }

    /** Marks an element this tracer does not measure. */
    private static final Measured FOREIGN = new Measured("(foreign)", false, false, false);

    private final Bin root;
    private final List<Element> order = new ArrayList<>();
    private final Map<Element, Measured> measured = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    private final Consumer<Sample> perBuffer;

    private LatencyTracer(Bin root, Consumer<Sample> perBuffer) {
        this.root = root;
        this.perBuffer = perBuffer;
        collect(root);
    }

    /** Measures the elements of {@code bin} (and of its inner bins) from now on. */
    public static LatencyTracer attach(Bin bin) {
        return attach(bin, null);
    }

    /**
     * As {@link #attach(Bin)}, and tells {@code perBuffer} each buffer's latency as it is
     * measured, on the streaming thread (it must be quick and thread-safe); may be null.
     */
    public static LatencyTracer attach(Bin bin, Consumer<Sample> perBuffer) {
        LatencyTracer tracer = new LatencyTracer(bin, perBuffer);
        Tracers.add(tracer);
        return tracer;
    }

    private void collect(Bin bin) {
        for (Element e : bin.children()) {
            if (e instanceof Bin inner) {
                collect(inner);
            } else {
                order.add(e);
            }
        }
    }

    private Measured measured(Element e) {
        if (e == null) {
            return null;
        }
        Measured m = measured.get(e);
        if (m == null) {
            m = !(e instanceof Bin) && inside(e) ? Measured.of(e) : FOREIGN;
            Measured raced = measured.putIfAbsent(e, m);
            if (raced != null) {
                m = raced;
            }
        }
        return m == FOREIGN ? null : m;
    }

    private boolean inside(Element e) {
        for (Bin b = e.parent(); b != null; b = b.parent()) {
            if (b == root) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void padChainPre(Pad pad, Buffer buffer) {
        Measured m = measured(pad.element());
        if (m == null) {
            return;
        }
        long now = System.nanoTime();
        ThreadState t = threads.get();
        long origin = t.pushed == buffer ? t.pushedOrigin : NO_ORIGIN;
        if (m.sink) {
            if (origin != NO_ORIGIN) {
                record(m, m.sourceToSink, true, now - origin);
            }
            return;
        }
        Held h = new Held(buffer, now, origin, pad);
        m.hold(h);
        t.chains.addLast(new Chaining(m, h));
    }

    @Override
    public void padChainPost(Pad pad, FlowReturn result) {
        Measured m = measured(pad.element());
        if (m == null || m.sink) {
            return;
        }
        ThreadState t = threads.get();
        Chaining c = t.chains.peekLast();
        if (c != null && c.into == m) {
            t.chains.pollLast();
            if (c.pushed) {
                m.forget(c.held.buffer());
            }
        }
    }

    @Override
    public void padPushPre(Pad pad, Buffer buffer) {
        Measured m = measured(pad.element());
        if (m == null) {
            return;
        }
        long now = System.nanoTime();
        ThreadState t = threads.get();
        long origin;
        if (m.source) {
            origin = now;
        } else {
            Held from = null;
            Chaining c = t.chains.peekLast();
            if (c != null && c.into == m) {
                c.pushed = true;
                from = c.held;
            } else {
                from = m.take(buffer);
            }
            if (from == null) {
                origin = NO_ORIGIN;
            } else {
                record(m, m.latency, false, now - from.entered());
                origin = from.origin();
            }
        }
        t.pushed = buffer;
        t.pushedOrigin = origin;
    }

    @Override
    public void padPushPost(Pad pad, FlowReturn result) {
        Measured m = measured(pad.element());
        if (m != null) {
            threads.get().pushed = null; // never match a later buffer that reuses the object
        }
    }

    private void record(Measured m, Series series, boolean sourceToSink, long nanos) {
        series.add(nanos);
        if (perBuffer != null) {
            perBuffer.accept(new Sample(m.name, sourceToSink, nanos));
        }
    }

    /** What was measured so far. */
    public Report report() {
        List<Stats> elements = new ArrayList<>();
        List<Stats> sinks = new ArrayList<>();
        for (Element e : order) {
            Measured m = measured(e);
            if (m == null) {
                continue;
            }
            if (m.sink) {
                sinks.add(m.sourceToSink.stats(e.name()));
            } else if (!m.source) {
                elements.add(m.latency.stats(e.name()));
            }
        }
        return new Report(elements, sinks);
    }

    /** Detaches this tracer. */
    @Override
    public void close() {
        Tracers.remove(this);
    }
}
