package org.zeropipe.core.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Refcounting, writability, copy, resize and release of memories (GStreamer's gstmemory.c checks). */
class MemoryTest {

    static Memory alloc(long size) {
        return Allocators.defaultAllocator().alloc(size);
    }

    static Memory readOnly(byte[] content) {
        Memory mem = Allocators.defaultAllocator().alloc(content.length,
                AllocationParams.DEFAULT.withFlags(Set.of(MemoryFlag.READONLY)));
        mem.unsetFlag(MemoryFlag.READONLY);
        try (Mapping m = mem.map(MapFlags.WRITE)) {
            m.segment().copyFrom(java.lang.foreign.MemorySegment.ofArray(content));
        }
        mem.setFlag(MemoryFlag.READONLY);
        return mem;
    }

    static byte[] bytes(Memory mem) {
        try (Mapping m = mem.map(MapFlags.READ)) {
            return m.segment().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Test
    void aNewMemoryHasOneReferenceAndIsWritable() {
        Memory mem = alloc(100);
        assertEquals(1, mem.refCount());
        assertTrue(mem.isWritable());
        assertEquals(SystemMemory.TYPE, mem.type());
        assertTrue(mem.isType("SystemMemory"));
        assertEquals("memory:SystemMemory", mem.capsFeature());
        assertEquals(100, mem.size());
        assertEquals(0, mem.offset());
        assertTrue(mem.maxSize() >= 100);
        assertNull(mem.parent());
        mem.unref();
        assertEquals(0, mem.refCount());
        assertTrue(mem.isReleased());
    }

    @Test
    void refAndUnrefCountOwners() {
        Memory mem = alloc(10);
        assertTrue(mem.ref() == mem);
        assertEquals(2, mem.refCount());
        // a second reference is not a second owner: still writable (only exclusive locks share)
        assertTrue(mem.isWritable());
        mem.unref();
        assertEquals(1, mem.refCount());
        assertFalse(mem.isReleased());
        mem.unref();
    }

    @Test
    void copyIsANewWritableMemoryWithTheSameBytes() {
        Memory mem = alloc(4);
        try (Mapping m = mem.map(MapFlags.WRITE)) {
            m.segment().copyFrom(java.lang.foreign.MemorySegment.ofArray(new byte[] {1, 2, 3, 4}));
        }
        Memory copy = mem.copy(0, -1);
        assertNotSame(mem, copy);
        assertEquals(1, mem.refCount());
        assertEquals(1, copy.refCount());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, bytes(copy));
        Memory part = mem.copy(1, 2);
        assertArrayEquals(new byte[] {2, 3}, bytes(part));
        part.unref();
        copy.unref();
        mem.unref();
    }

    @Test
    void zeroSizedMemoryMapsAndCopies() {
        Memory mem = alloc(0);
        try (Mapping m = mem.map(MapFlags.READ)) {
            assertEquals(0, m.size());
        }
        Memory copy = mem.copy(0, -1);
        try (Mapping m = copy.map(MapFlags.READ)) {
            assertEquals(0, m.size());
        }
        copy.unref();
        mem.unref();
    }

    @Test
    void aLargeMemoryIsWritableToTheLastByte() {
        long size = 640 * 480 * 4;
        Memory mem = alloc(size);
        try (Mapping m = mem.map(MapFlags.WRITE)) {
            assertEquals(size, m.size());
            m.segment().set(ValueLayout.JAVA_BYTE, size - 1, (byte) 0xff);
        }
        mem.unref();
    }

    @Test
    void readOnlyMemoryRefusesWriteMapsButItsCopyIsWritable() {
        Memory mem = readOnly("abcdefghijklmnopqrstuvwxyz".getBytes());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.WRITE));
        assertTrue(e.getMessage().contains("READONLY"), e.getMessage());
        assertNull(mem.tryMap(MapFlags.READWRITE));
        // mapping for READ and unmapping does not change the locking state
        mem.map(MapFlags.READ).close();
        assertNull(mem.tryMap(MapFlags.WRITE));

        Memory copy = mem.copy(0, -1);
        assertTrue(mem.hasFlag(MemoryFlag.READONLY));
        assertFalse(copy.hasFlag(MemoryFlag.READONLY));
        try (Mapping m = copy.map(MapFlags.WRITE)) {
            m.segment().set(ValueLayout.JAVA_BYTE, 4, (byte) 'a');
        }
        assertEquals('a', bytes(copy)[4]);
        assertEquals('e', bytes(mem)[4]);
        copy.unref();
        mem.unref();
    }

    @Test
    void resizeMovesTheValidRangeInsideTheBlock() {
        Memory mem = alloc(100);
        long max = mem.maxSize();
        assertThrows(IllegalArgumentException.class, () -> mem.resize(200, 50));
        assertThrows(IllegalArgumentException.class, () -> mem.resize(0, max + 50));
        assertThrows(IllegalArgumentException.class, () -> mem.resize(1, max));
        assertThrows(IllegalArgumentException.class, () -> mem.resize(max, 1));
        assertThrows(IllegalArgumentException.class, () -> mem.resize(0, -1));
        mem.resize(0, 100);
        assertSizes(mem, 0, 100, max);
        mem.resize(0, 50);
        assertSizes(mem, 0, 50, max);
        mem.resize(0, 100);
        mem.resize(1, 99);
        assertSizes(mem, 1, 99, max);
        assertThrows(IllegalArgumentException.class, () -> mem.resize(1, max - 1));
        mem.resize(0, 99);
        assertSizes(mem, 1, 99, max);
        mem.resize(-1, 100);
        assertSizes(mem, 0, 100, max);
        assertThrows(IllegalArgumentException.class, () -> mem.resize(-1, 100), "offset below 0");
        mem.resize(50, 40);
        assertSizes(mem, 50, 40, max);
        mem.resize(-50, 100);
        assertSizes(mem, 0, 100, max);
        mem.resize(0, 0);
        assertSizes(mem, 0, 0, max);
        mem.resize(0, 100);
        assertSizes(mem, 0, 100, max);
        mem.unref();
    }

    private static void assertSizes(Memory mem, long offset, long size, long max) {
        assertEquals(offset, mem.offset());
        assertEquals(size, mem.size());
        assertEquals(max, mem.maxSize());
    }

    @Test
    void resizeClearsTheZeroFlagsItInvalidates() {
        Memory mem = Allocators.defaultAllocator().alloc(100, new AllocationParams(
                Set.of(MemoryFlag.ZERO_PREFIXED, MemoryFlag.ZERO_PADDED), 0, 10, 10));
        mem.resize(-5, 105); // offset shrinks, end stays
        assertTrue(mem.hasFlag(MemoryFlag.ZERO_PREFIXED));
        assertTrue(mem.hasFlag(MemoryFlag.ZERO_PADDED));
        mem.resize(5, 100); // offset grows: the prefix now holds data
        assertFalse(mem.hasFlag(MemoryFlag.ZERO_PREFIXED));
        assertTrue(mem.hasFlag(MemoryFlag.ZERO_PADDED));
        mem.resize(0, 50); // end moves back: the padding now holds data
        assertFalse(mem.hasFlag(MemoryFlag.ZERO_PADDED));
        mem.unref();
    }

    @Test
    void aSharedMemoryCannotBeResized() {
        Memory mem = alloc(10);
        assertTrue(mem.lock(LockFlags.EXCLUSIVE));
        assertTrue(mem.lock(LockFlags.EXCLUSIVE));
        assertFalse(mem.isWritable());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.resize(0, 5));
        assertTrue(e.getMessage().contains("shared"), e.getMessage());
        mem.unlock(LockFlags.EXCLUSIVE);
        assertTrue(mem.isWritable());
        mem.resize(0, 5);
        mem.unlock(LockFlags.EXCLUSIVE);
        mem.unref();
    }

    @Test
    void locksFollowGStreamerExclusivityRules() {
        Memory mem = alloc(10);
        assertTrue(mem.lock(LockFlags.WRITE | LockFlags.EXCLUSIVE));
        assertFalse(mem.lock(LockFlags.EXCLUSIVE), "a second owner while mapped for write");
        assertTrue(mem.lock(LockFlags.WRITE));
        mem.unlock(LockFlags.WRITE | LockFlags.EXCLUSIVE);
        mem.unlock(LockFlags.WRITE);

        assertTrue(mem.lock(LockFlags.READ | LockFlags.EXCLUSIVE));
        assertTrue(mem.lock(LockFlags.READ | LockFlags.EXCLUSIVE));
        mem.unlock(LockFlags.READ | LockFlags.EXCLUSIVE);
        mem.unlock(LockFlags.READ | LockFlags.EXCLUSIVE);

        assertTrue(mem.lock(LockFlags.READWRITE | LockFlags.EXCLUSIVE));
        assertTrue(mem.lock(LockFlags.READ));
        assertFalse(mem.lock(LockFlags.READ | LockFlags.EXCLUSIVE));
        assertFalse(mem.lock(LockFlags.EXCLUSIVE));
        assertTrue(mem.lock(LockFlags.WRITE));
        mem.unlock(LockFlags.WRITE);
        mem.unlock(LockFlags.READ);
        mem.unlock(LockFlags.READWRITE | LockFlags.EXCLUSIVE);

        assertThrows(IllegalStateException.class, () -> mem.unlock(LockFlags.EXCLUSIVE), "unlock without lock");
        assertThrows(IllegalStateException.class, () -> mem.unlock(LockFlags.READ), "unlock without lock");
        assertThrows(IllegalArgumentException.class, () -> mem.lock(64));
        mem.unref();
    }

    @Test
    void twoExclusiveOwnersMakeAMemoryShared() {
        Memory mem = alloc(10);
        assertTrue(mem.lock(LockFlags.EXCLUSIVE));
        assertTrue(mem.isWritable(), "one owner");
        assertTrue(mem.lock(LockFlags.EXCLUSIVE));
        assertFalse(mem.isWritable(), "two owners");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.WRITE));
        assertTrue(e.getMessage().contains("shared"), e.getMessage());
        mem.map(MapFlags.READ).close();
        mem.unlock(LockFlags.EXCLUSIVE);
        mem.unlock(LockFlags.EXCLUSIVE);
        mem.unref();
    }

    @Test
    void doubleReleaseThrowsAndNamesWhereTheMemoryWasAllocated() {
        Memory mem = alloc(10);
        mem.unref();
        IllegalStateException e = assertThrows(IllegalStateException.class, mem::unref);
        assertTrue(e.getMessage().contains("double release"), e.getMessage());
        assertTrue(e.getMessage().contains("MemoryTest.doubleReleaseThrowsAndNamesWhereTheMemoryWasAllocated"),
                e.getMessage());
        assertTrue(e.getMessage().contains("released (unref)"), e.getMessage());
    }

    @Test
    void everyUseAfterReleaseThrows() {
        Memory mem = alloc(10);
        mem.unref();
        assertTrue(assertThrows(IllegalStateException.class, mem::ref).getMessage().contains("released"));
        assertTrue(assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.READ)).getMessage()
                .contains("released"));
        assertNull(mem.tryMap(MapFlags.READ));
        assertThrows(IllegalStateException.class, () -> mem.share(0, 1));
        assertThrows(IllegalStateException.class, () -> mem.copy(0, 1));
        assertThrows(IllegalStateException.class, () -> mem.resize(0, 1));
        assertThrows(IllegalStateException.class, () -> mem.setFlag(MemoryFlag.NO_SHARE));
        assertFalse(mem.lock(LockFlags.EXCLUSIVE));
        assertFalse(mem.isWritable());
    }

    @Test
    void theLastUnrefFreesTheNativeMemoryAtOnce() {
        long before = SystemMemory.liveBytes();
        Memory mem = alloc(1 << 20);
        assertTrue(SystemMemory.liveBytes() >= before + (1 << 20));
        mem.ref();
        mem.unref();
        assertTrue(SystemMemory.liveBytes() >= before + (1 << 20), "one reference left");
        mem.unref();
        assertEquals(before, SystemMemory.liveBytes());
    }

    @Test
    void releasingAMappedMemoryDefersTheFreeToTheLastUnmap() {
        long before = SystemMemory.liveBytes();
        Memory mem = alloc(4096);
        Mapping m = mem.map(MapFlags.WRITE);
        mem.unref(); // released now; the block waits for the mapping
        assertTrue(mem.isReleased());
        assertTrue(SystemMemory.liveBytes() > before);
        m.segment().set(ValueLayout.JAVA_BYTE, 4095, (byte) 1); // still valid: not freed under us
        assertThrows(IllegalStateException.class, () -> mem.map(MapFlags.READ), "no new maps after release");
        assertThrows(IllegalStateException.class, mem::ref);
        m.close();
        assertEquals(before, SystemMemory.liveBytes());
    }

    @Test
    void flagsCanBeSetAndCleared() {
        Memory mem = alloc(1);
        assertEquals(Set.of(), mem.flags());
        mem.setFlag(MemoryFlag.NO_SHARE);
        mem.setFlag(MemoryFlag.PHYSICALLY_CONTIGUOUS);
        assertEquals(Set.of(MemoryFlag.NO_SHARE, MemoryFlag.PHYSICALLY_CONTIGUOUS), mem.flags());
        mem.unsetFlag(MemoryFlag.NO_SHARE);
        assertFalse(mem.hasFlag(MemoryFlag.NO_SHARE));
        assertTrue(mem.toString().contains("PHYSICALLY_CONTIGUOUS"), mem.toString());
        mem.unref();
    }

    @Test
    void aRaceBetweenMappingAndTheFinalUnrefNeverReachesFreedMemory() throws Exception {
        long before = SystemMemory.liveBytes();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 200; round++) {
                Memory mem = alloc(4096);
                CountDownLatch go = new CountDownLatch(1);
                Future<Integer> mapper = pool.submit(() -> {
                    go.await();
                    int maps = 0;
                    for (;;) { // maps without owning a reference: the misuse this test survives
                        Mapping m = mem.tryMap(MapFlags.READ);
                        if (m == null) {
                            return maps;
                        }
                        m.segment().get(ValueLayout.JAVA_LONG, 4088);
                        m.close();
                        maps++;
                    }
                });
                go.countDown();
                Thread.onSpinWait();
                mem.unref();
                mapper.get(60, TimeUnit.SECONDS);
                assertTrue(mem.isReleased());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before, SystemMemory.liveBytes(), "every block freed exactly once");
    }

    @Test
    void referencesAndLocksAreThreadSafe() throws Exception {
        Memory mem = alloc(64);
        int threads = 4;
        int rounds = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?>[] futures = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                futures[t] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        mem.ref();
                        try (Mapping m = mem.map(MapFlags.READ)) {
                            m.segment().get(ValueLayout.JAVA_BYTE, 0);
                        }
                        mem.unref();
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, mem.refCount());
        assertFalse(mem.isMapped());
        mem.unref();
    }
}
