package org.zeropipe.core.meta;

/** Flags of a {@link Meta}: GStreamer's {@code GstMetaFlags}. */
public enum MetaFlag {
    /** The meta's fields should not be changed. */
    READONLY,
    /** The meta belongs to a pooled buffer and survives the pool's reset of the buffer. */
    POOLED,
    /** The meta cannot be removed from its buffer. */
    LOCKED;

    int bit() {
        return 1 << ordinal();
    }
}
