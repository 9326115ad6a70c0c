package org.zeropipe.core.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;

/** The allocator registry, allocation params, and memory types other than SystemMemory. */
class AllocatorTest {

    /** A memory type whose blocks come from its own arena, and which can refuse to map. */
    static final class TestAllocator extends Allocator {
        final boolean mappable;

        TestAllocator(String type, boolean mappable) {
            super(type);
            this.mappable = mappable;
        }

        @Override
        public Memory alloc(long size, AllocationParams params) {
            return new TestMemory(this, params.flagBits(), size);
        }
    }

    static final class TestMemory extends Memory {
        private final Arena arena;
        private final MemorySegment block;
        boolean freed;

        TestMemory(TestAllocator allocator, int flags, long size) {
            super(allocator, null, flags, size, 0, 0, size);
            arena = Arena.ofShared();
            block = arena.allocate(Math.max(size, 1));
        }

        @Override
        protected long mapAddress(int mapFlags) {
            return ((TestAllocator) allocator()).mappable ? block.address() : 0;
        }

        @Override
        protected Memory newShare(long absoluteOffset, long size, int flags) {
            throw new UnsupportedOperationException("no shares in this test type");
        }

        @Override
        protected void free() {
            freed = true;
            arena.close();
        }
    }

    @Test
    void theDefaultAllocatorIsSystemMemory() {
        Allocator def = Allocators.defaultAllocator();
        assertEquals("SystemMemory", def.memoryType());
        assertEquals("memory:SystemMemory", def.capsFeature());
        assertSame(def, Allocators.find("SystemMemory").orElseThrow());
        assertTrue(Allocators.names().contains("SystemMemory"));
        assertTrue(Allocators.find("NoSuchMemory").isEmpty());
    }

    @Test
    void allocatorsAreRegisteredByNameAndTheDefaultCanChange() {
        TestAllocator test = new TestAllocator("TestMemory", true);
        Allocators.register("TestMemory", test);
        assertSame(test, Allocators.find("TestMemory").orElseThrow());
        Allocator previous = Allocators.defaultAllocator();
        Allocators.setDefault(test);
        try {
            Memory mem = Allocators.defaultAllocator().alloc(8);
            assertEquals("TestMemory", mem.type());
            mem.unref();
        } finally {
            Allocators.setDefault(previous);
        }
        assertSame(previous, Allocators.defaultAllocator());
    }

    @Test
    void prefixAndPaddingAreZeroedWhenAsked() {
        AllocationParams params = new AllocationParams(Set.of(MemoryFlag.ZERO_PREFIXED, MemoryFlag.ZERO_PADDED),
                0, 10, 10);
        Memory mem = Allocators.defaultAllocator().alloc(100, params);
        assertEquals(100, mem.size());
        assertEquals(10, mem.offset());
        assertTrue(mem.maxSize() >= 120);
        assertTrue(mem.hasFlag(MemoryFlag.ZERO_PREFIXED));
        assertTrue(mem.hasFlag(MemoryFlag.ZERO_PADDED));
        mem.resize(-10, 120); // look at prefix and padding too
        try (Mapping m = mem.map(MapFlags.READ)) {
            assertArrayEquals(new byte[10], m.segment().asSlice(0, 10).toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new byte[10], m.segment().asSlice(110, 10).toArray(ValueLayout.JAVA_BYTE));
        }
        mem.unref();
    }

    @Test
    void theBlockIsAlignedAsAsked() {
        for (long align : new long[] {0, 7, 15, 63, 255, 4095}) {
            Memory mem = Allocators.defaultAllocator().alloc(100, AllocationParams.DEFAULT.withAlign(align));
            try (Mapping m = mem.map(MapFlags.READ)) {
                assertEquals(0, m.segment().address() & align, "align mask " + align);
            }
            assertEquals(align, mem.align());
            mem.unref();
        }
    }

    @Test
    void allocationParamsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AllocationParams.DEFAULT.withAlign(16));
        assertThrows(IllegalArgumentException.class, () -> AllocationParams.DEFAULT.withPrefixPadding(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Allocators.defaultAllocator().alloc(-1));
        AllocationParams p = new AllocationParams(Set.of(MemoryFlag.READONLY), 3, 1, 2);
        assertThrows(UnsupportedOperationException.class, () -> p.flags().add(MemoryFlag.NO_SHARE));
        assertEquals(MemoryFlag.READONLY.bit(), p.flagBits());
    }

    @Test
    void flagsFromTheParamsGoToTheMemory() {
        Memory mem = Allocators.defaultAllocator().alloc(4,
                AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.PHYSICALLY_CONTIGUOUS, MemoryFlag.NO_SHARE)));
        assertEquals(Set.of(MemoryFlag.PHYSICALLY_CONTIGUOUS, MemoryFlag.NO_SHARE), mem.flags());
        mem.unref();
    }

    @Test
    void aMemoryTypeThatCannotMapFailsQuietlyWithTryMapAndClearlyWithMap() {
        TestAllocator opaque = new TestAllocator("MyOpaqueMemory", false);
        Memory mem = opaque.alloc(100);
        assertEquals(100, mem.size());
        assertNull(mem.tryMap(MapFlags.READ));
        assertNull(mem.tryMap(MapFlags.WRITE));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.READ));
        assertTrue(e.getMessage().contains("MyOpaqueMemory allocator refused"), e.getMessage());
        assertTrue(!mem.isMapped(), "a failed map leaves no lock behind");
        mem.unref();
        assertTrue(((TestMemory) mem).freed);
    }

    @Test
    void otherMemoryTypesCopyThroughMappingsIntoTheDefaultAllocator() {
        TestAllocator test = new TestAllocator("TestMemory", true);
        Memory mem = test.alloc(4);
        try (Mapping m = mem.map(MapFlags.WRITE)) {
            m.segment().copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4}));
        }
        try (CopyCounter copies = CopyCounter.attach()) {
            Memory copy = mem.copy(1, 2);
            assertEquals("SystemMemory", copy.type());
            try (Mapping m = copy.map(MapFlags.READ)) {
                assertArrayEquals(new byte[] {2, 3}, m.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            assertEquals(2, copies.bytes("TestMemory", CopyReason.MEMORY_COPY));
            copy.unref();
        }
        mem.unref();
    }
}
