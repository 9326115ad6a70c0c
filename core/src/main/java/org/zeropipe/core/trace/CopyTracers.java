package org.zeropipe.core.trace;

/**
 * The one place the memory model and transfer elements report their copies. The copy tracers
 * are ordinary {@link Tracer}s in {@link Tracers}; {@link #add} and {@link #remove} are kept
 * for code that attaches a {@link CopyTracer}. With no tracer attached, {@link #record} returns
 * at once and allocates nothing.
 */
public final class CopyTracers {

    private CopyTracers() {
    }

    /** Attaches a tracer ({@link Tracers#add}). */
    public static void add(Tracer tracer) {
        Tracers.add(tracer);
    }

    /** Detaches one registration of the tracer ({@link Tracers#remove}). */
    public static boolean remove(Tracer tracer) {
        return Tracers.remove(tracer);
    }

    /** Whether any tracer is attached. */
    public static boolean active() {
        return Tracers.active();
    }

    /**
     * Reports a copy. Called by the memory model and by transfer elements (upload/download)
     * for every byte they move; {@code who} comes from {@link CopyAttribution}.
     */
    public static void record(String memoryType, long bytes, CopyReason reason) {
        if (!Tracers.copiesWatched()) {
            return;
        }
        Tracers.copied(new CopyEvent(memoryType, bytes, reason, CopyAttribution.current()));
    }
}
