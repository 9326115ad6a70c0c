package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.List;

/** {@code gst_value_union} and the list helpers it shares with intersection and subtraction. */
final class ValueUnion {

    private ValueUnion() {
    }

    /**
     * A value allowing both {@code a} and {@code b}, or {@code null} when GStreamer cannot make
     * one: the types are incompatible, or a range cannot absorb the other value. Types without
     * a union rule are joined into a list; like GStreamer 1.22 (later versions added rules for
     * fractions), that includes fraction ranges.
     */
    static Value union(Value a, Value b) {
        if (!compatible(a, b)) {
            return null;
        }
        if (a instanceof ValueList || b instanceof ValueList || a.type() == b.type()
                || a.type().boundType() != b.type().boundType()) {
            List<Value> joined = new ArrayList<>();
            addFlat(joined, a);
            addFlat(joined, b);
            // GStreamer would make a list it cannot read back, e.g. { <  >, "a" }
            if (Values.mismatchedElementType(joined) != null) {
                return null;
            }
        }
        return switch (a) {
            case IntValue x when b instanceof IntRange y -> intWithRange(x.value(), y);
            case IntRange x when b instanceof IntValue y -> intWithRange(y.value(), x);
            case IntRange x when b instanceof IntRange y -> intRanges(x, y);
            case FlagSet x when b instanceof FlagSet y -> flagSets(x, y);
            default -> concat(a, b);
        };
    }

    /** {@code gst_value_list_or_array_are_compatible}: same basic type, or a range and its bound type. */
    static boolean compatible(Value a, Value b) {
        Value ea = Values.basicElement(a);
        Value eb = Values.basicElement(b);
        if (ea == null || eb == null || ea.getClass() == eb.getClass()) {
            return true;
        }
        ValueType ta = ea.type();
        ValueType tb = eb.type();
        return (ta.isRange() && ta.boundType() == tb) || (tb.isRange() && tb.boundType() == ta);
    }

    /** {@code gst_value_list_concat}: the elements of both, a non-list counting as a one-element list. */
    static ValueList concat(Value a, Value b) {
        List<Value> values = new ArrayList<>();
        addFlat(values, a);
        addFlat(values, b);
        return new ValueList(values);
    }

    /**
     * {@code gst_value_list_merge}: like {@link #concat} but without the elements of {@code b}
     * that equal an element of {@code a}; a single remaining value is returned as itself.
     */
    static Value listMerge(Value a, Value b) {
        List<Value> values = new ArrayList<>();
        addFlat(values, a);
        int lengthA = values.size();
        int skipped = 0;
        List<Value> fromB = new ArrayList<>();
        addFlat(fromB, b);
        for (Value candidate : fromB) {
            boolean duplicate = false;
            for (int k = 0; k < lengthA; k++) {
                if (ValueComparison.compare(values.get(k), candidate) == ValueOrder.EQUAL) {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate) {
                skipped++;
            } else {
                values.add(candidate);
            }
        }
        if (skipped > 0 && values.size() == 1) {
            return values.getFirst();
        }
        return new ValueList(values);
    }

    private static void addFlat(List<Value> into, Value v) {
        if (v instanceof ValueList l) {
            into.addAll(l.values());
        } else {
            into.add(v);
        }
    }

    /** An int joins a range it is in, or one it extends by one step at either end. */
    private static Value intWithRange(int v, IntRange r) {
        if (r.contains(v)) {
            return r;
        }
        long below = (long) r.min() - r.step();
        long above = (long) r.max() + r.step();
        if (v == below) {
            return new IntRange(v, r.max(), r.step());
        }
        if (v == above) {
            return new IntRange(r.min(), v, r.step());
        }
        return null;
    }

    /**
     * {@code gst_value_union_int_range_int_range}: one range inside the other (by GStreamer's
     * subset test), or ranges of one step that overlap or touch. GStreamer's third case, a
     * one-value range next to another range, cannot occur because ranges hold two values or more.
     */
    private static Value intRanges(IntRange x, IntRange y) {
        if (ValueSubset.intRangeInRange(x, y)) {
            return y;
        }
        if (ValueSubset.intRangeInRange(y, x)) {
            return x;
        }
        if (x.step() == y.step()) {
            long step = x.step();
            long xMin = x.min() / step;
            long xMax = x.max() / step;
            long yMin = y.min() / step;
            long yMax = y.max() / step;
            if ((xMin <= yMax + 1 && xMax >= yMin - 1) || (yMin <= xMax + 1 && yMax >= xMin - 1)) {
                return new IntRange((int) (step * Math.min(xMin, yMin)), (int) (step * Math.max(xMax, yMax)),
                        (int) step);
            }
        }
        return null;
    }

    private static Value flagSets(FlagSet x, FlagSet y) {
        int common = x.mask() & y.mask();
        if ((x.flags() & common) != (y.flags() & common)) {
            return null;
        }
        int flags = (x.flags() & ~y.mask()) | (y.flags() & y.mask());
        return new FlagSet(flags, x.mask() | y.mask());
    }
}
