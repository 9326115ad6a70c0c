package org.zeropipe.core.memory;

import java.util.EnumSet;
import java.util.Set;

/** Flags of a {@link Memory}, as in GStreamer's {@code GstMemoryFlags}. */
public enum MemoryFlag {
    /** Never mapped for writing. A {@link Memory#share share} is always read-only. */
    READONLY,
    /** Never shared: copies of buffers holding it copy its bytes instead. */
    NO_SHARE,
    /** The bytes before {@code offset} are zero. Cleared when the offset grows. */
    ZERO_PREFIXED,
    /** The bytes after {@code offset + size} are zero. Cleared when the end moves back. */
    ZERO_PADDED,
    /** The memory is physically contiguous (a hint for devices). */
    PHYSICALLY_CONTIGUOUS,
    /** The memory cannot be mapped into the process (a GPU-only or protected block). */
    NOT_MAPPABLE;

    /** This flag's bit in an int flag set. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The bits of {@code flags}. */
    public static int bits(Set<MemoryFlag> flags) {
        int bits = 0;
        for (MemoryFlag f : flags) {
            bits |= f.bit();
        }
        return bits;
    }

    /** The flags in {@code bits}. */
    public static Set<MemoryFlag> of(int bits) {
        EnumSet<MemoryFlag> set = EnumSet.noneOf(MemoryFlag.class);
        for (MemoryFlag f : values()) {
            if ((bits & f.bit()) != 0) {
                set.add(f);
            }
        }
        return set;
    }
}
