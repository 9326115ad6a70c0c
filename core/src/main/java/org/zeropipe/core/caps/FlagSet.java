package org.zeropipe.core.caps;

/**
 * GStreamer's generic {@code GstFlagSet}: 32 flag bits and a 32-bit mask of the bits that matter.
 * Written {@code flags:mask} in hexadecimal; only the masked flag bits are kept, as GStreamer does.
 * It is fixed when every bit matters (mask {@code ffffffff}).
 */
public record FlagSet(int flags, int mask) implements Value {

    /** The mask of a fixed flag set: every bit matters. */
    public static final int EXACT_MASK = -1;

    public FlagSet {
        flags &= mask;
    }

    @Override
    public ValueType type() {
        return ValueType.FLAG_SET;
    }

    @Override
    public String toString() {
        return ValueSerializer.serialize(this);
    }
}
