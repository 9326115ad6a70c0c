package org.zeropipe.core.caps;

/** A field value that is an {@code int} (GStreamer {@code gint}). */
public record IntValue(int value) implements Value {

    @Override
    public ValueType type() {
        return ValueType.INT;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
