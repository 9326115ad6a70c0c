package org.zeropipe.core.pipeline;

/** How a state change went: GStreamer's {@code GstStateChangeReturn}. */
public enum StateChangeReturn {
    /** It failed; the element posted an ERROR saying why. */
    FAILURE,
    /** Done. */
    SUCCESS,
    /** It completes later (a sink waiting for its preroll buffer); {@link Element#getState} waits. */
    ASYNC,
    /** Done, but the element cannot preroll in PAUSED (a live source). */
    NO_PREROLL;

    /** How a bin combines its children's results: FAILURE beats NO_PREROLL beats ASYNC beats SUCCESS. */
    public static StateChangeReturn combine(StateChangeReturn a, StateChangeReturn b) {
        if (a == FAILURE || b == FAILURE) {
            return FAILURE;
        }
        if (a == NO_PREROLL || b == NO_PREROLL) {
            return NO_PREROLL;
        }
        if (a == ASYNC || b == ASYNC) {
            return ASYNC;
        }
        return SUCCESS;
    }
}
