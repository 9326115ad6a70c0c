package org.zeropipe.core.pipeline;

/**
 * One step between adjacent states, and what an element does in it (GStreamer's design doc
 * {@code states.md}).
 */
public enum StateChange {
    /** Open resources (files, devices). */
    NULL_TO_READY(State.NULL, State.READY),
    /** Activate the pads (source tasks start), sinks start prerolling (async). */
    READY_TO_PAUSED(State.READY, State.PAUSED),
    /** Sinks render against the clock; live sources produce. */
    PAUSED_TO_PLAYING(State.PAUSED, State.PLAYING),
    /** Sinks stop rendering and block on the next buffer (they lose their preroll). */
    PLAYING_TO_PAUSED(State.PLAYING, State.PAUSED),
    /** Deactivate the pads: flushing, tasks stopped and joined, buffers released. */
    PAUSED_TO_READY(State.PAUSED, State.READY),
    /** Close resources. */
    READY_TO_NULL(State.READY, State.NULL);

    private final State current;
    private final State next;

    StateChange(State current, State next) {
        this.current = current;
        this.next = next;
    }

    public State current() {
        return current;
    }

    public State next() {
        return next;
    }

    /** Whether this step goes up (towards PLAYING). */
    public boolean isUpward() {
        return next.ordinal() > current.ordinal();
    }

    /** The step between two adjacent states. */
    public static StateChange of(State current, State next) {
        for (StateChange c : values()) {
            if (c.current == current && c.next == next) {
                return c;
            }
        }
        throw new IllegalArgumentException("no single state change from " + current + " to " + next);
    }
}
