package org.zeropipe.core.caps;

/**
 * An unsigned 64-bit integer (GStreamer {@code guint64}). The {@code bits} are read as unsigned:
 * {@code -1L} is 18446744073709551615 (use {@link Long#toUnsignedString}).
 */
public record UInt64Value(long bits) implements Value {

    @Override
    public ValueType type() {
        return ValueType.UINT64;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
