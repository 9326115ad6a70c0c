package org.zeropipe.core.caps;

/** An unsigned 32-bit integer (GStreamer {@code guint}), held in a {@code long} from 0 to 2^32-1. */
public record UIntValue(long value) implements Value {

    public UIntValue {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a uint must be within 0..4294967295, got " + value);
        }
    }

    @Override
    public ValueType type() {
        return ValueType.UINT;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
