package org.zeropipe.core.pipeline;

/**
 * The four states of an element (GStreamer's {@code GstState}), in order. An element moves one
 * step at a time; see {@link StateChange} for what each step does.
 */
public enum State {
    /** Nothing allocated; the initial and final state. */
    NULL,
    /** Resources opened (devices, files); no data flows, pads inactive. */
    READY,
    /** Pads active and data prerolled: sinks hold one buffer and wait. The clock does not run. */
    PAUSED,
    /** Data flows and sinks render against the clock. */
    PLAYING;

    /** The state one step from this one towards {@code target}; this one if equal. */
    public State stepTowards(State target) {
        int d = Integer.compare(target.ordinal(), ordinal());
        return values()[ordinal() + d];
    }
}
