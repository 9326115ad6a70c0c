package org.zeropipe.core.pipeline;

/** Units of a position or segment: GStreamer's {@code GstFormat} (the ones we use). */
public enum Format {
    UNDEFINED,
    /** Units the element defines (frames, samples). */
    DEFAULT,
    BYTES,
    /** Nanoseconds. */
    TIME,
    BUFFERS
}
