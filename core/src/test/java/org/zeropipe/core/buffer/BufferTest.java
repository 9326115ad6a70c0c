package org.zeropipe.core.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.memory.SystemMemory;

/** Refcount, writability, timing, flags, sizes, fill/extract and release of buffers (gstbuffer.c checks). */
class BufferTest {

    static Buffer bufferOf(byte... bytes) {
        Buffer b = Buffer.allocate(bytes.length);
        b.fill(0, bytes);
        return b;
    }

    @Test
    void aNewBufferIsWritableWithUnsetTimesAndNoFlags() {
        Buffer b = Buffer.allocate(4);
        assertEquals(1, b.refCount());
        assertTrue(b.isWritable());
        assertEquals(4, b.size());
        assertEquals(1, b.memoryCount());
        assertEquals(ClockTime.NONE, b.pts());
        assertEquals(ClockTime.NONE, b.dts());
        assertEquals(ClockTime.NONE, b.duration());
        assertEquals(-1, b.offset());
        assertEquals(-1, b.offsetEnd());
        assertEquals(Set.of(), b.flags());
        assertFalse(b.hasFlag(BufferFlag.TAG_MEMORY), "a new buffer's memory is not 'changed'");
        b.unref();
    }

    @Test
    void allocatingZeroBytesGivesNoMemoryAndAnEmptyMapping() {
        Buffer b = Buffer.allocate(0);
        assertEquals(0, b.memoryCount());
        try (Mapping m = b.map(MapFlags.READ)) {
            assertEquals(0, m.size());
            assertNull(m.memory());
        }
        Buffer copy = b.copy();
        try (Mapping m = copy.map(MapFlags.READ)) {
            assertEquals(0, m.size());
        }
        copy.unref();
        b.unref();
    }

    @Test
    void aSecondReferenceMakesTheBufferReadOnly() {
        Buffer b = Buffer.allocate(4);
        b.setFlag(BufferFlag.DISCONT);
        b.setFlag(BufferFlag.DELTA_UNIT);
        b.ref();
        assertFalse(b.isWritable());
        assertThrows(IllegalStateException.class, () -> b.setPts(1));
        assertThrows(IllegalStateException.class, () -> b.setFlag(BufferFlag.GAP));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.map(MapFlags.WRITE));
        assertTrue(e.getMessage().contains("not writable") && e.getMessage().contains("makeWritable"), e.getMessage());

        Buffer w = b.makeWritable(); // consumes one of the two references
        assertNotSame(b, w);
        assertTrue(w.isWritable());
        assertTrue(w.hasFlag(BufferFlag.DISCONT) && w.hasFlag(BufferFlag.DELTA_UNIT));
        w.unsetFlag(BufferFlag.DISCONT);
        assertTrue(b.hasFlag(BufferFlag.DISCONT), "the original keeps its flags");
        assertEquals(1, b.refCount());
        assertTrue(b.isWritable());
        w.unref();
        assertSame(b, b.makeWritable(), "a writable buffer is its own writable version");
        b.unref();
    }

    @Test
    void timingAndOffsetsAreStored() {
        Buffer b = Buffer.create();
        b.setPts(ClockTime.SECOND);
        b.setDts(2 * ClockTime.SECOND);
        b.setDuration(40 * ClockTime.MSECOND);
        b.setOffset(7);
        b.setOffsetEnd(8);
        assertEquals(ClockTime.SECOND, b.pts());
        assertEquals(2 * ClockTime.SECOND, b.dts());
        assertEquals(40 * ClockTime.MSECOND, b.duration());
        assertEquals(7, b.offset());
        assertEquals(8, b.offsetEnd());
        assertTrue(b.toString().contains("pts=0:00:01.000000000"), b.toString());
        assertEquals("NONE", ClockTime.toString(ClockTime.NONE));
        b.unref();
    }

    @Test
    void fillExtractMemsetAndMemcmpWorkAcrossMemories() {
        Buffer b = Buffer.create();
        b.appendMemory(Allocators.defaultAllocator().alloc(0));
        b.appendMemory(Allocators.defaultAllocator().alloc(10));
        b.appendMemory(Allocators.defaultAllocator().alloc(15));
        b.appendMemory(Allocators.defaultAllocator().alloc(0));
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertEquals(0, b.fill(0, new byte[0]));
        assertEquals(0, b.fill(20, new byte[0]));
        assertEquals(1, b.fill(0, java.util.Arrays.copyOf(data, 1)));
        assertEquals(11, b.fill(0, java.util.Arrays.copyOf(data, 11)));
        assertEquals(25, b.fill(0, java.util.Arrays.copyOf(data, 25)));
        assertEquals(25, b.fill(0, java.util.Arrays.copyOf(data, 26)));
        assertEquals(24, b.fill(1, java.util.Arrays.copyOf(data, 26)));
        assertEquals(15, b.fill(10, java.util.Arrays.copyOf(data, 100)));
        assertEquals(14, b.fill(11, java.util.Arrays.copyOf(data, 100)));
        assertEquals(0, b.fill(25, java.util.Arrays.copyOf(data, 100)));

        byte[] src = java.util.Arrays.copyOfRange(data, 10, 35);
        assertEquals(25, b.fill(0, src));
        byte[] out = new byte[25];
        assertEquals(25, b.extract(0, out));
        assertArrayEquals(src, out);
        assertArrayEquals(java.util.Arrays.copyOfRange(src, 5, 25), b.extractBytes(5, -1));
        assertEquals(0, b.memcmp(3, java.util.Arrays.copyOfRange(src, 3, 20)));

        assertEquals(25, b.memset(0, (byte) 0, 100));
        assertEquals(0, b.memcmp(0, new byte[25]));
        assertTrue(b.memcmp(0, new byte[26]) != 0, "past the end");
        assertTrue(b.memcmp(24, new byte[2]) != 0, "past the end");
        assertTrue(b.memcmp(30, new byte[1]) != 0, "past the end");
        b.memset(0, (byte) 0x20, 2);
        assertTrue(b.memcmp(0, new byte[2]) != 0);
        assertTrue(b.memcmp(1, new byte[1]) != 0);
        assertEquals(0, b.memcmp(2, new byte[1]));
        b.unref();
    }

    @Test
    void sizesAddUpAcrossMemoriesAndEmptyOnesCountAsRoom() {
        Buffer b = Buffer.allocate(100);
        BufferSizes s = b.sizes();
        assertEquals(new BufferSizes(100, 0, s.maxSize()), s);
        long max1 = s.maxSize();
        Memory mem = b.getMemory(0);
        mem.resize(10, 70);
        mem.unref();
        assertEquals(new BufferSizes(70, 10, max1), b.sizes());

        Memory second = Allocators.defaultAllocator().alloc(100);
        long max2 = second.maxSize();
        second.resize(20, 60);
        b.insertMemory(-1, second);
        assertEquals(new BufferSizes(130, 10, 80 + (max2 - 20)), b.sizes());

        Memory empty = Allocators.defaultAllocator().alloc(100);
        long max3 = empty.maxSize();
        empty.resize(0, 0);
        b.insertMemory(-1, empty);
        assertEquals(new BufferSizes(130, 10, 80 + (max2 - 20) + max3), b.sizes());

        Memory first = Allocators.defaultAllocator().alloc(100);
        long max4 = first.maxSize();
        first.resize(0, 0);
        b.insertMemory(0, first);
        assertEquals(new BufferSizes(130, 10 + max4, 80 + (max2 - 20) + max3 + max4), b.sizes());
        b.unref();
    }

    @Test
    void resizeFollowsTheMemoryRules() {
        Buffer b = Buffer.allocate(100);
        long max = b.sizes().maxSize();
        assertThrows(IllegalArgumentException.class, () -> b.resize(200, 50));
        assertThrows(IllegalArgumentException.class, () -> b.resize(0, max + 50));
        assertThrows(IllegalArgumentException.class, () -> b.resize(1, max));
        assertThrows(IllegalArgumentException.class, () -> b.resize(max, 1));
        b.resize(0, 100);
        assertEquals(new BufferSizes(100, 0, max), b.sizes());
        assertFalse(b.hasFlag(BufferFlag.TAG_MEMORY), "resizing in place is no memory change");
        b.resize(0, 50);
        assertEquals(new BufferSizes(50, 0, max), b.sizes());
        b.resize(0, 100);
        b.resize(1, 99);
        assertEquals(new BufferSizes(99, 1, max), b.sizes());
        assertThrows(IllegalArgumentException.class, () -> b.resize(1, max - 1));
        b.resize(0, 99);
        b.resize(-1, 100);
        assertEquals(new BufferSizes(100, 0, max), b.sizes());
        assertThrows(IllegalArgumentException.class, () -> b.resize(-1, 100));
        b.resize(50, 40);
        assertEquals(new BufferSizes(40, 50, max), b.sizes());
        b.resize(-50, 100);
        b.resize(0, 0);
        assertEquals(new BufferSizes(0, 0, max), b.sizes());
        b.setSize(100);
        assertEquals(100, b.size());
        b.resize(10, -1);
        assertEquals(new BufferSizes(90, 10, max), b.sizes());
        b.unref();
    }

    @Test
    void resizingAnUnwritableMemoryReplacesItWithAShareView() {
        Buffer a = bufferOf(new byte[] {1, 2, 3, 4, 5, 6});
        Buffer b = a.copy(); // shares the memory
        Memory shared = a.peekMemory(0);
        assertFalse(shared.isWritable());
        b.resize(2, 2);
        assertNotSame(shared, b.peekMemory(0));
        assertSame(shared, b.peekMemory(0).parent());
        assertTrue(b.hasFlag(BufferFlag.TAG_MEMORY));
        assertArrayEquals(new byte[] {3, 4}, b.extractBytes(0, -1));
        assertEquals(6, a.size(), "the other buffer is untouched");
        b.unref();
        a.unref();
    }

    @Test
    void findMemoryLocatesByteRanges() {
        Buffer b = Buffer.create();
        b.appendMemory(Allocators.defaultAllocator().alloc(0));
        b.appendMemory(Allocators.defaultAllocator().alloc(10));
        b.appendMemory(Allocators.defaultAllocator().alloc(15));
        b.appendMemory(Allocators.defaultAllocator().alloc(0));
        assertEquals(new MemorySpan(1, 1, 0), b.findMemory(0, 5).orElseThrow());
        assertEquals(new MemorySpan(1, 1, 0), b.findMemory(0, 10).orElseThrow());
        assertEquals(new MemorySpan(1, 1, 5), b.findMemory(5, 4).orElseThrow());
        assertEquals(new MemorySpan(1, 1, 5), b.findMemory(5, 5).orElseThrow());
        assertEquals(new MemorySpan(1, 2, 5), b.findMemory(5, 6).orElseThrow());
        assertEquals(new MemorySpan(2, 1, 0), b.findMemory(10, 6).orElseThrow());
        assertEquals(new MemorySpan(2, 1, 0), b.findMemory(10, 15).orElseThrow());
        assertEquals(new MemorySpan(2, 1, 1), b.findMemory(11, 14).orElseThrow());
        assertEquals(new MemorySpan(1, 2, 0), b.findMemory(0, 25).orElseThrow());
        assertEquals(new MemorySpan(2, 1, 14), b.findMemory(24, 0).orElseThrow());
        assertTrue(b.findMemory(11, 15).isEmpty());
        assertTrue(b.findMemory(0, 26).isEmpty());
        assertTrue(b.findMemory(25, 0).isEmpty());
        assertEquals(new MemorySpan(1, 3, 1), b.findMemory(1, -1).orElseThrow());
        b.unref();
    }

    @Test
    void aBufferMappingHoldsItsMemoryAfterTheBufferIsGone() {
        Buffer b = bufferOf((byte) 9, (byte) 8);
        Mapping m = b.map(MapFlags.READ);
        Memory mem = m.memory();
        assertEquals(2, mem.refCount(), "the buffer's and the mapping's");
        b.unref();
        assertEquals(1, mem.refCount());
        assertEquals(8, m.segment().get(ValueLayout.JAVA_BYTE, 1));
        m.close();
        assertTrue(mem.isReleased());
    }

    @Test
    void wrapTakesOverTheMemory() {
        Memory mem = Allocators.defaultAllocator().alloc(8,
                AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.READONLY)));
        Buffer b = Buffer.wrap(mem);
        assertSame(mem, b.peekMemory(0));
        assertEquals(1, mem.refCount());
        assertTrue(b.peekMemory(0).hasFlag(MemoryFlag.READONLY));
        assertFalse(b.hasFlag(BufferFlag.TAG_MEMORY));
        b.unref();
        assertTrue(mem.isReleased());
    }

    @Test
    void releasingABufferReleasesItsMemoriesAtOnce() {
        long before = SystemMemory.liveBytes();
        Buffer b = Buffer.allocate(1 << 16);
        b.appendMemory(Allocators.defaultAllocator().alloc(1 << 16));
        assertTrue(SystemMemory.liveBytes() >= before + (1 << 17));
        b.unref();
        assertEquals(before, SystemMemory.liveBytes());
    }

    @Test
    void doubleReleaseAndUseAfterReleaseThrowAndSayWhere() {
        Buffer b = Buffer.allocate(4);
        b.unref();
        IllegalStateException e = assertThrows(IllegalStateException.class, b::unref);
        assertTrue(e.getMessage().contains("double release"), e.getMessage());
        assertTrue(e.getMessage().contains("BufferTest.doubleReleaseAndUseAfterReleaseThrowAndSayWhere"),
                e.getMessage());
        assertThrows(IllegalStateException.class, b::ref);
        assertThrows(IllegalStateException.class, () -> b.map(MapFlags.READ));
        assertThrows(IllegalStateException.class, () -> b.peekMemory(0));
        assertThrows(IllegalStateException.class, b::copy);
        assertThrows(IllegalStateException.class, () -> b.setPts(0));
    }

    @Test
    void aReadOnlyBufferCanBeReadFromSeveralThreadsAtOnce() throws Exception {
        Buffer b = Buffer.create();
        b.appendMemory(Allocators.defaultAllocator().alloc(8));
        b.appendMemory(Allocators.defaultAllocator().alloc(8));
        b.memset(0, (byte) 3, 16);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<?>> readers = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Buffer mine = b.ref(); // each reader owns a reference; the buffer is read-only now
                readers.add(pool.submit(() -> {
                    try {
                        for (int i = 0; i < 2000; i++) {
                            try (Mapping m = mine.map(MapFlags.READ)) {
                                assertEquals(3, m.segment().get(ValueLayout.JAVA_BYTE, 15));
                            }
                            assertEquals(0, mine.memcmp(8, new byte[] {3, 3, 3}));
                        }
                    } finally {
                        mine.unref();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : readers) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, b.refCount());
        assertEquals(2, b.memoryCount(), "read-only maps merge only temporarily");
        b.unref();
    }

    @Test
    void theRecyclerGetsTheBufferBackInsteadOfItBeingFreed() {
        java.util.List<Buffer> returned = new java.util.ArrayList<>();
        BufferRecycler pool = returned::add;
        Buffer b = Buffer.allocate(16);
        b.setRecycler(pool);
        assertSame(pool, b.recycler());
        b.setPts(5);
        b.ref();
        b.unref();
        assertTrue(returned.isEmpty(), "not the last reference");
        b.unref();
        assertEquals(java.util.List.of(b), returned);
        assertEquals(1, b.refCount(), "the recycler now owns the one reference");
        assertNull(b.recycler(), "cleared until handed out again");
        assertTrue(b.isWritable());
        assertEquals(16, b.size(), "memories kept");
        b.resetForReuse();
        assertEquals(ClockTime.NONE, b.pts());
        b.unref(); // no recycler: really freed
        assertEquals(1, returned.size());
        assertEquals(0, b.refCount());
    }

    @Test
    void resetForReuseKeepsOnlyTagMemoryAndPooledMetas() {
        Buffer b = Buffer.allocate(4);
        b.setFlag(BufferFlag.DISCONT);
        b.setFlag(BufferFlag.TAG_MEMORY);
        b.setPts(1);
        b.setDts(2);
        b.setDuration(3);
        b.setOffset(4);
        b.setOffsetEnd(5);
        b.resetForReuse();
        assertEquals(Set.of(BufferFlag.TAG_MEMORY), b.flags());
        assertEquals(ClockTime.NONE, b.pts());
        assertEquals(ClockTime.NONE, b.dts());
        assertEquals(ClockTime.NONE, b.duration());
        assertEquals(-1, b.offset());
        assertEquals(-1, b.offsetEnd());
        b.unref();
    }

    @Test
    void memoryChangesSetTagMemory() {
        Buffer b = Buffer.allocate(4);
        assertFalse(b.hasFlag(BufferFlag.TAG_MEMORY));
        b.appendMemory(Allocators.defaultAllocator().alloc(4));
        assertTrue(b.hasFlag(BufferFlag.TAG_MEMORY));
        b.unsetFlag(BufferFlag.TAG_MEMORY);
        b.removeMemory(1);
        assertTrue(b.hasFlag(BufferFlag.TAG_MEMORY));
        b.unsetFlag(BufferFlag.TAG_MEMORY);
        b.replaceMemory(0, Allocators.defaultAllocator().alloc(4));
        assertTrue(b.hasFlag(BufferFlag.TAG_MEMORY));
        b.unsetFlag(BufferFlag.TAG_MEMORY);
        Buffer copy = b.copy();
        assertFalse(copy.hasFlag(BufferFlag.TAG_MEMORY), "a copy's memories are not 'changed'");
        copy.unref();
        b.unref();
    }
}
