package org.zeropipe.core.query;

import java.util.Objects;

import org.zeropipe.core.caps.Caps;

/**
 * "Which caps could you handle?" The answer is every format the pad (and what lies beyond it)
 * accepts, restricted to the {@link #filter()} when there is one, in order of preference.
 */
public final class CapsQuery implements Query {
    private final Caps filter;
    private Caps result;

    /** @param filter caps the asker can use, or {@code null} for no restriction */
    public CapsQuery(Caps filter) {
        this.filter = filter;
    }

    /** The caps the asker is interested in, or {@code null}. */
    public Caps filter() {
        return filter;
    }

    /** The answer, or {@code null} while unanswered. */
    public Caps result() {
        return result;
    }

    /** Answers; the caps are intersected with the filter (first-preferring the filter's order). */
    public void setResult(Caps caps) {
        Objects.requireNonNull(caps, "caps");
        result = filter == null ? caps : filter.intersect(caps, org.zeropipe.core.caps.IntersectMode.FIRST);
    }

    @Override
    public String typeName() {
        return "caps";
    }

    @Override
    public String toString() {
        return "caps-query[filter=" + filter + ", result=" + result + "]";
    }
}
