package org.zeropipe.core.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.trace.CopyCounter;

/** share(): read-only views that keep their parent alive and unwritable; isSpan. */
class MemoryShareTest {

    private static Memory memoryOf(byte... bytes) {
        Memory m = Allocators.defaultAllocator().alloc(bytes.length);
        try (Mapping w = m.map(MapFlags.WRITE)) {
            w.segment().copyFrom(MemorySegment.ofArray(bytes));
        }
        return m;
    }

    @Test
    void aShareViewsTheParentsBytesWithoutCopying() {
        Memory mem = memoryOf((byte) 10, (byte) 11, (byte) 12, (byte) 13);
        try (Mapping info = mem.map(MapFlags.READ); CopyCounter copies = CopyCounter.attach()) {
            Memory sub = mem.share(1, 2);
            assertEquals(1, sub.refCount());
            assertSame(mem, sub.parent());
            try (Mapping s = sub.map(MapFlags.READ)) {
                assertEquals(2, s.size());
                assertEquals(info.segment().address() + 1, s.segment().address());
                assertArrayEquals(new byte[] {11, 12}, s.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            sub.unref();

            sub = mem.share(1, 0);
            try (Mapping s = sub.map(MapFlags.READ)) {
                assertEquals(0, s.size());
            }
            sub.unref();

            sub = mem.share(0, -1);
            assertEquals(4, sub.size());
            sub.unref();
            assertEquals(0, copies.count());
        }
        mem.unref();
    }

    @Test
    void aMemoryMappedForWriteCannotBeShared() {
        Memory mem = memoryOf(new byte[4]);
        try (Mapping w = mem.map(MapFlags.WRITE)) {
            assertNull(mem.tryShare(0, 4));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.share(0, 4));
            assertTrue(e.getMessage().contains("mapped for WRITE"), e.getMessage());
        }
        mem.unref();
    }

    @Test
    void aShareIsReadOnlyAndMakesItsParentUnwritable() {
        Memory mem = memoryOf(new byte[8]);
        Memory sub = mem.share(0, 8);
        assertTrue(sub.hasFlag(MemoryFlag.READONLY));
        assertTrue(assertThrows(IllegalStateException.class, () -> sub.map(MapFlags.WRITE)).getMessage()
                .contains("READONLY"));
        assertThrows(IllegalStateException.class, () -> sub.unsetFlag(MemoryFlag.READONLY));
        assertFalse(mem.isWritable(), "writing the parent would change what the share shows");
        assertNull(mem.tryMap(MapFlags.WRITE));
        sub.unref();
        assertTrue(mem.isWritable());
        mem.map(MapFlags.WRITE).close();
        mem.unref();
    }

    @Test
    void aShareOfAReadOnlyMemoryIsReadOnly() {
        Memory mem = Allocators.defaultAllocator().alloc(26,
                AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.READONLY)));
        Memory sub = mem.share(0, 8);
        assertTrue(sub.hasFlag(MemoryFlag.READONLY));
        assertNull(mem.tryMap(MapFlags.WRITE));
        assertNull(sub.tryMap(MapFlags.WRITE));
        sub.unref();
        mem.unref();
    }

    @Test
    void aShareKeepsItsParentAlive() {
        long before = SystemMemory.liveBytes();
        Memory mem = memoryOf((byte) 1, (byte) 2, (byte) 3);
        Memory sub = mem.share(1, 2);
        assertEquals(2, mem.refCount());
        mem.unref();
        assertFalse(mem.isReleased());
        try (Mapping s = sub.map(MapFlags.READ)) {
            assertArrayEquals(new byte[] {2, 3}, s.segment().toArray(ValueLayout.JAVA_BYTE));
        }
        sub.unref();
        assertTrue(mem.isReleased());
        assertEquals(before, SystemMemory.liveBytes());
    }

    @Test
    void aShareOfAShareViewsTheRoot() {
        Memory mem = memoryOf((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
        Memory sub = mem.share(1, 4);
        Memory subsub = sub.share(1, 2);
        assertSame(mem, subsub.parent());
        assertEquals(2, subsub.offset());
        try (Mapping s = subsub.map(MapFlags.READ)) {
            assertArrayEquals(new byte[] {2, 3}, s.segment().toArray(ValueLayout.JAVA_BYTE));
        }
        subsub.unref();
        sub.unref();
        mem.unref();
    }

    @Test
    void noShareMemoryRefusesToBeShared() {
        Memory mem = Allocators.defaultAllocator().alloc(4,
                AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.NO_SHARE)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.share(0, 2));
        assertTrue(e.getMessage().contains("NO_SHARE"), e.getMessage());
        assertNull(mem.tryShare(0, 2));
        mem.unref();
    }

    @Test
    void shareRangesMustFitTheBlock() {
        Memory mem = Allocators.defaultAllocator().alloc(4);
        assertThrows(IllegalArgumentException.class, () -> mem.share(2, 3));
        assertThrows(IllegalArgumentException.class, () -> mem.share(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> mem.copy(0, 5));
        mem.unref();
    }

    @Test
    void sharesKeepZeroFlagsOnlyWhereTheyStillHold() {
        Memory mem = Allocators.defaultAllocator().alloc(10, new AllocationParams(
                Set.of(MemoryFlag.ZERO_PREFIXED, MemoryFlag.ZERO_PADDED), 0, 4, 4));
        Memory whole = mem.share(0, -1);
        assertTrue(whole.hasFlag(MemoryFlag.ZERO_PREFIXED) && whole.hasFlag(MemoryFlag.ZERO_PADDED));
        Memory middle = mem.share(2, 4);
        assertFalse(middle.hasFlag(MemoryFlag.ZERO_PREFIXED) || middle.hasFlag(MemoryFlag.ZERO_PADDED));
        middle.unref();
        whole.unref();
        mem.unref();
    }

    @Test
    void adjacentSharesOfOneParentSpan() {
        Memory mem = Allocators.defaultAllocator().alloc(4);
        Memory sub1 = mem.share(0, 2);
        Memory sub2 = mem.share(2, 2);
        assertFalse(mem.isSpan(sub2), "a parent memory can't be span");
        assertFalse(sub1.isSpan(mem), "a parent memory can't be span");
        assertTrue(sub1.isSpan(sub2), "two shares next to each other span");
        assertEquals(0, sub1.spanOffset(sub2));
        assertFalse(sub2.isSpan(sub1), "order matters");
        Memory other = Allocators.defaultAllocator().alloc(4);
        Memory foreign = other.share(2, 2);
        assertFalse(sub1.isSpan(foreign), "different parents");
        foreign.unref();
        other.unref();
        sub1.unref();
        sub2.unref();
        mem.unref();
    }
}
