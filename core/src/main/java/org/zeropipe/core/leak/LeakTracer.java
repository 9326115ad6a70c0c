package org.zeropipe.core.leak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zeropipe.core.RefCounted;
import org.zeropipe.core.trace.Tracer;
import org.zeropipe.core.trace.Tracers;

/**
 * The tracer behind {@code launch --leaks} (GStreamer's {@code leaks} tracer): it records every
 * buffer, memory and buffer list made while it is attached and forgets each when it is freed,
 * so what it still holds at exit was never released. With {@code stacks} it keeps where each
 * was allocated (the first frames outside the memory model, as {@link LeakTracker} does); that
 * costs a stack walk per allocation, so without it only the objects are kept.
 *
 * <p>Unlike {@link LeakTracker}'s modes (process-wide, chosen at start-up, used by the tests'
 * leak checker), this tracer is attached for one run and reports only what was made during it.
 * Objects pooled by a buffer pool count as alive until the pool frees them.
 */
public final class LeakTracer implements Tracer, AutoCloseable {

    static {
        LeakTracker.hideFrames(LeakTracer.class);
        LeakTracker.hideFrames(Tracers.class);
    }

    /** One object still alive: what it is and, with stacks, where it was allocated. */
    public record Leak(String type, String description, LeakRecord.Site allocation) {

        /** The first frame of the allocation, or "(no stack recorded)". */
        public String where() {
            return allocation == null ? "(no stack recorded)" : allocation.where();
        }
    }

    /** What is kept per live object: when it was made (for the order) and where. */
    private record Made(long seq, LeakRecord.Site site) {
    }

    private final boolean stacks;
    private final Map<RefCounted, Made> live = new IdentityHashMap<>();
    private long seq;

    private LeakTracer(boolean stacks) {
        this.stacks = stacks;
    }

    /** Attaches a leak tracer; {@code stacks}: record where each object was allocated. */
    public static LeakTracer attach(boolean stacks) {
        LeakTracer tracer = new LeakTracer(stacks);
        Tracers.add(tracer);
        return tracer;
    }

    @Override
    public void objectCreated(RefCounted object) {
        LeakRecord.Site site = stacks ? LeakTracker.site("allocated") : null;
        synchronized (live) {
            live.put(object, new Made(++seq, site));
        }
    }

    @Override
    public void objectFreed(RefCounted object) {
        synchronized (live) {
            live.remove(object);
        }
    }

    /** Number of objects made while attached and not freed yet. */
    public int liveCount() {
        synchronized (live) {
            return live.size();
        }
    }

    /** The objects made while attached and not freed, in the order they were made. */
    public List<Leak> leaks() {
        List<Map.Entry<RefCounted, Made>> entries;
        synchronized (live) {
            entries = new ArrayList<>(live.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
        }
        entries.sort(Map.Entry.comparingByValue(Comparator.comparingLong(Made::seq)));
        List<Leak> out = new ArrayList<>();
        for (Map.Entry<RefCounted, Made> e : entries) {
            out.add(new Leak(e.getKey().getClass().getSimpleName(), LeakRecord.describe(e.getKey()), e.getValue().site()));
        }
        return out;
    }

    /**
     * The report: "no leaks", or the count per type and each object with its allocation
     * stack (grouped: objects allocated at the same place are listed once with a count).
     */
    public String report() {
        List<Leak> leaks = leaks();
        if (leaks.isEmpty()) {
            return "leaks: none (every buffer, memory and buffer list made during the run was freed)\n";
        }
        Map<String, Integer> perType = new LinkedHashMap<>();
        Map<String, List<Leak>> perSite = new LinkedHashMap<>();
        for (Leak l : leaks) {
            perType.merge(l.type(), 1, Integer::sum);
            perSite.computeIfAbsent(l.type() + " " + stack(l.allocation()), k -> new ArrayList<>()).add(l);
        }
        StringBuilder sb = new StringBuilder("leaks: ").append(leaks.size()).append(" objects still alive at exit (");
        String sep = "";
        for (Map.Entry<String, Integer> e : perType.entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        sb.append(")\n");
        for (List<Leak> group : perSite.values()) {
            Leak first = group.getFirst();
            sb.append("  ").append(group.size()).append("× ").append(first.type()).append(", e.g. ")
                    .append(first.description()).append('\n');
            if (first.allocation() == null) {
                sb.append("    allocated at ").append(first.where()).append('\n');
            } else {
                StackTraceElement[] frames = first.allocation().frames();
                sb.append("    allocated [thread ").append(first.allocation().thread()).append("]\n");
                for (StackTraceElement f : frames) {
                    sb.append("      at ").append(f).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String stack(LeakRecord.Site site) {
        if (site == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement f : site.frames()) {
            sb.append(f).append(';');
        }
        return sb.toString();
    }

    /** Detaches this tracer; what it recorded stays readable. */
    @Override
    public void close() {
        Tracers.remove(this);
    }
}
