package org.zeropipe.core.query;

import org.zeropipe.core.buffer.ClockTime;

/**
 * "How late is the data you deliver?" (design doc {@code latency.md}). Each element adds its own
 * latency on the way up; {@code live} says whether a live source is upstream.
 */
public final class LatencyQuery implements Query {
    private boolean live;
    private long min;
    private long max = ClockTime.NONE;

    public boolean live() {
        return live;
    }

    public long min() {
        return min;
    }

    /** The most latency the pipeline can absorb, NONE for unlimited. */
    public long max() {
        return max;
    }

    public void setResult(boolean live, long min, long max) {
        if (min < 0) {
            throw new IllegalArgumentException("min latency must be >= 0, not " + min);
        }
        this.live = live;
        this.min = min;
        this.max = max;
    }

    /** Adds an element's own latency (data it holds back) to both bounds; NONE stays unlimited. */
    public void add(long latency) {
        if (latency < 0) {
            throw new IllegalArgumentException("latency must be >= 0, not " + latency);
        }
        min += latency;
        if (max != ClockTime.NONE) {
            max += latency;
        }
    }

    @Override
    public String typeName() {
        return "latency";
    }
}
