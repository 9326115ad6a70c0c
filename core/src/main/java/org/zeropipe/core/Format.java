package org.zeropipe.core;

/**
 * The unit a position or range is counted in: GStreamer's {@code GstFormat}. Used by buffer
 * pool acquire parameters now, and by segments, seeks and queries later.
 */
public enum Format {
    /** No format given. */
    UNDEFINED,
    /** The stream's natural unit: samples for audio, frames for video. */
    DEFAULT,
    /** Bytes. */
    BYTES,
    /** Nanoseconds. */
    TIME,
    /** Buffers (a buffer count). */
    BUFFERS,
    /** Percent of the stream, scaled by 10 000: 100 % is 1 000 000 (GStreamer's {@code GST_FORMAT_PERCENT_MAX}). */
    PERCENT
}
