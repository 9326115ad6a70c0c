package org.zeropipe.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;

/** The 16-memory limit, merging, memory ranges and multi-memory maps. */
class BufferMemoriesTest {

    static Memory memoryOf(int... bytes) {
        Memory m = Allocators.defaultAllocator().alloc(bytes.length);
        try (Mapping w = m.map(MapFlags.WRITE)) {
            for (int i = 0; i < bytes.length; i++) {
                w.segment().set(ValueLayout.JAVA_BYTE, i, (byte) bytes[i]);
            }
        }
        return m;
    }

    private static Buffer sixteenMemories() {
        Buffer b = Buffer.create();
        for (int i = 0; i < Buffer.MAX_MEMORY; i++) {
            b.appendMemory(memoryOf(i, i));
        }
        return b;
    }

    @Test
    void aSeventeenthMemoryMergesTheOthersByCopyWhenTheyDoNotSpan() {
        Buffer b = sixteenMemories();
        assertEquals(16, b.memoryCount());
        try (CopyCounter copies = CopyCounter.attach()) {
            b.appendMemory(memoryOf(99));
            assertEquals(2, b.memoryCount());
            assertEquals(32, b.peekMemory(0).size());
            assertEquals(16, copies.count(CopyReason.MERGE), "one memcpy per merged memory");
            assertEquals(32, copies.bytes("SystemMemory", CopyReason.MERGE));
        }
        byte[] expected = new byte[33];
        for (int i = 0; i < 16; i++) {
            expected[2 * i] = (byte) i;
            expected[2 * i + 1] = (byte) i;
        }
        expected[32] = 99;
        assertArrayEquals(expected, b.extractBytes(0, -1));
        b.unref();
    }

    @Test
    void aSeventeenthMemoryMergesSpanningViewsByOneShareWithoutCopying() {
        Memory parent = memoryOf(new int[32]);
        Buffer b = Buffer.create();
        for (int i = 0; i < 16; i++) {
            b.appendMemory(parent.share(2L * i, 2));
        }
        try (CopyCounter copies = CopyCounter.attach()) {
            b.appendMemory(memoryOf(7));
            assertEquals(0, copies.count(), copies.toString());
        }
        assertEquals(2, b.memoryCount());
        assertSame(parent, b.peekMemory(0).parent());
        assertEquals(32, b.peekMemory(0).size());
        b.unref();
        parent.unref();
    }

    @Test
    void afterAMergeAnInsertAtZeroStaysFirst() {
        Buffer b = sixteenMemories();
        b.prependMemory(memoryOf(42));
        assertEquals(2, b.memoryCount());
        assertEquals(42, b.extractBytes(0, 1)[0]);
        b.insertMemory(1, memoryOf(43));
        assertEquals(3, b.memoryCount());
        b.unref();
    }

    @Test
    void aSeventeenthMemoryIntoANonWritableBufferThrowsAndLeavesItAlone() {
        Buffer b = sixteenMemories();
        b.ref(); // now read-only
        Memory extra = memoryOf(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.appendMemory(extra));
        assertTrue(e.getMessage().contains("not writable"), e.getMessage());
        assertEquals(16, b.memoryCount());
        assertEquals(1, extra.refCount(), "on failure the caller keeps its reference");
        extra.unref();
        b.unref();
        b.unref();
    }

    @Test
    void insertChecksItsArguments() {
        Buffer b = Buffer.allocate(1);
        Memory m = memoryOf(1);
        assertThrows(IndexOutOfBoundsException.class, () -> b.insertMemory(5, m));
        assertThrows(IndexOutOfBoundsException.class, () -> b.insertMemory(-2, m));
        m.unref();
        assertThrows(IllegalStateException.class, () -> b.insertMemory(0, m), "released memory");
        assertThrows(IndexOutOfBoundsException.class, () -> b.peekMemory(1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.removeMemoryRange(0, 2));
        b.unref();
    }

    @Test
    void aMemoryMappedForWriteElsewhereIsCopiedWhenInserted() {
        Memory mem = memoryOf(1, 2, 3);
        Buffer holder = Buffer.create();
        holder.appendMemory(mem.ref()); // one exclusive owner
        Mapping writing = mem.map(MapFlags.WRITE);
        Buffer b = Buffer.create();
        try (CopyCounter copies = CopyCounter.attach()) {
            b.appendMemory(mem.ref());
            assertEquals(3, copies.bytes(CopyReason.COPY_ON_WRITE));
        }
        assertNotSame(mem, b.peekMemory(0));
        writing.close();
        b.unref();
        holder.unref();
        mem.unref();
    }

    @Test
    void twoBuffersHoldingOneMemoryMakeItUnwritable() {
        Buffer b = Buffer.allocate(10);
        Memory mem = b.peekMemory(0);
        assertTrue(mem.isWritable());
        assertTrue(b.isAllMemoryWritable());
        Buffer other = Buffer.create();
        other.appendMemory(mem.ref());
        assertFalse(mem.isWritable());
        assertFalse(b.isAllMemoryWritable());
        assertFalse(b.isMemoryRangeWritable(0, 1));
        other.unref();
        assertTrue(mem.isWritable());
        b.unref();
    }

    @Test
    void mappingSeveralMemoriesMergesTemporarilyWhenTheBufferIsReadOnly() {
        Buffer b = Buffer.create();
        b.appendMemory(memoryOf(1, 2));
        b.appendMemory(memoryOf(3, 4));
        b.ref();
        try (CopyCounter copies = CopyCounter.attach()) {
            try (Mapping m = b.map(MapFlags.READ)) {
                assertEquals(4, m.size());
                assertArrayEquals(new byte[] {1, 2, 3, 4}, m.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            assertEquals(4, copies.bytes(CopyReason.MERGE));
        }
        assertEquals(2, b.memoryCount(), "the merged memory is not stored in a read-only buffer");
        assertThrows(IllegalStateException.class, () -> b.map(MapFlags.WRITE));
        b.unref();

        try (Mapping m = b.map(MapFlags.READ)) {
            assertEquals(4, m.size());
        }
        assertEquals(1, b.memoryCount(), "a writable buffer keeps the merged memory");
        assertTrue(b.hasFlag(BufferFlag.TAG_MEMORY));
        try (Mapping m1 = b.map(MapFlags.WRITE); Mapping m2 = b.map(MapFlags.WRITE)) {
            assertSame(m1.memory(), m2.memory(), "same access maps the same memory");
        }
        b.unref();
    }

    @Test
    void mapRangeMergesOnlyTheRange() {
        Buffer b = Buffer.create();
        for (int i = 0; i < 3; i++) {
            b.appendMemory(Allocators.defaultAllocator().alloc(50));
        }
        b.ref();
        try (Mapping m = b.mapRange(1, 2, MapFlags.READ)) {
            assertEquals(100, m.size());
        }
        assertEquals(3, b.memoryCount());
        b.unref();
        try (Mapping m = b.mapRange(1, 2, MapFlags.READ)) {
            assertEquals(100, m.size());
        }
        assertEquals(2, b.memoryCount());
        try (Mapping m = b.map(MapFlags.READ)) {
            assertEquals(150, m.size());
        }
        assertEquals(1, b.memoryCount());
        assertThrows(IndexOutOfBoundsException.class, () -> b.mapRange(1, 1, MapFlags.READ));
        b.unref();
    }

    @Test
    @SuppressWarnings("try") // the WRITE mapping is held open on purpose
    void aReadMapInsideAWriteMapIsRefusedNotSilentlyCopied() {
        Buffer b = Buffer.allocate(8);
        try (Mapping w = b.map(MapFlags.WRITE)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.map(MapFlags.READ));
            assertTrue(e.getMessage().contains("already mapped for WRITE"), e.getMessage());
        }
        b.unref();
    }

    @Test
    void appendingContiguousRegionsSpansBackIntoOneView() {
        Buffer buffer = Buffer.allocate(4);
        buffer.fill(0, "data".getBytes());
        Buffer sub1 = buffer.copyRegion(BufferCopyFlag.ALL, 0, 2);
        Buffer sub2 = buffer.copyRegion(BufferCopyFlag.ALL, 2, 2);
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer span = Buffer.append(sub1.ref(), sub2.ref());
            try (Mapping m = span.map(MapFlags.READ)) {
                assertArrayEquals("data".getBytes(), m.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            assertEquals(0, copies.count(), "contiguous views merge by sharing the parent");
            assertEquals(1, buffer.refCount());
            assertEquals(1, sub1.refCount());
            assertEquals(1, sub2.refCount());
            assertEquals(1, span.refCount());
            span.unref();

            span = Buffer.append(sub2.ref(), sub1.ref());
            try (Mapping m = span.map(MapFlags.READ)) {
                assertArrayEquals("tada".getBytes(), m.segment().toArray(ValueLayout.JAVA_BYTE));
            }
            assertEquals(4, copies.bytes(CopyReason.MERGE), "not contiguous: merged by copy");
            span.unref();
        }
        sub1.unref();
        sub2.unref();
        buffer.unref();
    }

    @Test
    void getMemoryRangeSharesSpansAndMergesTheRest() {
        Memory parent = memoryOf(1, 2, 3, 4);
        Buffer b = Buffer.create();
        b.appendMemory(parent.share(0, 2));
        b.appendMemory(parent.share(2, 2));
        Memory all = b.getAllMemory();
        assertSame(parent, all.parent());
        assertEquals(4, all.size());
        all.unref();
        Memory one = b.getMemory(1);
        assertSame(b.peekMemory(1), one);
        assertEquals(2, one.refCount());
        one.unref();
        Buffer empty = Buffer.create();
        assertNull(empty.getAllMemory());
        empty.unref();
        b.unref();
        parent.unref();
    }

    @Test
    void replaceAndRemoveMemoryRanges() {
        Buffer b = Buffer.create();
        for (int i = 0; i < 4; i++) {
            b.appendMemory(memoryOf(i));
        }
        b.replaceMemoryRange(1, 2, memoryOf(9, 9));
        assertEquals(3, b.memoryCount());
        assertArrayEquals(new byte[] {0, 9, 9, 3}, b.extractBytes(0, -1));
        b.removeMemoryRange(0, 1);
        assertArrayEquals(new byte[] {9, 9, 3}, b.extractBytes(0, -1));
        b.replaceAllMemory(memoryOf(5));
        assertEquals(1, b.memoryCount());
        b.removeAllMemory();
        assertEquals(0, b.memoryCount());
        assertEquals(0, b.size());
        b.unref();
    }

    @Test
    void aBufferSegmentWritesGoToTheMemory() {
        Buffer b = Buffer.allocate(3);
        try (Mapping m = b.map(MapFlags.WRITE)) {
            m.segment().copyFrom(MemorySegment.ofArray(new byte[] {7, 8, 9}));
        }
        assertEquals(0, b.memcmp(0, new byte[] {7, 8, 9}));
        b.unref();
    }
}
