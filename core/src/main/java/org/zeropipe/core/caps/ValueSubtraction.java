package org.zeropipe.core.caps;

/**
 * {@code gst_value_subtract}: set difference; {@code null} means empty. Ranges have closed bounds,
 * so holes can only be cut out of int ranges; double and fraction ranges are approximated the way
 * GStreamer does (subtracting a single value leaves the range whole).
 */
final class ValueSubtraction {

    private ValueSubtraction() {
    }

    static Value subtract(Value minuend, Value subtrahend) {
        if (minuend instanceof ValueList l) {
            return subtractFromList(l, subtrahend);
        }
        if (subtrahend instanceof ValueList l) {
            return subtractList(minuend, l);
        }
        return switch (minuend) {
            case IntValue m when subtrahend instanceof IntRange s -> s.contains(m.value()) ? null : m;
            case IntRange m when subtrahend instanceof IntValue s -> intRangeMinusInt(m, s.value());
            case IntRange m when subtrahend instanceof IntRange s -> intRangeMinusIntRange(m, s);
            case Int64Value m when subtrahend instanceof Int64Range s -> s.contains(m.value()) ? null : m;
            case Int64Range m when subtrahend instanceof Int64Value s -> int64RangeMinusInt64(m, s.value());
            case Int64Range m when subtrahend instanceof Int64Range s -> int64RangeMinusInt64Range(m, s);
            case DoubleValue m when subtrahend instanceof DoubleRange s -> s.contains(m.value()) ? null : m;
            case DoubleRange m when subtrahend instanceof DoubleValue s -> m;
            case DoubleRange m when subtrahend instanceof DoubleRange s -> doubleRanges(m, s);
            case Fraction m when subtrahend instanceof FractionRange s -> s.contains(m) ? null : m;
            case FractionRange m when subtrahend instanceof Fraction s -> m;
            case FractionRange m when subtrahend instanceof FractionRange s -> fractionRanges(m, s);
            default -> ValueComparison.compareSameKind(minuend, subtrahend) == ValueOrder.EQUAL ? null : minuend;
        };
    }

    private static Value subtractFromList(ValueList minuend, Value subtrahend) {
        Value result = null;
        for (Value element : minuend.values()) {
            Value r = subtract(element, subtrahend);
            if (r == null) {
                continue;
            }
            if (result == null) {
                result = r;
            } else if (result instanceof ValueList l && !(r instanceof ValueList)) {
                result = ValueIntersection.append(l, r);
            } else {
                result = ValueUnion.concat(result, r);
            }
        }
        return result;
    }

    private static Value subtractList(Value minuend, ValueList subtrahend) {
        Value result = minuend;
        for (Value element : subtrahend.values()) {
            result = subtract(result, element);
            if (result == null) {
                return null;
            }
        }
        return result;
    }

    /** Cuts one value out of a range; near the int limits GStreamer shifts the cut (reproduced). */
    private static Value intRangeMinusInt(IntRange r, int v) {
        if (!r.contains(v)) {
            return r;
        }
        int min = r.min();
        int max = r.max();
        int step = r.step();
        if (v >= Integer.MAX_VALUE - step + 1) {
            max -= step;
            v -= step;
        }
        if (v <= Integer.MIN_VALUE + step - 1) {
            min += step;
            v += step;
        }
        return intPieces(min, v - step, v + step, max, step);
    }

    /**
     * GStreamer cannot subtract ranges of different steps (it aborts); zeropipe returns nothing
     * when the subtrahend holds every value of the minuend and the minuend unchanged otherwise,
     * the same approximation GStreamer makes for double ranges.
     */
    private static Value intRangeMinusIntRange(IntRange m, IntRange s) {
        int step = m.step();
        if (s.step() != step) {
            boolean covered = s.min() <= m.min() && m.max() <= s.max() && m.step() % s.step() == 0
                    && (m.min() - (long) s.min()) % s.step() == 0;
            return covered ? null : m;
        }
        int min1 = m.min();
        int max1 = m.max();
        int min2 = s.min();
        int max2 = s.max();
        if (max2 >= max1 && min2 <= min1) {
            return null;
        } else if (max2 >= max1) {
            return intPieces(min1, Math.min(min2 - step, max1), step, 0, step);
        } else if (min2 <= min1) {
            return intPieces(Math.max(max2 + step, min1), max1, step, 0, step);
        }
        return intPieces(min1, Math.min(min2 - step, max1), Math.max(max2 + step, min1), max1, step);
    }

    /** {@code gst_value_create_new_range}: the non-empty ones of two pieces, as a list when both are. */
    private static Value intPieces(int min1, int max1, int min2, int max2, int step) {
        Value first = min1 < max1 ? new IntRange(min1, max1, step) : min1 == max1 ? new IntValue(min1) : null;
        Value second = min2 < max2 ? new IntRange(min2, max2, step) : min2 == max2 ? new IntValue(min2) : null;
        return pieces(first, second);
    }

    private static Value pieces(Value first, Value second) {
        if (first != null && second != null) {
            return ValueList.of(first, second);
        }
        return first != null ? first : second;
    }

    private static Value int64RangeMinusInt64(Int64Range r, long v) {
        if (!r.contains(v)) {
            return r;
        }
        long min = r.min();
        long max = r.max();
        long step = r.step();
        if (v >= Long.MAX_VALUE - step + 1) {
            max -= step;
            v -= step;
        }
        if (v <= Long.MIN_VALUE + step - 1) {
            min += step;
            v += step;
        }
        return int64Pieces(min, v - step, v + step, max, step);
    }

    private static Value int64RangeMinusInt64Range(Int64Range m, Int64Range s) {
        long step = m.step();
        if (s.step() != step) {
            boolean covered = s.min() <= m.min() && m.max() <= s.max() && m.step() % s.step() == 0
                    && Math.floorMod(m.min() - s.min(), s.step()) == 0;
            return covered ? null : m;
        }
        long min1 = m.min();
        long max1 = m.max();
        long min2 = s.min();
        long max2 = s.max();
        if (max2 >= max1 && min2 <= min1) {
            return null;
        } else if (max2 >= max1) {
            return int64Pieces(min1, Math.min(min2 - step, max1), step, 0, step);
        } else if (min2 <= min1) {
            return int64Pieces(Math.max(max2 + step, min1), max1, step, 0, step);
        }
        return int64Pieces(min1, Math.min(min2 - step, max1), Math.max(max2 + step, min1), max1, step);
    }

    private static Value int64Pieces(long min1, long max1, long min2, long max2, long step) {
        Value first = min1 < max1 ? new Int64Range(min1, max1, step) : min1 == max1 ? new Int64Value(min1) : null;
        Value second = min2 < max2 ? new Int64Range(min2, max2, step) : min2 == max2 ? new Int64Value(min2) : null;
        return pieces(first, second);
    }

    /** The parts of {@code m} below and above {@code s}, closed at both ends (an approximation). */
    private static Value doubleRanges(DoubleRange m, DoubleRange s) {
        double min1 = m.min();
        double max2 = m.max();
        double max1 = Math.min(s.min(), max2);
        double min2 = Math.max(s.max(), min1);
        Value first = min1 < max1 ? new DoubleRange(min1, max1) : null;
        Value second = min2 < max2 ? new DoubleRange(min2, max2) : null;
        return pieces(first, second);
    }

    private static Value fractionRanges(FractionRange m, FractionRange s) {
        Fraction min1 = m.min();
        Fraction max2 = m.max();
        Fraction max1 = max2.compareTo(s.min()) < 0 ? max2 : s.min();
        Fraction min2 = min1.compareTo(s.max()) > 0 ? min1 : s.max();
        Value first = min1.compareTo(max1) < 0 ? new FractionRange(min1, max1) : null;
        Value second = min2.compareTo(max2) < 0 ? new FractionRange(min2, max2) : null;
        return pieces(first, second);
    }
}
