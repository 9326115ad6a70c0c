package org.zeropipe.core.leak;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the leak tracker knows about one tracked object: where it was allocated and where it was
 * touched (the first touches and a bounded tail ending with the last one recorded, see
 * {@link TouchHistory}). The object calls {@link #touch} on ref/unref/map/… and {@link #close} when it is
 * really freed. Obtained from {@link LeakTracker#track}; {@code null} means "not tracked", so
 * callers guard every call with a null check.
 */
public final class LeakRecord implements Runnable {

    /** A place in the code, with what happened there. */
    public record Site(String what, String thread, StackTraceElement[] frames) {

        /** The first frame: the caller outside the memory model. */
        public String where() {
            return frames.length == 0 ? "(unknown)" : frames[0].toString();
        }

        void appendTo(StringBuilder out, String title) {
            out.append("  ").append(title).append(" at ").append(where())
                    .append(" [thread ").append(thread).append("]\n");
            for (int i = 1; i < frames.length; i++) {
                out.append("      at ").append(frames[i]).append('\n');
            }
        }
    }

    private final long id;
    private final int releaseOrder;
    private final Site allocation;
    /** The object itself in TRACK mode (so a test can release it); null when sampling. */
    private volatile Object object;
    private final Consumer<Object> releaser;
    /** Description fixed at creation when sampling (the object will be gone when it is reported). */
    private final String sampledDescription;
    private final TouchHistory touches;
    private volatile boolean closed;
    private volatile Site closedAt;
    volatile java.lang.ref.Cleaner.Cleanable cleanable;

    @SuppressWarnings("unchecked")
    LeakRecord(long id, Object object, boolean holdObject, int releaseOrder, Consumer<?> releaser,
            Site allocation, int maxTouchRecords) {
        this.id = id;
        this.releaseOrder = releaseOrder;
        this.allocation = allocation;
        this.object = holdObject ? object : null;
        this.releaser = (Consumer<Object>) releaser;
        this.sampledDescription = holdObject ? null : describe(object);
        // Tracking (tests) records every touch; a sampled object may be touched for the whole run.
        this.touches = new TouchHistory(maxTouchRecords, holdObject);
    }

    /** Sequence number: records created later have larger ids. */
    public long id() {
        return id;
    }

    /** Where the object was allocated. */
    public Site allocation() {
        return allocation;
    }

    /**
     * Where the object was last touched, or {@code null} if never. When sampling this is the
     * last touch recorded, which may be a little older than the last one (see {@link #touchCount}).
     */
    public Site lastTouch() {
        TouchHistory.Touch t = touches.last();
        return t == null ? null : t.site();
    }

    /** How many times the object was touched (recorded or not). */
    public long touchCount() {
        return touches.count();
    }

    /** The touches recorded, oldest first: at most {@link LeakTracker#maxTouchRecords()}. */
    public List<Site> recordedTouches() {
        return touches.recorded().stream().map(TouchHistory.Touch::site).toList();
    }

    /** Whether the object was released. */
    public boolean isClosed() {
        return closed;
    }

    /** Where the object was released (its final touch), when tracking and released. */
    public Site closedAt() {
        return closedAt;
    }

    int releaseOrder() {
        return releaseOrder;
    }

    /** Records that the object was used here ({@code what}: "ref", "map", …). */
    public void touch(String what) {
        if (!closed) {
            touches.touch(what);
        }
    }

    /** Records that the object was freed; it is no longer a leak. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closedAt = touches.released();
        object = null;
        LeakTracker.closed(this);
        java.lang.ref.Cleaner.Cleanable c = cleanable;
        if (c != null) {
            c.clean(); // deregisters the phantom reference; run() sees closed and does nothing
        }
    }

    /** The tracked object while it is alive and tracked (TRACK mode). */
    Object object() {
        return object;
    }

    /** Frees a leaked object so the next test starts clean (TRACK mode only). */
    void releaseLeaked() {
        Object o = object;
        if (o != null && !closed) {
            releaser.accept(o);
        }
    }

    /** A one-line description of the object. */
    public String description() {
        Object o = object;
        return o != null ? describe(o) : sampledDescription != null ? sampledDescription : "(released)";
    }

    /** {@code toString()}, or the class and identity when that throws. */
    static String describe(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return o.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(o));
        }
    }

    /** A report of this record: the object, where it was allocated, where last touched. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(description()).append('\n');
        allocation.appendTo(out, "allocated");
        List<TouchHistory.Touch> recorded = touches.recorded();
        if (recorded.isEmpty()) {
            out.append("  never touched after allocation\n");
            return out.toString();
        }
        TouchHistory.Touch last = recorded.getLast();
        long count = Math.max(touches.count(), last.number());
        for (TouchHistory.Touch t : recorded.subList(0, recorded.size() - 1)) {
            out.append("  touched (").append(t.site().what()).append(", #").append(t.number()).append(") at ")
                    .append(t.site().where()).append(" [thread ").append(t.site().thread()).append("]\n");
        }
        last.site().appendTo(out, last.number() == count
                ? "last touched (" + last.site().what() + ", " + count + " touches)"
                : "last recorded touch (" + last.site().what() + ", #" + last.number() + " of " + count + " touches)");
        return out.toString();
    }

    /** Phantom-reference action when sampling: the object became unreachable. */
    @Override
    public void run() {
        if (!closed) {
            closed = true;
            LeakTracker.reportUnreachable(this);
        }
    }

    @Override
    public String toString() {
        return "LeakRecord#" + id + "[" + description() + (closed ? ", released" : "") + "]";
    }
}
