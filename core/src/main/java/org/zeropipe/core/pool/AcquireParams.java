package org.zeropipe.core.pool;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.zeropipe.core.Format;

/**
 * What a caller asks of {@link BufferPool#acquire(AcquireParams)}: GStreamer's
 * {@code GstBufferPoolAcquireParams}.
 *
 * <p>The default pool honours only {@link AcquireFlag#DONTWAIT}. {@code format}, {@code start}
 * and {@code stop} say which part of the stream the buffer will hold (e.g. samples
 * {@code [start, stop)} for an audio pool backed by a ring buffer); they are carried for
 * subclasses that can place a buffer by them. Keep params in a constant or a field: creating
 * them allocates, using them does not.
 *
 * @param format the unit of {@code start} and {@code stop}
 * @param start  where the buffer starts in {@code format} units, or -1 when not given
 * @param stop   where it stops in {@code format} units, or -1 when not given
 * @param flags  {@link AcquireFlag} bits
 */
public record AcquireParams(Format format, long start, long stop, int flags) {

    private static final int ALL_FLAGS = (1 << AcquireFlag.values().length) - 1;

    /** No range, no flags: block until a buffer is free. */
    public static final AcquireParams DEFAULT = new AcquireParams(Format.UNDEFINED, -1, -1, 0);

    /** No range; return {@code null} instead of blocking. */
    public static final AcquireParams DONTWAIT = DEFAULT.withFlags(AcquireFlag.DONTWAIT);

    public AcquireParams {
        Objects.requireNonNull(format, "format");
        if ((flags & ~ALL_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown acquire flag bits: 0x" + Integer.toHexString(flags & ~ALL_FLAGS));
        }
    }

    /** Params with no range and these flags. */
    public static AcquireParams of(AcquireFlag... flags) {
        return DEFAULT.withFlags(flags);
    }

    /** Params for the range {@code [start, stop)} in {@code format} units, with these flags. */
    public static AcquireParams range(Format format, long start, long stop, AcquireFlag... flags) {
        return new AcquireParams(format, start, stop, bits(flags));
    }

    /** These params with exactly these flags. */
    public AcquireParams withFlags(AcquireFlag... newFlags) {
        return new AcquireParams(format, start, stop, bits(newFlags));
    }

    public boolean hasFlag(AcquireFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    /** The flags as a set. */
    public Set<AcquireFlag> flagSet() {
        EnumSet<AcquireFlag> set = EnumSet.noneOf(AcquireFlag.class);
        for (AcquireFlag f : AcquireFlag.values()) {
            if (hasFlag(f)) {
                set.add(f);
            }
        }
        return set;
    }

    private static int bits(AcquireFlag... flags) {
        int bits = 0;
        for (AcquireFlag f : flags) {
            bits |= Objects.requireNonNull(f, "flag").bit();
        }
        return bits;
    }

    @Override
    public String toString() {
        return "AcquireParams[format=" + format + ", start=" + start + ", stop=" + stop + ", flags=" + flagSet() + "]";
    }
}
