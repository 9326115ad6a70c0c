package org.zeropipe.core.memory;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to allocate a {@link Memory}: GStreamer's {@code GstAllocationParams}.
 *
 * @param flags   flags the new memory gets ({@code ZERO_PREFIXED}/{@code ZERO_PADDED} also
 *                make the allocator zero the prefix/padding)
 * @param align   alignment as a mask: the data address {@code & align} is 0, so 15 means
 *                16-byte aligned; {@code align + 1} must be a power of two
 * @param prefix  bytes reserved before the data (the memory's {@code offset})
 * @param padding bytes reserved after the data
 */
public record AllocationParams(Set<MemoryFlag> flags, long align, long prefix, long padding) {

    /** No flags, no alignment beyond the allocator's, no prefix, no padding. */
    public static final AllocationParams DEFAULT = new AllocationParams(Set.of(), 0, 0, 0);

    public AllocationParams {
        Objects.requireNonNull(flags, "flags");
        flags = flags.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (align < 0 || (align & (align + 1)) != 0) {
            throw new IllegalArgumentException("align must be a mask (2^n - 1), not " + align);
        }
        if (prefix < 0 || padding < 0) {
            throw new IllegalArgumentException("prefix and padding must be >= 0, not " + prefix + "/" + padding);
        }
    }

    /** These params with an alignment mask. */
    public AllocationParams withAlign(long alignMask) {
        return new AllocationParams(flags, alignMask, prefix, padding);
    }

    /** These params with a prefix and padding. */
    public AllocationParams withPrefixPadding(long newPrefix, long newPadding) {
        return new AllocationParams(flags, align, newPrefix, newPadding);
    }

    /** These params with flags. */
    public AllocationParams withFlags(Set<MemoryFlag> newFlags) {
        return new AllocationParams(newFlags, align, prefix, padding);
    }

    /** The flags as bits. */
    public int flagBits() {
        return MemoryFlag.bits(flags);
    }
}
