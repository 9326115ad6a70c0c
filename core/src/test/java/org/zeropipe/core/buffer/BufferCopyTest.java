package org.zeropipe.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.meta.ParentBufferMeta;
import org.zeropipe.core.trace.CopyAttribution;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;

/** makeWritable, copy on write, region and deep copies, with the copies they cost counted. */
class BufferCopyTest {

    private static Buffer zeros(int size) {
        Buffer b = Buffer.allocate(size);
        b.memset(0, (byte) 0, size);
        return b;
    }

    private static Buffer readOnlyBuffer() {
        Memory mem = Allocators.defaultAllocator().alloc(26);
        try (Mapping m = mem.map(MapFlags.WRITE)) {
            m.segment().copyFrom(java.lang.foreign.MemorySegment.ofArray("abcdefghijklmnopqrstuvwxyz".getBytes()));
        }
        mem.setFlag(MemoryFlag.READONLY);
        return Buffer.wrap(mem);
    }

    @Test
    void aCopySharesTheMemoriesAndCopiesNothing() {
        Buffer b = zeros(4);
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer copy = b.copy();
            assertNotSame(b, copy);
            assertEquals(1, b.refCount());
            assertEquals(1, copy.refCount());
            assertSame(b.peekMemory(0), copy.peekMemory(0), "the same memory in both");
            assertFalse(b.peekMemory(0).isWritable(), "shared by two buffers");
            try (Mapping m1 = b.map(MapFlags.READ); Mapping m2 = copy.map(MapFlags.READ)) {
                assertEquals(m1.segment().address(), m2.segment().address());
            }
            assertEquals(0, copies.count());
            copy.unref();
        }
        assertTrue(b.peekMemory(0).isWritable(), "exclusive again");
        b.unref();
    }

    @Test
    void writingACopyCopiesTheMemoryOnce() {
        Buffer b = zeros(4);
        Buffer copy = b.copy();
        assertTrue(copy.isWritable());
        try (CopyCounter copies = CopyCounter.attach()) {
            copy.memset(0, (byte) 0x80, 4);
            assertEquals(1, copies.count(CopyReason.COPY_ON_WRITE));
            assertEquals(4, copies.bytes(CopyReason.COPY_ON_WRITE));
            copy.memset(0, (byte) 0x81, 4);
            assertEquals(1, copies.count(), "the second write finds its own memory");
        }
        assertEquals(0, b.memcmp(0, new byte[4]));
        assertNotSame(b.peekMemory(0), copy.peekMemory(0));
        assertTrue(copy.hasFlag(BufferFlag.TAG_MEMORY));
        copy.unref();
        b.unref();
    }

    @Test
    void aWriteMapOfAMadeWritableBufferCopiesOnWrite() {
        Buffer b = zeros(4);
        Buffer w = b.ref().makeWritable();
        assertNotSame(b, w);
        try (CopyCounter copies = CopyCounter.attach()) {
            try (Mapping m = w.map(MapFlags.WRITE)) {
                m.segment().fill((byte) 0x80);
            }
            assertEquals(4, copies.bytes(CopyReason.COPY_ON_WRITE));
        }
        assertEquals(0, b.memcmp(0, new byte[4]));
        assertEquals(0, w.memcmp(0, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        w.unref();
        b.unref();
    }

    @Test
    void copyingABufferMappedForWriteCopiesItsMemoryAtOnce() {
        Buffer b = zeros(4);
        Mapping m = b.map(MapFlags.WRITE);
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer copy = b.copy();
            assertEquals(4, copies.bytes(CopyReason.REGION_COPY), "a memory being written cannot be shared");
            assertTrue(copy.isWritable());
            copy.memset(0, (byte) 0x80, 4);
            m.close();
            assertEquals(0, b.memcmp(0, new byte[4]));
            copy.unref();
        }
        b.unref();
    }

    @Test
    void aDeepCopyCopiesTheBytes() {
        Buffer b = zeros(4);
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer copy = b.deepCopy();
            assertEquals(4, copies.bytes(CopyReason.DEEP_COPY));
            assertNotSame(b.peekMemory(0), copy.peekMemory(0));
            assertTrue(b.peekMemory(0).isWritable());
            try (Mapping m1 = b.map(MapFlags.READ); Mapping m2 = copy.map(MapFlags.READ)) {
                assertTrue(m1.segment().address() != m2.segment().address());
            }
            copy.unref();
        }
        b.unref();
    }

    @Test
    @SuppressWarnings("try") // the READ mapping is held open on purpose, like gstbuffer.c's test_subbuffer
    void regionCopiesFollowTheTimestampRules() {
        Buffer b = zeros(4);
        b.setPts(1);
        b.setDuration(2);
        b.setOffset(3);
        b.setOffsetEnd(4);
        try (Mapping m = b.map(MapFlags.READ); CopyCounter copies = CopyCounter.attach()) {
            Buffer sub = b.copyRegion(BufferCopyFlag.ALL, 1, 2);
            assertEquals(2, sub.size());
            assertEquals(ClockTime.NONE, sub.pts());
            assertEquals(ClockTime.NONE, sub.duration());
            assertEquals(-1, sub.offset());
            assertEquals(-1, sub.offsetEnd());
            assertSame(b.peekMemory(0), sub.peekMemory(0).parent(), "a view, not a copy");
            sub.unref();

            sub = b.copyRegion(BufferCopyFlag.ALL, 1, 0);
            assertEquals(0, sub.size());
            sub.unref();

            sub = b.copyRegion(BufferCopyFlag.ALL, 0, 1);
            assertEquals(1, sub.pts());
            assertEquals(3, sub.offset());
            assertEquals(ClockTime.NONE, sub.duration());
            assertEquals(-1, sub.offsetEnd());
            sub.unref();

            sub = b.copyRegion(BufferCopyFlag.ALL, 0, 4);
            assertEquals(1, sub.pts());
            assertEquals(2, sub.duration());
            assertEquals(3, sub.offset());
            assertEquals(4, sub.offsetEnd());
            sub.unref();
            assertEquals(0, copies.count(), "regions share");
        }
        assertThrows(IllegalArgumentException.class, () -> b.copyRegion(BufferCopyFlag.ALL, 3, 2));
        b.unref();
    }

    @Test
    void noShareMemoryIsCopiedByRegionCopies() {
        Buffer b = Buffer.allocate(null, 8, AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.NO_SHARE)));
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer sub = b.copyRegion(BufferCopyFlag.ALL, 2, 4);
            assertEquals(4, copies.bytes(CopyReason.REGION_COPY));
            assertNull(sub.peekMemory(0).parent());
            sub.unref();
            Buffer whole = b.copy();
            assertEquals(12, copies.bytes(CopyReason.REGION_COPY));
            whole.unref();
        }
        b.unref();
    }

    @Test
    void mergeFlagMergesTheCopiedMemories() {
        Buffer b = Buffer.create();
        b.appendMemory(Allocators.defaultAllocator().alloc(3));
        b.appendMemory(Allocators.defaultAllocator().alloc(3));
        b.memset(0, (byte) 1, 6);
        EnumSet<BufferCopyFlag> flags = EnumSet.copyOf(BufferCopyFlag.ALL);
        flags.add(BufferCopyFlag.MERGE);
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer merged = b.copyRegion(flags, 1, 4);
            assertEquals(1, merged.memoryCount());
            assertEquals(4, merged.size());
            assertEquals(4, copies.bytes(CopyReason.MERGE));
            merged.unref();
        }
        b.unref();
    }

    @Test
    void readOnlyMemoryIsCopiedWhenItsBufferIsWritten() {
        Buffer b = readOnlyBuffer();
        try (CopyCounter copies = CopyCounter.attach()) {
            try (Mapping m = b.map(MapFlags.WRITE)) {
                m.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 4, (byte) 'a');
            }
            assertEquals(26, copies.bytes(CopyReason.COPY_ON_WRITE));
        }
        assertFalse(b.peekMemory(0).hasFlag(MemoryFlag.READONLY));
        b.unref();

        Buffer ro = readOnlyBuffer();
        Buffer sub = ro.copyRegion(BufferCopyFlag.ALL, 0, 8);
        assertTrue(sub.peekMemory(0).hasFlag(MemoryFlag.READONLY));
        try (Mapping m = sub.map(MapFlags.WRITE)) {
            m.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 4, (byte) 'a');
        }
        assertArrayEquals("abcdafgh".getBytes(), sub.extractBytes(0, -1));
        assertArrayEquals("abcde".getBytes(), ro.extractBytes(0, 5));
        sub.unref();
        ro.unref();
    }

    @Test
    void copyIntoCopiesFlagsButNeverTagMemory() {
        Buffer src = Buffer.allocate(2);
        src.setFlag(BufferFlag.DISCONT);
        src.setFlag(BufferFlag.TAG_MEMORY);
        Buffer dest = Buffer.create();
        src.copyInto(dest, EnumSet.of(BufferCopyFlag.FLAGS), 0, -1);
        assertEquals(Set.of(BufferFlag.DISCONT), dest.flags());
        assertEquals(0, dest.memoryCount());
        src.ref();
        assertThrows(IllegalStateException.class, () -> dest.ref().copyInto(src, BufferCopyFlag.ALL, 0, -1));
        assertThrows(IllegalStateException.class, () -> src.copyInto(dest, BufferCopyFlag.ALL, 0, -1),
                "dest not writable");
        dest.unref();
        dest.unref();
        src.unref();
        src.unref();
    }

    @Test
    void aCopySharingAPooledBuffersMemoryKeepsThatBufferOutOfItsPool() {
        java.util.List<Buffer> returned = new java.util.ArrayList<>();
        Buffer pooled = Buffer.allocate(8);
        pooled.setRecycler(returned::add);
        Buffer copy = pooled.copy();
        ParentBufferMeta meta = copy.getMeta(ParentBufferMeta.INFO);
        assertSame(pooled, meta.parent());
        assertEquals(2, pooled.refCount());
        pooled.unref(); // the user is done; the copy still uses its memory
        assertTrue(returned.isEmpty(), "kept out of the pool while shared");
        copy.unref();
        assertEquals(java.util.List.of(pooled), returned);
        assertTrue(pooled.isAllMemoryWritable(), "back home with its memory exclusive");
        pooled.unref();
    }

    @Test
    void copiesNameWhoCopied() {
        Buffer b = zeros(4);
        Buffer copy = b.copy();
        String previous = CopyAttribution.enter("videoconvert0");
        try (CopyCounter copies = CopyCounter.attach()) {
            copy.memset(0, (byte) 1, 4);
            assertEquals(java.util.Map.of(new CopyCounter.Key("videoconvert0", "SystemMemory", CopyReason.COPY_ON_WRITE),
                    new CopyCounter.Totals(1, 4)), copies.totals());
        } finally {
            CopyAttribution.exit(previous);
        }
        assertNull(CopyAttribution.current());
        copy.unref();
        b.unref();
    }
}
