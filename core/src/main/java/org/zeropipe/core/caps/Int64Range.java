package org.zeropipe.core.caps;

/** The 64-bit integers {@code min, min+step, ..., max} ({@code GstInt64Range}); same rules as {@link IntRange}. */
public record Int64Range(long min, long max, long step) implements Value {

    public Int64Range {
        String problem = IntRange.problem(min, max, step);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public Int64Range(long min, long max) {
        this(min, max, 1);
    }

    public boolean contains(long value) {
        return value >= min && value <= max && value % step == 0;
    }

    @Override
    public ValueType type() {
        return ValueType.INT64_RANGE;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
