package org.zeropipe.core.memory;

import java.util.Objects;

/**
 * Makes memories of one type. Register one with {@link Allocators#register} to make it findable
 * by name. The memory type is the caps feature the memory travels under
 * ({@code memory:SystemMemory}, {@code memory:GLMemory}, …).
 */
public abstract class Allocator {

    static {
        org.zeropipe.core.leak.LeakTracker.hideFrames(Allocator.class);
    }

    private final String memoryType;

    protected Allocator(String memoryType) {
        this.memoryType = Objects.requireNonNull(memoryType, "memoryType");
    }

    /** The type of the memories this allocator makes, e.g. {@code SystemMemory}. */
    public final String memoryType() {
        return memoryType;
    }

    /** The caps feature its memories travel under: {@code memory:<type>}. */
    public final String capsFeature() {
        return "memory:" + memoryType;
    }

    /**
     * Allocates a memory with room for {@code size} bytes of data, laid out by {@code params}:
     * {@code maxSize = prefix + size + padding}, {@code offset = prefix}. The caller owns the
     * one reference it is returned with.
     *
     * @throws IllegalArgumentException if size is negative
     * @throws OutOfMemoryError         if the native memory cannot be allocated
     * @throws UnsupportedOperationException if {@link #isCustomAlloc()}
     */
    public abstract Memory alloc(long size, AllocationParams params);

    /** {@link #alloc(long, AllocationParams)} with {@link AllocationParams#DEFAULT}. */
    public final Memory alloc(long size) {
        return alloc(size, AllocationParams.DEFAULT);
    }

    /**
     * Whether this allocator cannot serve a plain {@link #alloc} (its memories are made by
     * special calls, e.g. imported DMABufs). GStreamer's {@code GST_ALLOCATOR_FLAG_CUSTOM_ALLOC}.
     */
    public boolean isCustomAlloc() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + memoryType + "]";
    }
}
