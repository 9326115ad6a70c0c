package org.zeropipe.core.caps;

/**
 * One value of a caps structure field: GStreamer's typed {@code GValue}s that caps use.
 *
 * <p>Values are immutable records. {@link #equals} is structural (two lists with the same
 * elements in another order are different records); GStreamer's own notion of equality, where
 * {@code { 1, 2 }} equals {@code [ 1, 2 ]}, is {@link Values#isEqual}. {@link #toString()} is
 * GStreamer's serialization of the value ({@code gst_value_serialize}).
 */
public sealed interface Value permits IntValue, UIntValue, Int64Value, UInt64Value, DoubleValue,
        BooleanValue, StringValue, Fraction, Bitmask, FlagSet, IntRange, Int64Range, DoubleRange,
        FractionRange, ValueList, ValueArray {

    /** The GStreamer type of this value. */
    ValueType type();

    /** Whether this value stands for exactly one value: no range, no list ({@code gst_value_is_fixed}). */
    default boolean isFixed() {
        return Fixation.isFixed(this);
    }
}
