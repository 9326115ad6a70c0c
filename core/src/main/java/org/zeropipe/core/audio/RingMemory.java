package org.zeropipe.core.audio;

import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.SystemMemory;

/**
 * A memory that is a window on an {@link AudioRingBuffer}'s native block: its block is the
 * whole ring ({@code maxSize} = ring bytes) and {@code [offset, offset + size)} is the part this
 * buffer holds. Writing it writes the ring. It travels as system memory (the ring is plain
 * native memory), so any element that maps system memory can fill it.
 */
public final class RingMemory extends Memory {

    /** Makes no memories itself: ring memories are made by {@link RingBufferPool}. */
    static final class RingAllocator extends Allocator {
        static final RingAllocator INSTANCE = new RingAllocator();

        private RingAllocator() {
            super(SystemMemory.TYPE);
        }

        @Override
        public Memory alloc(long size, AllocationParams params) {
            throw new UnsupportedOperationException("ring memories come from an audio ring buffer pool, not alloc()");
        }

        @Override
        public boolean isCustomAlloc() {
            return true;
        }
    }

    private final AudioRingBuffer ring;

    /** A window counted beforehand by {@link AudioRingBuffer#reserve} (under the ring's lock). */
    RingMemory(AudioRingBuffer ring, long offset, long size) {
        super(RingAllocator.INSTANCE, null, 0, ring.sizeBytes(), 0, offset, size);
        this.ring = ring;
    }

    private RingMemory(AudioRingBuffer ring, RingMemory parent, int flags, long offset, long size) {
        super(RingAllocator.INSTANCE, parent, flags, ring.sizeBytes(), 0, offset, size);
        this.ring = ring;
        ring.memoryMade();
    }

    /** The ring this memory is a window on. */
    public AudioRingBuffer ring() {
        return ring;
    }

    @Override
    protected long mapAddress(int mapFlags) {
        return ring.address();
    }

    @Override
    protected Memory newShare(long absoluteOffset, long size, int flags) {
        return new RingMemory(ring, this, flags, absoluteOffset, size);
    }

    @Override
    protected void free() {
        ring.memoryFreed();
    }
}
