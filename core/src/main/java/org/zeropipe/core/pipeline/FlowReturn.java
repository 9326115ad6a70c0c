package org.zeropipe.core.pipeline;

/**
 * What a push or a chain function reports upstream: GStreamer's {@code GstFlowReturn}.
 * Only {@link #OK} lets data keep flowing; the others stop the streaming thread that sees them
 * ({@link #isFatal() fatal} ones post an ERROR first).
 */
public enum FlowReturn {
    OK,
    /** The pad has no peer. */
    NOT_LINKED,
    /** The pad is flushing or inactive: a seek or a state change is under way. */
    FLUSHING,
    /** The pad already saw EOS, or the element wants no more data. */
    EOS,
    /** Buffers came before caps, or the caps were refused. */
    NOT_NEGOTIATED,
    /** Something failed; the element posted an ERROR message. */
    ERROR;

    /** Whether the flow stops with an error (GStreamer: {@code ret == NOT_LINKED || ret <= NOT_NEGOTIATED}). */
    public boolean isFatal() {
        return this == NOT_LINKED || this == NOT_NEGOTIATED || this == ERROR;
    }

    /** How two results combine when one buffer went to several pads (tee): the "worst" wins,
     * except that NOT_LINKED only wins when every pad is not linked. */
    public static FlowReturn combine(FlowReturn a, FlowReturn b) {
        if (a == b) {
            return a;
        }
        if (a == NOT_LINKED) {
            return b;
        }
        if (b == NOT_LINKED) {
            return a;
        }
        return a.ordinal() > b.ordinal() ? a : b;
    }
}
