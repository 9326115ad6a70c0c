package org.zeropipe.core.caps;

import java.util.List;

/** {@code gst_value_compare}: ordering for scalars, equality for ranges, lists and arrays. */
final class ValueComparison {

    private ValueComparison() {
    }

    static ValueOrder compare(Value a, Value b) {
        boolean aList = a instanceof ValueList;
        boolean bList = b instanceof ValueList;
        // A list equals a scalar when all its elements do ("{ 1 }" is "1"), and an int list
        // equals the int range that has exactly its values.
        if (aList && !bList) {
            return compareListWith((ValueList) a, b);
        }
        if (bList && !aList) {
            return compareListWith((ValueList) b, a);
        }
        return compareSameKind(a, b);
    }

    /**
     * Compares every element of {@code list} with {@code other}. GStreamer returns the first
     * element's own order for a one-element list (so {@code compare(1, { 2 })} is
     * GREATER_THAN); callers only look at EQUAL versus the rest.
     */
    private static ValueOrder compareListWith(ValueList list, Value other) {
        if (listEqualsRange(list, other)) {
            return ValueOrder.EQUAL;
        }
        int n = list.size();
        if (n == 0) {
            return ValueOrder.UNORDERED;
        }
        for (Value element : list.values()) {
            ValueOrder order = compare(element, other);
            if (order != ValueOrder.EQUAL) {
                return n == 1 ? order : ValueOrder.UNORDERED;
            }
        }
        return ValueOrder.EQUAL;
    }

    /**
     * {@code gst_value_list_equals_range}: same count of values and each list value in the
     * range. Like GStreamer it does not look for duplicates, so {@code { 1, 1 }} equals {@code [ 1, 2 ]}.
     */
    private static boolean listEqualsRange(ValueList list, Value other) {
        List<Value> values = list.values();
        if (values.isEmpty()) {
            return false;
        }
        if (values.getFirst() instanceof IntValue && other instanceof IntRange r) {
            if (values.size() != r.max() / r.step() - r.min() / r.step() + 1) {
                return false;
            }
            for (Value v : values) {
                if (!(v instanceof IntValue i) || !r.contains(i.value())) {
                    return false;
                }
            }
            return true;
        }
        if (values.getFirst() instanceof Int64Value && other instanceof Int64Range r) {
            if (values.size() != r.max() / r.step() - r.min() / r.step() + 1) {
                return false;
            }
            for (Value v : values) {
                if (!(v instanceof Int64Value i) || !r.contains(i.value())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** {@code _gst_value_compare_nolist}: values of different types are unordered. */
    static ValueOrder compareSameKind(Value a, Value b) {
        if (a.getClass() != b.getClass()) {
            return ValueOrder.UNORDERED;
        }
        return switch (a) {
            case IntValue x -> ValueOrder.of(Integer.compare(x.value(), ((IntValue) b).value()));
            case UIntValue x -> ValueOrder.of(Long.compare(x.value(), ((UIntValue) b).value()));
            case Int64Value x -> ValueOrder.of(Long.compare(x.value(), ((Int64Value) b).value()));
            case UInt64Value x -> ValueOrder.of(Long.compareUnsigned(x.bits(), ((UInt64Value) b).bits()));
            case DoubleValue x -> compareDoubles(x.value(), ((DoubleValue) b).value());
            case BooleanValue x -> equalOrUnordered(x.value() == ((BooleanValue) b).value());
            case StringValue x -> compareStrings(x.value(), ((StringValue) b).value());
            case Fraction x -> ValueOrder.of(x.compareTo((Fraction) b));
            case Bitmask x -> equalOrUnordered(x.bits() == ((Bitmask) b).bits());
            case FlagSet x -> equalOrUnordered(x.equals(b));
            // Ranges are only equal or unordered; their step counts unless they hold one value.
            case IntRange x -> equalOrUnordered(x.equals(b));
            case Int64Range x -> equalOrUnordered(x.equals(b));
            case DoubleRange x -> equalOrUnordered(x.min() == ((DoubleRange) b).min()
                    && x.max() == ((DoubleRange) b).max());
            case FractionRange x -> equalOrUnordered(x.equals(b));
            case ValueList x -> compareListsUnordered(x.values(), ((ValueList) b).values());
            case ValueArray x -> compareArrays(x.values(), ((ValueArray) b).values());
        };
    }

    private static ValueOrder equalOrUnordered(boolean equal) {
        return equal ? ValueOrder.EQUAL : ValueOrder.UNORDERED;
    }

    private static ValueOrder compareDoubles(double a, double b) {
        if (a > b) {
            return ValueOrder.GREATER_THAN;
        }
        if (a < b) {
            return ValueOrder.LESS_THAN;
        }
        return a == b ? ValueOrder.EQUAL : ValueOrder.UNORDERED;
    }

    /** strcmp on UTF-8, i.e. code point order; a NULL string only equals a NULL string. */
    private static ValueOrder compareStrings(String a, String b) {
        if (a == null || b == null) {
            return equalOrUnordered(a == b);
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return ValueOrder.of(Integer.compare(ca, cb));
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return ValueOrder.of(Integer.compare(a.length() - i, b.length() - j));
    }

    /**
     * Two lists are equal when each element of one matches a distinct element of the other.
     * GStreamer matches them with the compare function of the first element's type, whatever
     * each element's own type. The double and fraction functions read the raw storage: in a
     * list headed by a double a double range compares as its minimum, headed by a double range
     * a double as {@code [v, 0]}, headed by a fraction a fraction range never matches. Those
     * results are reproduced, since GStreamer 1.22's own simplification builds such mixed lists.
     * Other heads either check the type (an int range read as an int is 0, with a critical) or
     * would read a pointer as a number or crash; there elements are compared by their own type.
     */
    private static ValueOrder compareListsUnordered(List<Value> a, List<Value> b) {
        int n = a.size();
        if (n != b.size()) {
            return ValueOrder.UNORDERED;
        }
        if (n == 0) {
            return ValueOrder.EQUAL;
        }
        Class<?> head = a.getFirst().getClass();
        if (head != b.getFirst().getClass()) {
            return ValueOrder.UNORDERED;
        }
        boolean[] used = new boolean[n];
        for (Value x : a) {
            int j = 0;
            while (j < n && (used[j] || !listElementsEqual(head, x, b.get(j)))) {
                j++;
            }
            if (j == n) {
                return ValueOrder.UNORDERED;
            }
            used[j] = true;
        }
        return ValueOrder.EQUAL;
    }

    private static boolean listElementsEqual(Class<?> head, Value x, Value y) {
        if (head == Fraction.class) {
            return x instanceof Fraction && x.equals(y);
        }
        if (head == DoubleValue.class) {
            Double dx = rawDouble(x);
            Double dy = rawDouble(y);
            return dx != null && dy != null && dx.doubleValue() == dy.doubleValue();
        }
        if (head == DoubleRange.class) {
            double[] rx = rawDoubles(x);
            double[] ry = rawDoubles(y);
            return rx != null && ry != null && rx[0] == ry[0] && rx[1] == ry[1];
        }
        return compareSameKind(x, y) == ValueOrder.EQUAL;
    }

    /** The first double of the value's storage: a double range's minimum. */
    private static Double rawDouble(Value v) {
        return switch (v) {
            case DoubleValue d -> d.value();
            case DoubleRange r -> r.min();
            default -> null;
        };
    }

    /** Both doubles of the value's storage: a double is followed by a zero. */
    private static double[] rawDoubles(Value v) {
        return switch (v) {
            case DoubleValue d -> new double[] {d.value(), 0};
            case DoubleRange r -> new double[] {r.min(), r.max()};
            default -> null;
        };
    }

    private static ValueOrder compareArrays(List<Value> a, List<Value> b) {
        if (a.size() != b.size()) {
            return ValueOrder.UNORDERED;
        }
        for (int i = 0; i < a.size(); i++) {
            if (compare(a.get(i), b.get(i)) != ValueOrder.EQUAL) {
                return ValueOrder.UNORDERED;
            }
        }
        return ValueOrder.EQUAL;
    }
}
