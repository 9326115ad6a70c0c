package org.zeropipe.core.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory in the process's native heap (malloc through FFM), aligned as asked. Freed with
 * {@code free} on the final unref, not at garbage collection. Made by
 * {@link SystemMemoryAllocator}, the default allocator.
 */
public final class SystemMemory extends Memory {

    /** The memory type and caps feature name. */
    public static final String TYPE = "SystemMemory";

    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_BLOCKS = new AtomicLong();

    /** What malloc returned (0 for a share view, which owns no block). */
    private final long raw;
    private final long rawSize;
    /** The address of byte 0 of the block. */
    private final long base;

    SystemMemory(SystemMemoryAllocator allocator, int flags, long maxSize, long align, long offset, long size,
            long raw, long rawSize, long base) {
        super(allocator, null, flags, maxSize, align, offset, size);
        this.raw = raw;
        this.rawSize = rawSize;
        this.base = base;
        LIVE_BYTES.addAndGet(rawSize);
        LIVE_BLOCKS.incrementAndGet();
    }

    private SystemMemory(SystemMemory root, int flags, long offset, long size) {
        super(root.allocator(), root, flags, root.maxSize(), root.align(), offset, size);
        this.raw = 0;
        this.rawSize = 0;
        this.base = root.base;
    }

    @Override
    protected long mapAddress(int mapFlags) {
        return base;
    }

    @Override
    protected Memory newShare(long absoluteOffset, long size, int flags) {
        return new SystemMemory(this, flags, absoluteOffset, size);
    }

    @Override
    protected Memory doCopy(long offset, long size) {
        long from = offset() + offset;
        if (from < 0 || size < 0 || from > maxSize() || size > maxSize() - from) {
            throw new IllegalStateException("cannot copy " + this + ": it is being resized by another thread");
        }
        SystemMemory copy = SystemMemoryAllocator.INSTANCE.allocate(size, align(), 0, 0, 0);
        NativeMemory.copy(base + from, copy.base + copy.offset(), size);
        return copy;
    }

    @Override
    protected void free() {
        if (raw != 0) {
            NativeMemory.free(raw);
            LIVE_BYTES.addAndGet(-rawSize);
            LIVE_BLOCKS.decrementAndGet();
        }
    }

    /** Native bytes held by SystemMemory blocks not yet freed (for tests and diagnostics). */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** SystemMemory blocks not yet freed. */
    public static long liveBlocks() {
        return LIVE_BLOCKS.get();
    }
}
