package org.zeropipe.core.caps;

/** A field value that is a boolean. */
public record BooleanValue(boolean value) implements Value {

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
