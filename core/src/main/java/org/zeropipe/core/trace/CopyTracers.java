package org.zeropipe.core.trace;

import java.util.Arrays;
import java.util.Objects;

/**
 * The registry of attached {@link CopyTracer}s and the one place the memory model reports its
 * copies. With no tracer attached, {@link #record} returns at once and allocates nothing.
 */
public final class CopyTracers {

    private static final CopyTracer[] NONE = new CopyTracer[0];
    /** Copy-on-write array: reads are a volatile load, writes are rare. */
    private static volatile CopyTracer[] tracers = NONE;

    private CopyTracers() {
    }

    /** Attaches a tracer; attaching the same one twice delivers each event twice. */
    public static synchronized void add(CopyTracer tracer) {
        Objects.requireNonNull(tracer, "tracer");
        CopyTracer[] next = Arrays.copyOf(tracers, tracers.length + 1);
        next[next.length - 1] = tracer;
        tracers = next;
    }

    /** Detaches one registration of the tracer; returns whether it was attached. */
    public static synchronized boolean remove(CopyTracer tracer) {
        CopyTracer[] current = tracers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == tracer) {
                CopyTracer[] next = new CopyTracer[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                tracers = next.length == 0 ? NONE : next;
                return true;
            }
        }
        return false;
    }

    /** Whether any tracer is attached. */
    public static boolean active() {
        return tracers.length != 0;
    }

    /**
     * Reports a copy. Called by the memory model and by transfer elements (upload/download)
     * for every byte they move; {@code who} comes from {@link CopyAttribution}.
     */
    public static void record(String memoryType, long bytes, CopyReason reason) {
        CopyTracer[] current = tracers;
        if (current.length == 0) {
            return;
        }
        CopyEvent event = new CopyEvent(memoryType, bytes, reason, CopyAttribution.current());
        for (CopyTracer tracer : current) {
            tracer.onCopy(event);
        }
    }
}
