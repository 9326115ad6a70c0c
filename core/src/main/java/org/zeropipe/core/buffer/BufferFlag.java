package org.zeropipe.core.buffer;

/** Flags of a {@link Buffer}: GStreamer's {@code GstBufferFlags}. */
public enum BufferFlag {
    /** Produced by a live source. */
    LIVE,
    /** Comes after a discontinuity in the stream (after a seek, a drop, a restart). */
    DISCONT,
    /** Timestamps should be resynchronized. */
    RESYNC,
    /** The data may be corrupted. */
    CORRUPTED,
    /** Marks a media-specific boundary (the end of an RTP frame, of a video frame…). */
    MARKER,
    /** Stream header data, to be sent again to late joiners. */
    HEADER,
    /** A gap: the data is silence/neutral and need not be processed. */
    GAP,
    /** Can be dropped without breaking the stream. */
    DROPPABLE,
    /** Cannot be decoded alone (not a key frame). */
    DELTA_UNIT,
    /**
     * The buffer's memories were added, removed or replaced since the flag was last cleared.
     * Buffer pools clear it when they make a buffer and check it when the buffer comes back.
     * Never copied from one buffer to another.
     */
    TAG_MEMORY,
    /** Elements should wait for this buffer to be rendered before going on (sync after). */
    SYNC_AFTER,
    /** Must not be dropped (e.g. by a QoS-driven element). */
    NON_DROPPABLE;

    /** This flag's bit in {@link Buffer#flagBits()}. */
    public int bit() {
        return 1 << ordinal();
    }
}
