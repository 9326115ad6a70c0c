package org.zeropipe.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.zeropipe.core.leak.LeakRecord;
import org.zeropipe.core.leak.LeakTracker;

/**
 * The reference count of a {@link RefCounted} object, written once for {@code Memory},
 * {@code Buffer} and {@code BufferList}: GStreamer's {@code gst_mini_object_ref/unref}.
 *
 * <p>The count is an {@code int} changed by a {@link VarHandle} compare-and-set, so taking and
 * giving back a reference allocates nothing and works from any thread. It starts at 1, owned
 * by whoever made the object. Using the count after it reached 0, or an {@code unref} too
 * many, throws {@link IllegalStateException} naming the object and, when the leak tracker
 * records it, where it was allocated and released ({@link #where()}).
 *
 * <p>A subclass implements the two operations with its own types as
 * <pre>{@code
 * public Buffer ref() { addReference(leak); return this; }
 * public void unref() { if (dropReference(leak) == 1) lastReferenceGone(); }
 * }</pre>
 * where {@code leak} is its record from {@link LeakTracker#track} (made in the subclass
 * constructor, after its fields are set, because a sampled record describes the object when it
 * is made) and {@code lastReferenceGone} its own private code that frees the object, or
 * {@link #revive()}s it for a pool. Passing the record and calling its own method keep the
 * release path free of virtual calls the JIT could not bind (measured on the pool's
 * acquire/release benchmark).
 */
public abstract class AbstractRefCounted implements RefCounted {

    static {
        LeakTracker.hideFrames(AbstractRefCounted.class);
    }

    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(AbstractRefCounted.class, "refCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int refCount = 1;

    /** Starts with one reference, owned by the caller. */
    protected AbstractRefCounted() {
    }

    /** The leak tracker's record of this object, or {@code null} when it is not tracked. */
    protected abstract LeakRecord leakRecord();

    /**
     * Adds a reference for a new owner and records a "ref" touch in {@code leak} (this
     * object's record, or null): the body of {@code ref()}.
     *
     * @throws IllegalStateException if the object was released
     */
    protected final void addReference(LeakRecord leak) {
        if (!retainIfAlive()) {
            throw new IllegalStateException("ref() on a released " + this + where());
        }
        if (leak != null) {
            leak.touch("ref");
        }
    }

    /**
     * Adds a reference without recording a touch, unless the object was released; returns
     * whether it did. For references the model takes itself (a share view on its parent).
     */
    protected final boolean retainIfAlive() {
        for (;;) {
            int r = refCount;
            if (r <= 0) {
                return false;
            }
            if (r == Integer.MAX_VALUE) {
                throw new IllegalStateException("too many references to " + this);
            }
            if (REFS.compareAndSet(this, r, r + 1)) {
                return true;
            }
        }
    }

    /**
     * Gives back one reference and records an "unref" touch in {@code leak} (this object's
     * record, or null): the body of {@code unref()}. Returns the count it had before: 1 when
     * the last reference went, and the caller then frees the object, once.
     *
     * @throws IllegalStateException if the object was already released (double release)
     */
    protected final int dropReference(LeakRecord leak) {
        // Kept under the JIT's always-inline size (35 bytes): one CAS when untracked and uncontended.
        int r = refCount;
        if (leak != null || r <= 0 || !REFS.compareAndSet(this, r, r - 1)) {
            r = dropReferenceSlowly(leak);
        }
        return r;
    }

    /** {@link #dropReference} with the touch, the retry and the check; returns the count before. */
    private int dropReferenceSlowly(LeakRecord leak) {
        if (leak != null) {
            leak.touch("unref");
        }
        for (;;) {
            int r = refCount;
            if (r <= 0) {
                throw new IllegalStateException("double release: unref() on " + this
                        + " whose refcount is already 0" + where());
            }
            if (REFS.compareAndSet(this, r, r - 1)) {
                return r;
            }
        }
    }

    /**
     * Drops every reference at once; returns true if the object was alive, and the caller
     * then frees it. The leak checker frees the objects a test leaked this way.
     */
    protected final boolean dropAllReferences() {
        for (;;) {
            int r = refCount;
            if (r <= 0) {
                return false;
            }
            if (REFS.compareAndSet(this, r, 0)) {
                return true;
            }
        }
    }

    /**
     * Takes the last reference back right after it went (refcount 0 to 1), as GStreamer's
     * dispose does for a pooled buffer: the caller owns it next. Only for the code that
     * {@link #dropReference} just answered 1, so nobody else can see the count: a plain
     * volatile store (reading the count first, or a CAS, costs the pool's acquire/release
     * benchmark about 15 ns).
     */
    protected final void revive() {
        REFS.setVolatile(this, 1);
    }

    @Override
    public final int refCount() {
        return refCount;
    }

    /**
     * For messages: where the object was allocated and last touched (or released), when the
     * leak tracker records it, else how to make it do so.
     */
    protected final String where() {
        LeakRecord r = leakRecord();
        if (r == null) {
            return " (run with -Dzeropipe.leaks=track to see where it was allocated and released)";
        }
        StringBuilder b = new StringBuilder("\n  allocated at ").append(r.allocation().where());
        LeakRecord.Site last = r.isClosed() ? r.closedAt() : r.lastTouch();
        if (last != null) {
            b.append("\n  ").append(r.isClosed() ? "released" : "last touched").append(" (").append(last.what())
                    .append(") at ").append(last.where());
        }
        return b.toString();
    }
}
