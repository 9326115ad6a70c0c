package org.zeropipe.core.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Bin;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Pad;

/**
 * Counts what flows through a pipeline, per link and per element, and the copies each element
 * made (the runtime's {@link CopyAttribution} makes each copy name its element): the
 * {@link Tracer} behind {@code launch --stats}. Attach before the pipeline starts,
 * {@link #report} after it stopped, {@link #close} to detach. Buffers are counted as they
 * leave each source pad of the pipeline's elements (pads added later included), so a link's
 * count is what was pushed over it; pads of other pipelines are ignored.
 */
public final class PipelineStats implements Tracer, AutoCloseable {

    /** Marks a pad this tracer does not count (another pipeline's, or a bin's ghost pad). */
    private static final LinkCounter FOREIGN = new LinkCounter();

    private final Map<Pad, LinkCounter> links = new ConcurrentHashMap<>();
    private final List<Element> elements = new ArrayList<>();
    private final Set<Element> members = ConcurrentHashMap.newKeySet();
    private final CopyCounter copies = new CopyCounter();
    private final Consumer<String> capsLog;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    private PipelineStats(Consumer<String> capsLog) {
        this.capsLog = capsLog;
    }

    /**
     * Starts counting on every element of {@code bin} and its inner bins.
     *
     * @param capsLog told "element.pad: caps = …" each time caps are set on a link; may be null
     */
    public static PipelineStats attach(Bin bin, Consumer<String> capsLog) {
        PipelineStats stats = new PipelineStats(capsLog);
        stats.watch(bin);
        Tracers.add(stats);
        return stats;
    }

    private void watch(Bin bin) {
        for (Element e : bin.children()) {
            if (e instanceof Bin inner) {
                watch(inner);
                continue;
            }
            elements.add(e);
            members.add(e);
        }
    }

    /** The counter of a source pad of one of our elements, else null. */
    private LinkCounter counter(Pad pad) {
        LinkCounter c = links.get(pad);
        if (c == null) {
            c = pad.isSrc() && members.contains(pad.element()) ? new LinkCounter() : FOREIGN;
            LinkCounter raced = links.putIfAbsent(pad, c);
            if (raced != null) {
                c = raced;
            }
        }
        return c == FOREIGN ? null : c;
    }

    @Override
    public void padPushPre(Pad pad, Buffer buffer) {
        LinkCounter c = counter(pad);
        if (c != null) {
            c.buffers.incrementAndGet();
            if (buffer.memoryCount() > 0) {
                c.memory.add(buffer.peekMemory(0).type());
            }
        }
    }

    @Override
    public void padPushEventPre(Pad pad, Event event) {
        if (event instanceof Event.CapsEvent ce && pad.isSrc()) {
            LinkCounter c = counter(pad);
            if (c != null) {
                c.caps = ce.caps();
                if (capsLog != null) {
                    capsLog.accept(pad.fullName() + ": caps = " + ce.caps());
                }
            }
        }
    }

    @Override
    public void onCopy(CopyEvent event) {
        copies.onCopy(event);
    }

    /** Marks the end of the measured run (EOS or error); {@link #report} uses now if never called. */
    public void stop() {
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
    }

    /** Buffers that reached the busiest sink so far (cheap enough to poll for a progress line). */
    public long framesSoFar() {
        long frames = 0;
        for (Map.Entry<Pad, LinkCounter> e : links.entrySet()) {
            Pad peer = e.getKey().peer();
            if (peer != null && peer.element() != null && peer.element().isSink()) {
                frames = Math.max(frames, e.getValue().buffers.get());
            }
        }
        return frames;
    }

    /** Seconds since {@link #attach}. */
    public double secondsSoFar() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** What was counted so far. */
    public StatsReport report() {
        double seconds = ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
        List<StatsReport.LinkStats> linkStats = new ArrayList<>();
        Map<Element, long[]> inOut = new ConcurrentHashMap<>();
        for (Element e : elements) { // in pipeline order, each element's source pads in their order
            for (Pad pad : e.srcPads()) {
                LinkCounter c = links.get(pad);
                if (c == null || c == FOREIGN) {
                    c = new LinkCounter(); // nothing crossed it
                }
                Pad peer = pad.peer();
                Element sink = peer == null ? null : peer.element();
                long n = c.buffers.get();
                inOut.computeIfAbsent(e, k -> new long[2])[1] += n;
                if (sink != null) {
                    inOut.computeIfAbsent(sink, k -> new long[2])[0] += n;
                }
                Set<String> mem;
                synchronized (c.memory) {
                    mem = new TreeSet<>(c.memory);
                }
                linkStats.add(new StatsReport.LinkStats(pad.fullName(), peer == null ? "(unlinked)" : peer.fullName(),
                        c.caps == null ? null : c.caps.toString(), mem.isEmpty() ? "-" : String.join("+", mem), n));
            }
        }
        Map<CopyCounter.Key, CopyCounter.Totals> totals = copies.totals();
        List<StatsReport.CopyRow> rows = new ArrayList<>();
        totals.forEach((k, t) -> rows.add(new StatsReport.CopyRow(k.who() == null ? "(application)" : k.who(),
                k.reason().name(), k.memoryType(), t.count(), t.bytes())));
        rows.sort(null);
        List<StatsReport.ElementStats> elementStats = new ArrayList<>();
        long frames = 0;
        for (Element e : elements) {
            long[] io = inOut.getOrDefault(e, new long[2]);
            long count = 0;
            long bytes = 0;
            for (StatsReport.CopyRow r : rows) {
                if (r.who().equals(e.name())) {
                    count += r.count();
                    bytes += r.bytes();
                }
            }
            elementStats.add(new StatsReport.ElementStats(e.name(), e.factoryName(), io[0], io[1], count, bytes));
            if (e.isSink()) {
                frames = Math.max(frames, io[0]); // what the busiest sink received
            }
        }
        return new StatsReport(frames, seconds, copies.count(), copies.bytes(), elementStats, linkStats, rows);
    }

    /** Detaches this tracer. */
    @Override
    public void close() {
        Tracers.remove(this);
    }

    private static final class LinkCounter {
        final AtomicLong buffers = new AtomicLong();
        final Set<String> memory = java.util.Collections.synchronizedSet(new TreeSet<>());
        volatile Caps caps;
    }
}
