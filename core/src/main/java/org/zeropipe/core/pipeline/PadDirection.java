package org.zeropipe.core.pipeline;

/** Which way data leaves or enters an element through a pad. */
public enum PadDirection {
    /** Data leaves the element (a source pad). */
    SRC,
    /** Data enters the element (a sink pad). */
    SINK;

    public PadDirection opposite() {
        return this == SRC ? SINK : SRC;
    }
}
