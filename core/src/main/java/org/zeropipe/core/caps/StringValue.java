package org.zeropipe.core.caps;

/**
 * A string. GStreamer also has a NULL string, written {@code (string)NULL} (while the four
 * letters are written {@code "NULL"}); it is {@link #NULL} here, whose {@code value} is {@code null}.
 */
public record StringValue(String value) implements Value {

    /** GStreamer's NULL string. */
    public static final StringValue NULL = new StringValue(null);

    public StringValue {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a caps string cannot contain a NUL character");
        }
    }

    public boolean isNull() {
        return value == null;
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
