package org.zeropipe.core.pool;

import java.util.concurrent.atomic.AtomicInteger;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.SystemMemoryAllocator;

/** What the pool tests share: GStreamer's create_pool and an allocator that counts and can fail. */
final class PoolFixtures {

    static final Caps CAPS = Caps.parse("test/data");

    private PoolFixtures() {
    }

    /** A configured, inactive pool: gstbufferpool.c's create_pool(size, min, max). */
    static BufferPool pool(long size, int min, int max) {
        BufferPool pool = new BufferPool();
        if (!pool.setConfig(PoolConfig.of(CAPS, size, min, max))) {
            throw new AssertionError("the default pool refused " + pool.config());
        }
        return pool;
    }

    /** An active pool. */
    static BufferPool activePool(long size, int min, int max) {
        BufferPool pool = pool(size, min, max);
        if (!pool.setActive(true)) {
            throw new AssertionError("could not activate " + pool);
        }
        return pool;
    }

    /** System memory that counts its allocations and fails the one numbered {@code failAt} (1-based; 0: never). */
    static final class CountingAllocator extends Allocator {
        final AtomicInteger allocations = new AtomicInteger();
        volatile int failAt;

        CountingAllocator() {
            super("SystemMemory");
        }

        @Override
        public Memory alloc(long size, AllocationParams params) {
            int n = allocations.incrementAndGet();
            if (n == failAt) {
                throw new OutOfMemoryError("test allocator: allocation " + n + " fails");
            }
            return SystemMemoryAllocator.INSTANCE.alloc(size, params);
        }
    }

    /** An allocator that can only import memories, never allocate (GStreamer's CUSTOM_ALLOC). */
    static final class ImportOnlyAllocator extends Allocator {
        ImportOnlyAllocator() {
            super("DMABuf");
        }

        @Override
        public Memory alloc(long size, AllocationParams params) {
            throw new UnsupportedOperationException("import only");
        }

        @Override
        public boolean isCustomAlloc() {
            return true;
        }
    }
}
