package org.zeropipe.core.caps;

/** {@code gst_value_is_subset}. */
final class ValueSubset {

    private ValueSubset() {
    }

    static boolean isSubset(Value a, Value b) {
        if (a instanceof IntRange x && b instanceof IntRange y) {
            return intRangeInRange(x, y);
        }
        if (a instanceof Int64Range x && b instanceof Int64Range y) {
            return int64RangeInRange(x, y);
        }
        if (a instanceof FlagSet x && b instanceof FlagSet y) {
            return (x.flags() & x.mask()) == (y.flags() & x.mask() & y.mask());
        }
        if (b instanceof ValueList superset) {
            return a instanceof ValueList subset ? listInList(subset, superset) : inList(a, superset);
        }
        // a is a subset of b when a - b is empty while b - a is not
        return ValueSubtraction.subtract(a, b) == null && ValueSubtraction.subtract(b, a) != null;
    }

    /**
     * {@code gst_value_is_subset_int_range_int_range}. GStreamer only checks that one step
     * divides the other, in either direction, so {@code [ 2, 10, 2 ]} counts as a subset of
     * {@code [ 0, 12, 4 ]}; reproduced as is.
     */
    static boolean intRangeInRange(IntRange a, IntRange b) {
        if (a.min() < b.min() || a.max() > b.max()) {
            return false;
        }
        int gcd = IntMath.gcd(a.step(), b.step());
        return gcd == Math.min(a.step(), b.step());
    }

    /** Like the int version, but GStreamer compares the bounds divided by their own steps. */
    private static boolean int64RangeInRange(Int64Range a, Int64Range b) {
        if (a.min() / a.step() < b.min() / b.step() || a.max() / a.step() > b.max() / b.step()) {
            return false;
        }
        long gcd = IntMath.gcd(a.step(), b.step());
        return gcd == Math.min(a.step(), b.step());
    }

    /** Every element of {@code a} equals some element of {@code b}, and {@code a} is not longer. */
    private static boolean listInList(ValueList a, ValueList b) {
        if (a.size() > b.size()) {
            return false;
        }
        for (Value x : a.values()) {
            if (!inList(x, b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inList(Value x, ValueList list) {
        for (Value y : list.values()) {
            if (ValueComparison.compare(x, y) == ValueOrder.EQUAL) {
                return true;
            }
        }
        return false;
    }
}
