package org.zeropipe.core.caps;

/** The closed interval {@code [min, max]} of doubles ({@code GstDoubleRange}); {@code min < max}. */
public record DoubleRange(double min, double max) implements Value {

    public DoubleRange {
        if (!(min < max)) {
            throw new IllegalArgumentException("a range's start must be below its end, got [ "
                    + ValueSerializer.formatDouble(min) + ", " + ValueSerializer.formatDouble(max) + " ]");
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public ValueType type() {
        return ValueType.DOUBLE_RANGE;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
