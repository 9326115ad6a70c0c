package org.zeropipe.core.caps;

import java.util.Arrays;
import java.util.List;

/**
 * An unordered choice {@code { a, b, ... }} ({@code GstValueList}): any one of the elements.
 * Order is kept because GStreamer's results depend on it (fixation takes the first element).
 * All elements must have the {@linkplain Values#genericType generic type} of the first (an int
 * list may hold int ranges and int lists), so that the printed form, which names that one type,
 * parses back to the same list, also after fixation.
 * A NULL string is printed {@code NULL} in a list, where GStreamer prints nothing (and a critical).
 */
public record ValueList(List<Value> values) implements Value {

    public ValueList {
        values = List.copyOf(values);
        Values.checkElements(values, "list");
    }

    public static ValueList of(Value... values) {
        return new ValueList(Arrays.asList(values));
    }

    public static ValueList ofInts(int... values) {
        return new ValueList(Arrays.stream(values).<Value>mapToObj(IntValue::new).toList());
    }

    public static ValueList ofStrings(String... values) {
        return new ValueList(Arrays.stream(values).<Value>map(StringValue::new).toList());
    }

    public int size() {
        return values.size();
    }

    public Value get(int index) {
        return values.get(index);
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
