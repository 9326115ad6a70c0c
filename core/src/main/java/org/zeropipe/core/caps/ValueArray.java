package org.zeropipe.core.caps;

import java.util.Arrays;
import java.util.List;

/**
 * An ordered tuple {@code < a, b, ... >} ({@code GstValueArray}), e.g. per-plane values. It is
 * fixed when all its elements are; elements follow the same type rule as {@link ValueList}.
 */
public record ValueArray(List<Value> values) implements Value {

    public ValueArray {
        values = List.copyOf(values);
        Values.checkElements(values, "array");
    }

    public static ValueArray of(Value... values) {
        return new ValueArray(Arrays.asList(values));
    }

    public int size() {
        return values.size();
    }

    public Value get(int index) {
        return values.get(index);
    }

    @Override
    public ValueType type() {
        return ValueType.ARRAY;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
