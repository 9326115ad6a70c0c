package org.zeropipe.core.caps;

import java.util.List;
import java.util.Optional;

/**
 * GStreamer's value algebra ({@code gst_value_compare}, {@code _intersect}, {@code _union},
 * {@code _subtract}, {@code _is_subset}, {@code _fixate}) on {@link Value}s, with GStreamer's
 * semantics, quirks included; see {@code docs/caps.md} for the few places where zeropipe differs.
 */
public final class Values {

    private Values() {
    }

    public static ValueOrder compare(Value a, Value b) {
        return ValueComparison.compare(a, b);
    }

    /** GStreamer's equality: {@code { 1, 2 }} equals {@code [ 1, 2 ]} and {@code { b, a }}. */
    public static boolean isEqual(Value a, Value b) {
        return ValueComparison.compare(a, b) == ValueOrder.EQUAL;
    }

    /** The values both {@code a} and {@code b} allow, or empty when there are none. */
    public static Optional<Value> intersect(Value a, Value b) {
        return Optional.ofNullable(ValueIntersection.intersect(a, b));
    }

    /** The values of {@code minuend} that are not in {@code subtrahend}, or empty when there are none. */
    public static Optional<Value> subtract(Value minuend, Value subtrahend) {
        return Optional.ofNullable(ValueSubtraction.subtract(minuend, subtrahend));
    }

    /** A value allowing both, or empty when GStreamer cannot express it (e.g. int and string). */
    public static Optional<Value> union(Value a, Value b) {
        return Optional.ofNullable(ValueUnion.union(a, b));
    }

    public static boolean isSubset(Value subset, Value superset) {
        return ValueSubset.isSubset(subset, superset);
    }

    /** The first value of a range or list (recursively for arrays), or empty when already fixed. */
    public static Optional<Value> fixate(Value value) {
        return Optional.ofNullable(Fixation.fixate(value));
    }

    /**
     * The type GStreamer names in a field's {@code (type)} cast: a list's or array's is its first
     * element's (an empty one is {@code int}), a range's is its bounds'.
     */
    public static ValueType genericType(Value value) {
        while (true) {
            switch (value) {
                case ValueList l -> {
                    if (l.values().isEmpty()) {
                        return ValueType.INT;
                    }
                    value = l.values().getFirst();
                }
                case ValueArray a -> {
                    if (a.values().isEmpty()) {
                        return ValueType.INT;
                    }
                    value = a.values().getFirst();
                }
                default -> {
                    return value.type().boundType();
                }
            }
        }
    }

    /** Checks the rules every list and array element follows; see {@link ValueList}. */
    static void checkElements(List<Value> values, String container) {
        ValueType first = null;
        for (Value v : values) {
            if (v instanceof StringValue s && s.isNull()) {
                throw new IllegalArgumentException("a NULL string cannot be an element of a " + container
                        + " (GStreamer cannot print it there)");
            }
            ValueType t = genericType(v);
            if (first == null) {
                first = t;
            } else if (t != first) {
                throw new IllegalArgumentException("the elements of a " + container + " must all have one type, got ("
                        + first.serializedName() + ") and (" + t.serializedName() + ")");
            }
        }
    }
}
