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
        Value basic = basicElement(value);
        return basic == null ? ValueType.INT : basic.type().boundType();
    }

    /**
     * The first element that is no list or array, looking into nested ones
     * ({@code gst_value_list_or_array_get_basic_type}); {@code null} when the first list or
     * array met is empty.
     */
    static Value basicElement(Value value) {
        while (true) {
            List<Value> elements = switch (value) {
                case ValueList l -> l.values();
                case ValueArray a -> a.values();
                default -> null;
            };
            if (elements == null) {
                return value;
            }
            if (elements.isEmpty()) {
                return null;
            }
            value = elements.getFirst();
        }
    }

    /** Checks the rule every list and array element follows; see {@link ValueList}. */
    static void checkElements(List<Value> values, String container) {
        ValueType wrong = mismatchedElementType(values);
        if (wrong != null) {
            throw new IllegalArgumentException("the elements of a " + container + " must have its first element's type ("
                    + genericType(values.getFirst()).serializedName() + "), got (" + wrong.serializedName() + ")");
        }
    }

    /**
     * The generic type of an element that cannot share a list or array with the others, or
     * {@code null}. A list is printed with one cast, its first element's generic type, and its
     * elements are read back with it. Nested lists and arrays must have that type too: their
     * own elements print with casts, but fixation replaces a nested list by its first element,
     * which must then still fit.
     */
    static ValueType mismatchedElementType(List<Value> values) {
        if (values.isEmpty()) {
            return null;
        }
        ValueType type = genericType(values.getFirst());
        for (Value v : values) {
            ValueType t = genericType(v);
            if (t != type) {
                return t;
            }
        }
        return null;
    }
}
