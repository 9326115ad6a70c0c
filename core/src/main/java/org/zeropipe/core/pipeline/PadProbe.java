package org.zeropipe.core.pipeline;

/**
 * A callback that sees what passes through a pad (GStreamer's pad probe, design doc
 * {@code probes.md}): buffers and events leaving a source pad or arriving at a sink pad,
 * upstream events leaving a sink pad or arriving at a source pad, queries the pad sends to its
 * peer. It runs on the thread that pushes. The item is borrowed: do not keep or release it.
 * An {@link Type#IDLE} probe is called once, with no item, as soon as no data passes the pad.
 */
@FunctionalInterface
public interface PadProbe {

    /** What kinds of items a probe sees. */
    enum Type {
        BUFFER,
        EVENT_DOWNSTREAM,
        EVENT_UPSTREAM,
        QUERY,
        /**
         * The pad is idle: nothing is being pushed through it (or a blocking probe holds it).
         * Called once, at once from {@link Pad#addProbe} if the pad is idle then, else from the
         * streaming thread right after the current buffer or serialized event; then removed.
         * The place to unlink or relink a running pipeline without blocking it first.
         */
        IDLE
    }

    /** What to do with the item and the probe. */
    enum Return {
        /** Let the item pass (a blocking probe then blocks); keep the probe. */
        OK,
        /** Drop the item (a buffer is released; an event or query counts as not handled). */
        DROP,
        /** Let the item pass and remove the probe. */
        REMOVE
    }

    /** Sees {@code item} (a Buffer, Event or Query) of {@code type} at {@code pad}. */
    Return probe(Pad pad, Type type, Object item);
}
