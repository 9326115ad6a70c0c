package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.List;

/** {@code gst_value_is_fixed}, {@code gst_value_fixate} and the fixation of whole structures. */
final class Fixation {

    private Fixation() {
    }

    static boolean isFixed(Value value) {
        return switch (value) {
            case IntRange r -> false;
            case Int64Range r -> false;
            case DoubleRange r -> false;
            case FractionRange r -> false;
            case ValueList l -> false;
            case ValueArray a -> a.values().stream().allMatch(Fixation::isFixed);
            case FlagSet f -> f.mask() == FlagSet.EXACT_MASK;
            default -> true;
        };
    }

    /**
     * The default fixation of a value, or {@code null} when it is already fixed: a range's
     * lower bound, a list's first element (fixated in turn), an array with each element fixated,
     * a flag set whose unmasked bits become exact zeros. GStreamer's {@code gst_value_fixate}
     * forgets gint64 ranges and leaves them unfixed; zeropipe fixates them like int ranges.
     */
    static Value fixate(Value value) {
        return switch (value) {
            case IntRange r -> new IntValue(r.min());
            case Int64Range r -> new Int64Value(r.min());
            case DoubleRange r -> new DoubleValue(r.min());
            case FractionRange r -> r.min();
            case ValueList l -> {
                if (l.values().isEmpty()) {
                    yield null;
                }
                Value first = l.values().getFirst();
                Value fixed = fixate(first);
                yield fixed != null ? fixed : first;
            }
            case ValueArray a -> fixateArray(a);
            case FlagSet f -> f.mask() == FlagSet.EXACT_MASK ? null : new FlagSet(f.flags(), FlagSet.EXACT_MASK);
            default -> null;
        };
    }

    private static Value fixateArray(ValueArray array) {
        List<Value> values = new ArrayList<>(array.size());
        boolean changed = false;
        for (Value element : array.values()) {
            Value fixed = fixate(element);
            changed |= fixed != null;
            values.add(fixed != null ? fixed : element);
        }
        return changed ? new ValueArray(values) : null;
    }

    /** {@code gst_structure_fixate}: every field replaced by its default fixation. */
    static Structure fixate(Structure s) {
        Structure.Builder b = null;
        for (int i = 0; i < s.size(); i++) {
            Value fixed = fixate(s.value(i));
            if (fixed != null) {
                if (b == null) {
                    b = s.toBuilder();
                }
                b.set(s.fieldName(i), fixed);
            }
        }
        return b == null ? s : b.build();
    }

    /** {@code gst_structure_fixate_field_nearest_int}. */
    static Value nearestInt(Value value, int target) {
        switch (value) {
            case IntRange r -> {
                int t = Math.clamp(target, r.min(), r.max());
                if (r.step() != 1) {
                    int rem = t % r.step();
                    t -= rem;
                    if (rem > r.step() / 2) {
                        t += r.step();
                    }
                }
                return new IntValue(t);
            }
            case ValueList l -> {
                IntValue best = null;
                for (Value v : l.values()) {
                    if (v instanceof IntValue x && (best == null
                            || Math.abs((long) target - x.value()) < Math.abs((long) target - best.value()))) {
                        best = x;
                    }
                }
                return best;
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code gst_structure_fixate_field_nearest_double}. */
    static Value nearestDouble(Value value, double target) {
        switch (value) {
            case DoubleRange r -> {
                return new DoubleValue(Math.min(Math.max(target, r.min()), r.max()));
            }
            case ValueList l -> {
                DoubleValue best = null;
                for (Value v : l.values()) {
                    if (v instanceof DoubleValue x && (best == null
                            || Math.abs(target - x.value()) < Math.abs(target - best.value()))) {
                        best = x;
                    }
                }
                return best;
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code gst_structure_fixate_field_nearest_fraction}; a list is searched by double distance. */
    static Value nearestFraction(Value value, Fraction target) {
        switch (value) {
            case FractionRange r -> {
                if (target.compareTo(r.min()) < 0) {
                    return r.min();
                }
                return target.compareTo(r.max()) > 0 ? r.max() : target;
            }
            case ValueList l -> {
                Fraction best = null;
                double bestDiff = Double.MAX_VALUE;
                for (Value v : l.values()) {
                    if (v instanceof Fraction f) {
                        double diff = Math.abs(target.toDouble() - f.toDouble());
                        if (best == null || diff < bestDiff) {
                            best = f;
                            bestDiff = diff;
                        }
                    }
                }
                return best;
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code gst_structure_fixate_field_boolean} and {@code _string}: the target if listed, else the first. */
    static Value listChoice(Value value, Value target) {
        if (!(value instanceof ValueList l)) {
            return null;
        }
        Value best = null;
        for (Value v : l.values()) {
            if (v.getClass() == target.getClass() && (best == null || v.equals(target))) {
                best = v;
            }
        }
        return best;
    }
}
