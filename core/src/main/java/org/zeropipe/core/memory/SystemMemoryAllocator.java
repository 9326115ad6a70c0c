package org.zeropipe.core.memory;

/**
 * The default allocator: {@link SystemMemory} from malloc. The block is
 * {@code prefix + size + padding} bytes at an address aligned to {@code align + 1}; the prefix
 * and padding are zeroed when {@link MemoryFlag#ZERO_PREFIXED}/{@link MemoryFlag#ZERO_PADDED}
 * are asked. The data itself is not cleared.
 */
public final class SystemMemoryAllocator extends Allocator {

    /** The one instance, registered as {@code SystemMemory}. */
    public static final SystemMemoryAllocator INSTANCE = new SystemMemoryAllocator();

    private SystemMemoryAllocator() {
        super(SystemMemory.TYPE);
    }

    @Override
    public Memory alloc(long size, AllocationParams params) {
        AllocationParams p = params == null ? AllocationParams.DEFAULT : params;
        return allocate(size, p.align(), p.prefix(), p.padding(), p.flagBits());
    }

    SystemMemory allocate(long size, long align, long prefix, long padding, int flags) {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        long maxSize = Math.addExact(Math.addExact(prefix, size), padding);
        long rawSize = maxSize;
        long raw = NativeMemory.malloc(rawSize);
        if ((raw & align) != 0) {
            // malloc's own alignment (16 on 64-bit glibc) is not enough: over-allocate and round up
            NativeMemory.free(raw);
            rawSize = Math.addExact(maxSize, align);
            raw = NativeMemory.malloc(rawSize);
        }
        long base = (raw + align) & ~align; // == raw when raw is already aligned
        try {
            if ((flags & MemoryFlag.ZERO_PREFIXED.bit()) != 0) {
                NativeMemory.zero(base, prefix);
            }
            if ((flags & MemoryFlag.ZERO_PADDED.bit()) != 0) {
                NativeMemory.zero(base + prefix + size, padding);
            }
            return new SystemMemory(this, flags, maxSize, align, prefix, size, raw, rawSize, base);
        } catch (RuntimeException | Error e) {
            NativeMemory.free(raw);
            throw e;
        }
    }
}
