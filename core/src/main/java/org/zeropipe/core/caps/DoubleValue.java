package org.zeropipe.core.caps;

/** A field value that is a {@code double}; NaN and infinities are values too, as in GStreamer. */
public record DoubleValue(double value) implements Value {

    @Override
    public ValueType type() {
        return ValueType.DOUBLE;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
