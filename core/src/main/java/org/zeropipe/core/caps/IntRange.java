package org.zeropipe.core.caps;

/**
 * The integers {@code min, min+step, ..., max} ({@code GstIntRange}). As in GStreamer, a range
 * has at least two values ({@code min < max}), a positive step, and bounds that are multiples of
 * the step; {@code [10, 5]} or {@code [1, 100, 2]} are rejected rather than stored as {@code [0, 0]}.
 */
public record IntRange(int min, int max, int step) implements Value {

    public IntRange {
        String problem = problem(min, max, step);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public IntRange(int min, int max) {
        this(min, max, 1);
    }

    /** What is wrong with these bounds, or {@code null} when they make a valid range. */
    static String problem(long min, long max, long step) {
        if (step <= 0) {
            return "the step of a range must be positive, got " + step;
        }
        if (min >= max) {
            return "a range's start must be below its end, got [ " + min + ", " + max + " ]";
        }
        if (min % step != 0 || max % step != 0) {
            return "a range's start and end must be multiples of its step, got [ " + min + ", "
                    + max + ", " + step + " ]";
        }
        return null;
    }

    public boolean contains(int value) {
        return value >= min && value <= max && value % step == 0;
    }

    @Override
    public ValueType type() {
        return ValueType.INT_RANGE;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
