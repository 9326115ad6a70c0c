package org.zeropipe.core.pipeline;

/**
 * A callback that sees what passes through a pad (GStreamer's pad probe, design doc
 * {@code probes.md}): buffers pushed, events and queries sent out of the pad. It runs on the
 * thread that pushes. The item is borrowed: do not keep or release it.
 */
@FunctionalInterface
public interface PadProbe {

    /** What kinds of items a probe sees. */
    enum Type {
        BUFFER,
        EVENT_DOWNSTREAM,
        EVENT_UPSTREAM,
        QUERY
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
