package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.List;

/** {@code gst_value_intersect} and {@code gst_value_can_intersect}; {@code null} means empty. */
final class ValueIntersection {

    private ValueIntersection() {
    }

    static Value intersect(Value a, Value b) {
        if (a instanceof ValueList l) {
            return intersectList(l, b);
        }
        if (b instanceof ValueList l) {
            return intersectList(l, a);
        }
        if (ValueComparison.compareSameKind(a, b) == ValueOrder.EQUAL) {
            return a;
        }
        return switch (a) {
            case IntRange x when b instanceof IntRange y -> intRanges(x, y);
            case IntRange x when b instanceof IntValue y -> x.contains(y.value()) ? y : null;
            case IntValue x when b instanceof IntRange y -> y.contains(x.value()) ? x : null;
            case Int64Range x when b instanceof Int64Range y -> int64Ranges(x, y);
            case Int64Range x when b instanceof Int64Value y -> x.contains(y.value()) ? y : null;
            case Int64Value x when b instanceof Int64Range y -> y.contains(x.value()) ? x : null;
            case DoubleRange x when b instanceof DoubleRange y -> doubleRanges(x, y);
            case DoubleRange x when b instanceof DoubleValue y -> x.contains(y.value()) ? y : null;
            case DoubleValue x when b instanceof DoubleRange y -> y.contains(x.value()) ? x : null;
            case FractionRange x when b instanceof FractionRange y -> fractionRanges(x, y);
            case FractionRange x when b instanceof Fraction y -> x.contains(y) ? y : null;
            case Fraction x when b instanceof FractionRange y -> y.contains(x) ? x : null;
            case ValueArray x when b instanceof ValueArray y -> arrays(x, y);
            case FlagSet x when b instanceof FlagSet y -> flagSets(x, y);
            default -> null;
        };
    }

    /** {@code gst_value_can_intersect}: whether intersecting the two types can make sense at all. */
    static boolean canIntersect(Value a, Value b) {
        if (a.getClass() == b.getClass() || a instanceof ValueList || b instanceof ValueList) {
            return true;
        }
        return isRangeAndBound(a, b) || isRangeAndBound(b, a);
    }

    private static boolean isRangeAndBound(Value range, Value bound) {
        return range.type().isRange() && range.type().boundType() == bound.type();
    }

    /**
     * Intersects each element of {@code list} with {@code other}. Like GStreamer, results are
     * merged without duplicates only while the result is still a single value; once it is a list,
     * further results are appended as they come.
     */
    private static Value intersectList(ValueList list, Value other) {
        if (other instanceof ValueList l) {
            return intersectLists(list, l);
        }
        Value result = null;
        for (Value element : list.values()) {
            Value r = intersect(element, other);
            if (r == null) {
                continue;
            }
            if (result == null) {
                result = r;
            } else if (result instanceof ValueList l) {
                result = append(l, r);
            } else {
                result = ValueUnion.listMerge(result, r);
            }
        }
        return result;
    }

    /**
     * {@code gst_value_intersect_list_list}: each element of {@code a} is intersected with the
     * first unused element of {@code b} it meets. Lists whose first (basic) element types differ
     * never intersect, so {@code { [ 1, 5 ], 7 }} and {@code { 2, 3 }} have nothing in common.
     */
    private static Value intersectLists(ValueList a, ValueList b) {
        Value basicA = Values.basicElement(a);
        Value basicB = Values.basicElement(b);
        if (basicA == null || basicB == null || basicA.getClass() != basicB.getClass()) {
            return null;
        }
        List<Value> bValues = b.values();
        int lengthB = bValues.size();
        boolean[] used = new boolean[lengthB];
        int start = 0;
        List<Value> results = new ArrayList<>(Math.min(a.size(), lengthB));
        for (Value item : a.values()) {
            for (int j = start; j < lengthB; j++) {
                if (used[j]) {
                    continue;
                }
                Value r = intersect(item, bValues.get(j));
                if (r != null) {
                    results.add(r);
                    used[j] = true;
                    if (j == start) {
                        start++;
                    }
                    break;
                }
            }
        }
        if (results.isEmpty()) {
            return null;
        }
        return results.size() == 1 ? results.getFirst() : new ValueList(results);
    }

    static ValueList append(ValueList list, Value value) {
        List<Value> values = new ArrayList<>(list.size() + 1);
        values.addAll(list.values());
        values.add(value);
        return new ValueList(values);
    }

    /**
     * {@code gst_value_intersect_int_range_int_range}: the common values on the least common
     * multiple of the steps. The bounds are rounded with C's truncating division, as GStreamer
     * does, which rounds the wrong way for negative bounds; the sums are done in 64 bits so they
     * cannot wrap.
     */
    private static Value intRanges(IntRange x, IntRange y) {
        long step = x.step() / IntMath.gcd(x.step(), y.step());
        if (Integer.MAX_VALUE / y.step() < step) {
            return null;
        }
        step *= y.step();
        long min = Math.max(x.min(), y.min());
        min = (min + step - 1) / step * step;
        long max = Math.min(x.max(), y.max());
        max = max / step * step;
        if (min < max) {
            return new IntRange((int) min, (int) max, (int) step);
        }
        return min == max ? new IntValue((int) min) : null;
    }

    private static Value int64Ranges(Int64Range x, Int64Range y) {
        long step = x.step() / IntMath.gcd(x.step(), y.step());
        if (Long.MAX_VALUE / y.step() < step) {
            return null;
        }
        step *= y.step();
        long min = Math.max(x.min(), y.min());
        long roundedUp = min + (step - 1);
        if (((min ^ roundedUp) & ((step - 1) ^ roundedUp)) < 0) {
            return null; // the bound would wrap around: no multiple of the step fits
        }
        min = roundedUp / step * step;
        long max = Math.min(x.max(), y.max());
        max = max / step * step;
        if (min < max) {
            return new Int64Range(min, max, step);
        }
        return min == max ? new Int64Value(min) : null;
    }

    /**
     * Where the ranges touch in one point GStreamer stores the point as an int into a double
     * value and gets 0 (with a critical); zeropipe returns the point.
     */
    private static Value doubleRanges(DoubleRange x, DoubleRange y) {
        double min = Math.max(x.min(), y.min());
        double max = Math.min(x.max(), y.max());
        if (min < max) {
            return new DoubleRange(min, max);
        }
        return min == max ? new DoubleValue(min) : null;
    }

    private static Value fractionRanges(FractionRange x, FractionRange y) {
        Fraction min = x.min().compareTo(y.min()) < 0 ? y.min() : x.min();
        Fraction max = x.max().compareTo(y.max()) > 0 ? y.max() : x.max();
        int order = min.compareTo(max);
        if (order < 0) {
            return new FractionRange(min, max);
        }
        return order == 0 ? min : null;
    }

    private static Value arrays(ValueArray x, ValueArray y) {
        if (x.size() != y.size()) {
            return null;
        }
        List<Value> values = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) {
            Value r = intersect(x.get(i), y.get(i));
            if (r == null) {
                return null;
            }
            values.add(r);
        }
        return new ValueArray(values);
    }

    /** Two flag sets intersect when the bits both care about agree. */
    private static Value flagSets(FlagSet x, FlagSet y) {
        int common = x.mask() & y.mask();
        if ((x.flags() & common) != (y.flags() & common)) {
            return null;
        }
        return new FlagSet((x.flags() & x.mask()) | (y.flags() & y.mask()), x.mask() | y.mask());
    }
}
