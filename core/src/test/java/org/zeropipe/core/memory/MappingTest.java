package org.zeropipe.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Map/unmap: access rules, nesting, and segments that die with their mapping. */
class MappingTest {

    private static Memory alloc(long size) {
        return Allocators.defaultAllocator().alloc(size);
    }

    @Test
    void aMappingCoversTheValidBytesAndTakesNoReference() {
        Memory mem = alloc(100);
        try (Mapping m = mem.map(MapFlags.READ)) {
            assertEquals(100, m.size());
            assertEquals(100, m.segment().byteSize());
            assertSame(mem, m.memory());
            assertEquals(1, mem.refCount());
            assertTrue(mem.isMapped());
            assertFalse(m.isWritable());
        }
        assertFalse(mem.isMapped());
        assertEquals(1, mem.refCount());
        mem.unref();
    }

    @Test
    void refMemoryMappingsHoldAReferenceUntilClosed() {
        Memory mem = alloc(100);
        Mapping m = mem.map(MapFlags.READ | MapFlags.REF_MEMORY);
        assertEquals(2, mem.refCount());
        m.close();
        assertEquals(1, mem.refCount());
        mem.unref();
    }

    @Test
    void nestedMapsMayAskTheSameOrNarrowerAccess() {
        Memory mem = alloc(100);
        try (Mapping m1 = mem.map(MapFlags.READ); Mapping m2 = mem.map(MapFlags.READ)) {
            assertEquals(m1.segment().address(), m2.segment().address());
            assertNull(mem.tryMap(MapFlags.WRITE));
            assertNull(mem.tryMap(MapFlags.READWRITE));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.WRITE));
            assertTrue(e.getMessage().contains("already mapped for READ"), e.getMessage());
        }
        try (Mapping w = mem.map(MapFlags.WRITE)) {
            assertNull(mem.tryMap(MapFlags.READ), "READ is not narrower than WRITE");
            assertNull(mem.tryMap(MapFlags.READWRITE));
            mem.map(MapFlags.WRITE).close();
        }
        try (Mapping rw = mem.map(MapFlags.READWRITE)) {
            mem.map(MapFlags.READ).close();
            mem.map(MapFlags.WRITE).close();
        }
        assertFalse(mem.isMapped());
        mem.unref();
    }

    @Test
    void theSegmentDiesWhenTheMappingCloses() {
        Memory mem = alloc(16);
        Mapping m = mem.map(MapFlags.WRITE);
        MemorySegment s = m.segment();
        s.set(ValueLayout.JAVA_INT, 0, 42);
        m.close();
        assertTrue(m.isClosed());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_INT, 0));
        assertThrows(IllegalStateException.class, () -> s.set(ValueLayout.JAVA_INT, 0, 1));
        assertThrows(IllegalStateException.class, m::segment);
        m.close(); // closing twice is harmless
        mem.unref();
    }

    @Test
    void aSegmentCannotReachPastTheMappedBytes() {
        Memory mem = alloc(16);
        try (Mapping m = mem.map(MapFlags.WRITE)) {
            assertThrows(IndexOutOfBoundsException.class, () -> m.segment().get(ValueLayout.JAVA_BYTE, 16));
            assertThrows(IndexOutOfBoundsException.class, () -> m.segment().get(ValueLayout.JAVA_BYTE, -1));
        }
        mem.unref();
    }

    @Test
    void aReadMappingIsReadOnly() {
        Memory mem = alloc(16);
        try (Mapping m = mem.map(MapFlags.READ)) {
            assertTrue(m.segment().isReadOnly());
            assertThrows(IllegalArgumentException.class, () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        }
        mem.unref();
    }

    @Test
    void aMappingBelongsToTheThreadThatMappedIt() throws Exception {
        Memory mem = alloc(16);
        Mapping m = mem.map(MapFlags.READ);
        ExecutionException use = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(() -> m.segment().get(ValueLayout.JAVA_BYTE, 0)).get());
        assertTrue(use.getCause() instanceof WrongThreadException, String.valueOf(use.getCause()));
        ExecutionException close = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(m::close).get());
        assertTrue(close.getCause() instanceof WrongThreadException, String.valueOf(close.getCause()));
        assertFalse(m.isClosed(), "a refused close changes nothing");
        assertTrue(mem.isMapped());
        m.close();
        // another thread maps for itself
        CompletableFuture.runAsync(() -> {
            try (Mapping mine = mem.map(MapFlags.READ)) {
                mine.segment().get(ValueLayout.JAVA_BYTE, 0);
            }
        }).get();
        mem.unref();
    }

    @Test
    void resizingWhileMappedKeepsTheMappingsView() {
        Memory mem = alloc(100);
        try (Mapping m = mem.map(MapFlags.READ)) {
            mem.resize(1, 99);
            assertEquals(100, m.size());
        }
        assertEquals(1, mem.offset());
        assertEquals(99, mem.size());
        try (Mapping m = mem.map(MapFlags.READ)) {
            assertEquals(99, m.size());
            mem.resize(-1, 100);
        }
        assertEquals(0, mem.offset());
        mem.unref();
    }

    @Test
    void notMappableMemoryRefusesEveryMap() {
        Memory mem = Allocators.defaultAllocator().alloc(8,
                AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.NOT_MAPPABLE)));
        assertNull(mem.tryMap(MapFlags.READ));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.READ));
        assertTrue(e.getMessage().contains("NOT_MAPPABLE"), e.getMessage());
        assertFalse(mem.isMapped());
        mem.unref();
    }

    @Test
    void mapFlagsMustAskForAccess() {
        Memory mem = alloc(8);
        assertThrows(IllegalArgumentException.class, () -> mem.map(0));
        assertThrows(IllegalArgumentException.class, () -> mem.map(MapFlags.REF_MEMORY));
        mem.unref();
    }

    @Test
    void anEmptyMappingHasNoMemory() {
        try (Mapping m = Mapping.empty(MapFlags.READ)) {
            assertNull(m.memory());
            assertEquals(0, m.size());
        }
    }
}
