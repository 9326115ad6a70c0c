package org.zeropipe.core;

/**
 * An object whose lifetime is counted in references, like GStreamer's mini objects.
 *
 * <p>Whoever holds a reference owns one count: {@link #ref()} adds one for a new owner,
 * {@link #unref()} gives the caller's one back. When the last one goes, the object is freed (or
 * returned to its pool) at once, not at garbage collection. Using the object after that, or
 * giving back a reference twice, throws {@link IllegalStateException}.
 *
 * <p>Methods documented as "takes ownership" consume the caller's reference; methods documented
 * as "borrowed" return an object the caller must not unref.
 */
public interface RefCounted {

    /** Adds a reference for a new owner and returns this object. */
    RefCounted ref();

    /** Gives back the caller's reference; the last one frees the object. */
    void unref();

    /** The current number of references; 0 once released. For checks and tests. */
    int refCount();
}
