package org.zeropipe.core.caps;

/** A field value that is a signed 64-bit integer (GStreamer {@code gint64}). */
public record Int64Value(long value) implements Value {

    @Override
    public ValueType type() {
        return ValueType.INT64;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
