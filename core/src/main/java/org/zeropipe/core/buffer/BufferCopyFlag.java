package org.zeropipe.core.buffer;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** What {@link Buffer#copyInto} and {@link Buffer#copyRegion} copy: GStreamer's {@code GstBufferCopyFlags}. */
public enum BufferCopyFlag {
    /** The flags (never {@link BufferFlag#TAG_MEMORY}). */
    FLAGS,
    /** pts, dts, offset; duration and offsetEnd too when the whole buffer is copied. */
    TIMESTAMPS,
    /** The metas, through their transform functions. */
    META,
    /** The memories: shared (a reference, or a share view for part of one) unless DEEP or NO_SHARE. */
    MEMORY,
    /** Merge the copied memories into one. */
    MERGE,
    /** Copy the bytes instead of sharing the memories. */
    DEEP;

    /** FLAGS, TIMESTAMPS, META and MEMORY: what {@link Buffer#copy()} copies. */
    public static final Set<BufferCopyFlag> ALL =
            Collections.unmodifiableSet(EnumSet.of(FLAGS, TIMESTAMPS, META, MEMORY));

    /** ALL and DEEP: what {@link Buffer#deepCopy()} copies. */
    public static final Set<BufferCopyFlag> ALL_DEEP =
            Collections.unmodifiableSet(EnumSet.of(FLAGS, TIMESTAMPS, META, MEMORY, DEEP));
}
