package org.zeropipe.core.pipeline;

/**
 * What {@link Element#getState} found: how the last state change went (ASYNC if it is still
 * under way when the wait ended), the current state and the state it is heading to
 * ({@code pending}, equal to {@code current} when none).
 */
public record StateResult(StateChangeReturn result, State current, State pending) {
}
