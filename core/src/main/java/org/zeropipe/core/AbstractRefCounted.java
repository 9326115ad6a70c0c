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
 * by whoever made the object. {@link #unref()} of the last reference calls
 * {@link #lastReferenceGone()} once, on the releasing thread, where the subclass frees the
 * object (or hands it back to its pool, see {@link #revive()}). Using the count after that, or
 * an {@code unref} too many, throws {@link IllegalStateException} naming the object and, when
 * the leak tracker records it, where it was allocated and released ({@link #where()}).
 *
 * <p>A subclass gives its record from {@link LeakTracker#track} through {@link #leakRecord()}
 * (tracking stays in the subclass constructor, after its fields are set, because a sampled
 * record describes the object when it is made), and implements {@code ref()} with its own
 * return type as {@code retain(); return this;}.
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
     * Called once when the last reference went (refcount 0): free the object, or
     * {@link #revive()} it to hand it to a pool. Also called by {@link #releaseAllReferences()}.
     */
    protected abstract void lastReferenceGone();

    /** Adds a reference for a new owner: the body of {@code ref()}. */
    protected final void retain() {
        if (!retainIfAlive()) {
            throw new IllegalStateException("ref() on a released " + this + where());
        }
        LeakRecord leak = leakRecord();
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
     * Gives back the caller's reference; the last one calls {@link #lastReferenceGone()}.
     *
     * @throws IllegalStateException if the object was already released (double release)
     */
    @Override
    public final void unref() {
        LeakRecord leak = leakRecord();
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
                if (r == 1) {
                    lastReferenceGone();
                }
                return;
            }
        }
    }

    /**
     * Takes the last reference back from inside {@link #lastReferenceGone()} (refcount 0 to
     * 1), as GStreamer's dispose does for a pooled buffer: the caller owns it next.
     *
     * @throws IllegalStateException if the refcount is not 0
     */
    protected final void revive() {
        if (!REFS.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("revive() of " + this + " whose last reference did not go");
        }
    }

    /**
     * Drops every reference at once and calls {@link #lastReferenceGone()}; does nothing if the
     * object was released. The leak checker frees the objects a test leaked this way.
     */
    protected final void releaseAllReferences() {
        for (;;) {
            int r = refCount;
            if (r <= 0) {
                return;
            }
            if (REFS.compareAndSet(this, r, 0)) {
                lastReferenceGone();
                return;
            }
        }
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
