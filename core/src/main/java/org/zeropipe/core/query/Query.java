package org.zeropipe.core.query;

/**
 * A question asked along a link, answered by the element that knows: GStreamer's
 * {@code GstQuery} (design doc {@code query.md}). Unlike events, a query is mutable: the
 * answering element fills in its result and returns {@code true}. Most queries are answered
 * by whoever handles them first, or forwarded across the element by the default handler.
 */
public sealed interface Query
        permits CapsQuery, AcceptCapsQuery, AllocationQuery, LatencyQuery, PositionQuery,
        DurationQuery, ContextQuery {

    /** The short GStreamer name, e.g. {@code "caps"}. */
    String typeName();

    /** Whether a serialized query: it must travel in order with the data (allocation). */
    default boolean isSerialized() {
        return false;
    }
}
