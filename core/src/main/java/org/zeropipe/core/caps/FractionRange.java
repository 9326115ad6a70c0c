package org.zeropipe.core.caps;

import java.util.Objects;

/** The closed interval {@code [min, max]} of fractions ({@code GstFractionRange}); {@code min < max}. */
public record FractionRange(Fraction min, Fraction max) implements Value {

    public FractionRange {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.compareTo(max) >= 0) {
            throw new IllegalArgumentException("a range's start must be below its end, got [ " + min
                    + ", " + max + " ]");
        }
    }

    public boolean contains(Fraction value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    @Override
    public ValueType type() {
        return ValueType.FRACTION_RANGE;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
