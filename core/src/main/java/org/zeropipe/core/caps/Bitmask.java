package org.zeropipe.core.caps;

/** A 64-bit mask (GStreamer {@code GstBitmask}), e.g. an audio channel mask; printed as {@code 0x%016x}. */
public record Bitmask(long bits) implements Value {

    @Override
    public ValueType type() {
        return ValueType.BITMASK;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
