package org.zeropipe.core.pool;

/**
 * {@link BufferPool#acquire(AcquireParams)} could not give a buffer because the pool is
 * inactive or flushing (GStreamer's {@code GST_FLOW_FLUSHING}). Not an error: the normal way a
 * streaming thread learns that it is being stopped or flushed. Checked, so that every caller
 * decides what to do with it (the pipeline runtime returns {@code FLUSHING} upstream).
 *
 * <p>It carries no stack trace: it is an outcome, not a bug, and cheap to throw.
 */
public final class PoolFlushingException extends Exception {

    private final transient BufferPool pool;

    /** For pools outside this package (subclasses that wait on their own resources). */
    public PoolFlushingException(BufferPool pool, String message) {
        super(message, null, false, false);
        this.pool = pool;
    }

    /** The pool that refused. */
    public BufferPool pool() {
        return pool;
    }
}
