package org.zeropipe.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeropipe.core.pool.PoolFixtures.CAPS;
import static org.zeropipe.core.pool.PoolFixtures.activePool;
import static org.zeropipe.core.pool.PoolFixtures.pool;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.LockFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.meta.MetaFlag;
import org.zeropipe.core.pool.PoolFixtures.CountingAllocator;
import org.zeropipe.core.video.VideoCropMeta;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoMeta;

/**
 * Acquire, return, reset, discard, preallocation, blocking, DONTWAIT, flushing and deactivation:
 * the behaviours of GStreamer's tests/check/gst/gstbufferpool.c and gstbufferpool.c's rules.
 */
class BufferPoolTest {

    // ------------------------------------------------------------------ acquire and recycle

    @Test
    void anEmptyPoolAllocatesABufferOfTheConfiguredSize() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        assertEquals(0, pool.bufferCount());
        Buffer b = pool.acquire();
        assertNotNull(b);
        assertEquals(10, b.size());
        assertTrue(b.isWritable());
        assertEquals(1, pool.bufferCount());
        assertEquals(1, pool.outstandingCount());
        b.unref();
        assertEquals(0, pool.outstandingCount());
        assertTrue(pool.setActive(false));
    }

    @Test
    void aReleasedBufferIsRecycledNotFreedAndFreedWhenThePoolIsDeactivated() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer b = pool.acquire();
        Memory mem = b.peekMemory(0);
        b.unref();
        assertEquals(1, b.refCount(), "alive, owned by the pool");
        assertEquals(1, pool.freeBufferCount());

        Buffer again = pool.acquire();
        assertSame(b, again, "the same buffer, not a fresh one");
        assertSame(mem, again.peekMemory(0), "with the same memory");
        again.unref();

        assertTrue(pool.setActive(false));
        assertEquals(0, b.refCount(), "freed by deactivation");
        assertEquals(0, pool.bufferCount());
    }

    @Test
    void buffersComeBackOutOfOrder() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer b1 = pool.acquire();
        Buffer b2 = pool.acquire();
        assertNotSame(b1, b2);
        b2.unref();
        assertSame(b2, pool.acquire(), "the one released is handed out again");
        b1.unref();
        b2.unref();
        assertEquals(2, pool.freeBufferCount());
        assertTrue(pool.setActive(false));
        assertEquals(0, b1.refCount());
        assertEquals(0, b2.refCount());
    }

    @Test
    void freeBuffersAreHandedOutInTheOrderTheyCameBack() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer b1 = pool.acquire();
        Buffer b2 = pool.acquire();
        b2.unref();
        b1.unref();
        Buffer first = pool.acquire();
        Buffer second = pool.acquire();
        assertSame(b2, first, "FIFO, as GStreamer's queue");
        assertSame(b1, second);
        first.unref();
        second.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void activationPreallocatesTheMinimumAndAcquireUsesThoseFirst() throws PoolFlushingException {
        CountingAllocator allocator = new CountingAllocator();
        BufferPool pool = new BufferPool();
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 64, 3, 0).withAllocator(allocator, null)));
        assertEquals(0, allocator.allocations.get(), "nothing before activation");
        assertTrue(pool.setActive(true));
        assertEquals(3, allocator.allocations.get());
        assertEquals(3, pool.bufferCount());
        assertEquals(3, pool.freeBufferCount());

        Buffer[] out = {pool.acquire(), pool.acquire(), pool.acquire()};
        assertEquals(3, allocator.allocations.get(), "the preallocated ones");
        Buffer fourth = pool.acquire();
        assertEquals(4, allocator.allocations.get(), "then new ones (no maximum)");
        fourth.unref();
        for (Buffer b : out) {
            b.unref();
        }
        assertEquals(4, pool.freeBufferCount());
        assertTrue(pool.setActive(false));
        assertEquals(0, pool.bufferCount());
    }

    @Test
    void aFailedPreallocationLeavesThePoolInactiveAndLeaksNothing() throws PoolFlushingException {
        CountingAllocator allocator = new CountingAllocator();
        allocator.failAt = 3;
        BufferPool pool = new BufferPool();
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 64, 4, 4).withAllocator(allocator, null)));
        assertFalse(pool.setActive(true));
        assertFalse(pool.isActive());
        assertEquals(0, pool.bufferCount(), "the two allocated were freed");
        assertEquals(0, pool.freeBufferCount());
        // the leak checker fails this test if the two buffers or their memories stayed alive

        allocator.failAt = 0;
        assertTrue(pool.setActive(true), "a later activation can succeed");
        assertEquals(4, pool.bufferCount());
        assertTrue(pool.setActive(false));
    }

    @Test
    void anAllocationFailureInAcquireIsThrownAndUncounted() {
        CountingAllocator allocator = new CountingAllocator();
        allocator.failAt = 1;
        BufferPool pool = new BufferPool();
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 64, 0, 1).withAllocator(allocator, null)));
        assertTrue(pool.setActive(true));
        assertThrows(OutOfMemoryError.class, pool::acquire);
        assertEquals(0, pool.bufferCount(), "the reserved place is given back");
        assertEquals(0, pool.outstandingCount());
        assertTrue(pool.setActive(false));
    }

    // ------------------------------------------------------------------ reset

    @Test
    void aBufferComingHomeIsResetFlagsTimesAndUserMetas() throws PoolFlushingException {
        BufferPool pool = activePool(64, 0, 0);
        Buffer b = pool.acquire();
        b.setPts(1);
        b.setDts(2);
        b.setDuration(3);
        b.setOffset(4);
        b.setOffsetEnd(5);
        b.setFlag(BufferFlag.DISCONT);
        b.setFlag(BufferFlag.DELTA_UNIT);
        VideoCropMeta.add(b, 0, 0, 4, 4);
        b.unref();

        Buffer again = pool.acquire();
        assertSame(b, again);
        assertEquals(ClockTime.NONE, again.pts());
        assertEquals(ClockTime.NONE, again.dts());
        assertEquals(ClockTime.NONE, again.duration());
        assertEquals(ClockTime.NONE, again.offset());
        assertEquals(ClockTime.NONE, again.offsetEnd());
        assertEquals(Set.of(), again.flags());
        assertNull(VideoCropMeta.get(again), "a meta the user added is removed");
        again.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void metasAddedWhenAllocatingArePooledAndLockedAndStay() throws PoolFlushingException {
        BufferPool pool = new BufferPool() {
            @Override
            protected Buffer allocBuffer(AcquireParams params) {
                Buffer b = super.allocBuffer(params);
                VideoMeta.add(b, VideoFormat.GRAY8, 8, 8);
                return b;
            }
        };
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 64, 0, 0)));
        assertTrue(pool.setActive(true));
        Buffer b = pool.acquire();
        VideoMeta meta = VideoMeta.get(b);
        assertTrue(meta.hasFlag(MetaFlag.POOLED));
        assertTrue(meta.hasFlag(MetaFlag.LOCKED));
        assertThrows(IllegalStateException.class, () -> b.removeMeta(meta), "locked");
        assertFalse(b.hasFlag(BufferFlag.TAG_MEMORY), "the pool clears the tag after allocating");
        b.unref();
        Buffer again = pool.acquire();
        assertSame(meta, VideoMeta.get(again), "the pooled meta survives the reset");
        again.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void aResizedBufferIsRestoredToThePoolSizeAndReused() throws PoolFlushingException {
        // gstbufferpool.c test_buffer_modify_discard: a resize leaves the memory untouched
        BufferPool pool = activePool(10, 0, 0);
        Buffer b = pool.acquire();
        b.resize(8, 2);
        assertEquals(2, b.size());
        b.unref();
        assertEquals(1, pool.freeBufferCount(), "reused");
        Buffer again = pool.acquire();
        assertSame(b, again);
        assertEquals(10, again.size());
        assertEquals(0, again.sizes().offset());
        again.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void restoringTheSizeKeepsTheAllocationPrefix() throws PoolFlushingException {
        BufferPool pool = new BufferPool();
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 32, 0, 0)
                .withAllocator(null, AllocationParams.DEFAULT.withPrefixPadding(16, 8))));
        assertTrue(pool.setActive(true));
        Buffer b = pool.acquire();
        b.resize(-16, 48); // the user writes a header into the prefix and uses the padding
        assertEquals(0, b.peekMemory(0).offset());
        b.unref();
        Buffer again = pool.acquire();
        assertSame(b, again);
        assertEquals(16, again.peekMemory(0).offset(), "the prefix is kept (GStreamer would eat it)");
        assertEquals(32, again.size());
        again.unref();
        assertTrue(pool.setActive(false));
    }

    // ------------------------------------------------------------------ discard

    @Test
    void aBufferWhoseMemoryWasRemovedIsFreedNotReused() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer b = pool.acquire();
        b.removeAllMemory();
        b.unref();
        assertEquals(0, b.refCount(), "freed");
        assertEquals(0, pool.bufferCount());
        assertEquals(0, pool.freeBufferCount());
        assertTrue(pool.setActive(false));
    }

    @Test
    void aBufferWithAnAddedMemoryIsFreed() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer b = pool.acquire();
        b.appendMemory(Allocators.defaultAllocator().alloc(4));
        b.unref();
        assertEquals(0, b.refCount());
        assertEquals(0, pool.bufferCount());
        assertTrue(pool.setActive(false));
    }

    @Test
    void aBufferWhoseSizeWasNotRestoredIsFreed() throws PoolFlushingException {
        BufferPool pool = new BufferPool() {
            @Override
            protected void resetBuffer(Buffer buffer) {
                buffer.resetForReuse(); // no size restore: the release check must catch it
            }
        };
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 10, 0, 0)));
        assertTrue(pool.setActive(true));
        Buffer b = pool.acquire();
        b.setSize(5);
        b.unref();
        assertEquals(0, b.refCount());
        assertEquals(0, pool.bufferCount());
        assertTrue(pool.setActive(false));
    }

    @Test
    void aMemoryReferenceDoesNotStopReuseButAnExclusiveLockDoes() throws PoolFlushingException {
        // gstbufferpool.c test_buffer_modify_discard, last two parts
        BufferPool pool = activePool(10, 0, 0);
        Buffer b = pool.acquire();
        Memory mem = b.getMemory(0); // a reference, not an owner: the memory stays writable
        b.unref();
        mem.unref();
        assertEquals(1, pool.freeBufferCount(), "reused");

        Buffer again = pool.acquire();
        assertSame(b, again);
        Memory locked = again.getMemory(0);
        assertTrue(locked.lock(LockFlags.EXCLUSIVE)); // a second owner: the memory is shared
        again.unref();
        locked.unlock(LockFlags.EXCLUSIVE);
        locked.unref();
        assertEquals(0, b.refCount(), "freed: its memory was not writable when it came home");
        assertEquals(0, pool.bufferCount());
        assertTrue(pool.setActive(false));
    }

    @Test
    void aBufferWhoseMemoryIsViewedByARegionIsFreed() throws PoolFlushingException {
        BufferPool pool = activePool(64, 0, 0);
        Buffer b = pool.acquire();
        Buffer region = b.copyRegion(BufferCopyFlag.ALL, 0, 10); // a share view of b's memory
        b.unref();
        assertEquals(0, pool.freeBufferCount());
        assertEquals(0, pool.bufferCount());
        region.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void aCopyHoldsItsPooledParentUntilItGoes() throws PoolFlushingException {
        // gstbufferpool.c test_parent_meta
        BufferPool pool = activePool(1, 0, 0);
        Buffer b1 = pool.acquire();
        Memory mem = b1.peekMemory(0);
        Buffer b2 = b1.copy(); // shares the memory; a ParentBufferMeta holds b1
        b1.unref();
        assertEquals(0, pool.freeBufferCount(), "b1 is still held by the copy's meta");
        b2.unref();
        assertEquals(0, b2.refCount());
        assertEquals(1, pool.freeBufferCount(), "b1 came home when the copy went");
        Buffer b3 = pool.acquire();
        assertSame(b1, b3);
        assertSame(mem, b3.peekMemory(0), "with the same memory");
        b3.unref();
        assertTrue(pool.setActive(false));
        assertEquals(0, b1.refCount());
    }

    // ------------------------------------------------------------------ maximum, DONTWAIT, blocking

    @Test
    void dontWaitReturnsNullAtTheMaximumAndABufferOtherwise() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 2);
        Buffer b1 = pool.acquire(AcquireParams.DONTWAIT);
        Buffer b2 = pool.acquire(AcquireParams.DONTWAIT);
        assertNotNull(b1);
        assertNotNull(b2);
        assertNull(pool.acquire(AcquireParams.DONTWAIT), "would block");
        assertEquals(2, pool.bufferCount());
        assertEquals(2, pool.outstandingCount(), "a refused acquire is not counted");
        b1.unref();
        assertSame(b1, pool.acquire(AcquireParams.DONTWAIT));
        b1.unref();
        b2.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void acquireBlocksAtTheMaximumUntilABufferComesHome() throws Exception {
        BufferPool pool = activePool(10, 0, 1);
        Buffer held = pool.acquire();
        CompletableFuture<Buffer> waiting = acquireOnAnotherThread(pool, AcquireParams.DEFAULT);
        assertBlocked(waiting);
        held.unref();
        Buffer got = waiting.get(5, TimeUnit.SECONDS);
        assertSame(held, got, "the buffer that came home");
        got.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void aDiscardedBufferLetsABlockedAcquirerAllocateAnother() throws Exception {
        // gstbufferpool.c test_no_deadlock_for_buffer_discard
        BufferPool pool = activePool(1, 1, 1);
        Buffer b1 = pool.acquire();
        CompletableFuture<Buffer> waiting = acquireOnAnotherThread(pool, AcquireParams.DEFAULT);
        assertBlocked(waiting);
        b1.removeAllMemory();
        b1.unref(); // discarded: not reusable, but its place is free
        Buffer b2 = waiting.get(5, TimeUnit.SECONDS);
        assertNotSame(b1, b2);
        assertEquals(1, b2.size());
        b2.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void aWaitingAcquirerThatIsInterruptedGetsFlushingAndKeepsItsInterrupt() throws Exception {
        BufferPool pool = activePool(10, 0, 1);
        Buffer held = pool.acquire();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                pool.acquire().unref();
                interrupted.complete(false);
            } catch (PoolFlushingException e) {
                interrupted.complete(Thread.currentThread().isInterrupted() && e.getMessage().contains("interrupted"));
            }
        }, "acquirer");
        t.start();
        awaitWaiting(t);
        t.interrupt();
        assertTrue(interrupted.get(5, TimeUnit.SECONDS));
        assertEquals(1, pool.outstandingCount(), "only the held buffer");
        held.unref();
        assertTrue(pool.setActive(false));
    }

    // ------------------------------------------------------------------ flushing and deactivation

    @Test
    void anInactivePoolRefusesWithFlushing() {
        BufferPool pool = pool(10, 0, 0);
        PoolFlushingException e = assertThrows(PoolFlushingException.class, pool::acquire);
        assertSame(pool, e.pool());
        assertTrue(e.getMessage().contains("not active"), e.getMessage());
        assertEquals(0, pool.outstandingCount());
        assertThrows(PoolFlushingException.class, () -> new BufferPool().acquire(), "unconfigured too");
    }

    @Test
    void aFlushingPoolRefusesUntilFlushingStops() throws PoolFlushingException {
        // gstbufferpool.c test_flushing_pool_returns_flushing
        BufferPool pool = activePool(10, 0, 0);
        pool.setFlushing(true);
        assertTrue(pool.isFlushing());
        PoolFlushingException e = assertThrows(PoolFlushingException.class, pool::acquire);
        assertTrue(e.getMessage().contains("is flushing"), e.getMessage());
        pool.setFlushing(false);
        Buffer b = pool.acquire();
        b.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void settingFlushingOnAnInactivePoolIsIgnored() {
        BufferPool pool = pool(10, 0, 0);
        pool.setFlushing(false);
        assertTrue(pool.isFlushing());
        assertThrows(PoolFlushingException.class, pool::acquire);
    }

    @Test
    void flushingWakesBlockedAcquirers() throws Exception {
        BufferPool pool = activePool(10, 0, 1);
        Buffer held = pool.acquire();
        CompletableFuture<Buffer> a = acquireOnAnotherThread(pool, AcquireParams.DEFAULT);
        CompletableFuture<Buffer> b = acquireOnAnotherThread(pool, AcquireParams.DEFAULT);
        assertBlocked(a);
        assertBlocked(b);
        pool.setFlushing(true);
        assertFlushing(a);
        assertFlushing(b);
        assertTrue(pool.isActive(), "flushing does not deactivate");
        assertEquals(1, pool.bufferCount(), "nor free buffers");
        pool.setFlushing(false);
        held.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void deactivationWakesBlockedAcquirers() throws Exception {
        BufferPool pool = activePool(10, 0, 1);
        Buffer held = pool.acquire();
        CompletableFuture<Buffer> waiting = acquireOnAnotherThread(pool, AcquireParams.DEFAULT);
        assertBlocked(waiting);
        assertTrue(pool.setActive(false));
        assertFlushing(waiting);
        held.unref();
        assertEquals(0, pool.bufferCount());
    }

    @Test
    void deactivationWithBuffersOutFreesTheFreeOnesNowAndTheOthersAsTheyComeHome() throws PoolFlushingException {
        BufferPool pool = activePool(10, 2, 0);
        Buffer out1 = pool.acquire();
        Buffer out2 = pool.acquire();
        Buffer back = pool.acquire();
        back.unref();
        assertEquals(1, pool.freeBufferCount());

        assertTrue(pool.setActive(false));
        assertFalse(pool.isActive());
        assertEquals(0, back.refCount(), "the free buffer is freed at once");
        assertEquals(2, pool.bufferCount(), "the two out still exist");
        assertThrows(PoolFlushingException.class, pool::acquire);

        out1.setPts(5);
        out1.unref();
        assertEquals(0, out1.refCount(), "freed as it comes home");
        assertEquals(1, pool.bufferCount());
        out2.unref();
        assertEquals(0, out2.refCount());
        assertEquals(0, pool.bufferCount());
        assertEquals(0, pool.outstandingCount());

        assertTrue(pool.setActive(true), "and the pool can start again");
        assertEquals(2, pool.bufferCount(), "preallocated again");
        assertTrue(pool.setActive(false));
        assertEquals(0, pool.bufferCount());
    }

    @Test
    void reactivatingBeforeTheBuffersComeHomeKeepsThem() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer out = pool.acquire();
        assertTrue(pool.setActive(false));
        assertTrue(pool.setActive(true));
        out.unref();
        assertEquals(1, out.refCount(), "home to an active pool: kept");
        assertSame(out, pool.acquire());
        out.unref();
        assertTrue(pool.setActive(false));
        assertEquals(0, out.refCount());
    }

    // ------------------------------------------------------------------ params and subclasses

    @Test
    void acquireParamsReachTheSubclassHooks() throws PoolFlushingException {
        AtomicReference<AcquireParams> seen = new AtomicReference<>();
        BufferPool pool = new BufferPool() {
            @Override
            protected Buffer acquireBuffer(AcquireParams params) throws PoolFlushingException {
                seen.set(params);
                return super.acquireBuffer(params);
            }
        };
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 16, 0, 0)));
        assertTrue(pool.setActive(true));
        AcquireParams samples = AcquireParams.range(Format.DEFAULT, 480, 960, AcquireFlag.DISCONT, AcquireFlag.KEY_UNIT);
        Buffer b = pool.acquire(samples);
        assertSame(samples, seen.get());
        assertEquals(Format.DEFAULT, seen.get().format());
        assertEquals(480, seen.get().start());
        assertEquals(960, seen.get().stop());
        assertEquals(Set.of(AcquireFlag.DISCONT, AcquireFlag.KEY_UNIT), seen.get().flagSet());
        assertFalse(b.hasFlag(BufferFlag.DISCONT), "the default pool leaves the hints to subclasses");
        b.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void subclassHooksSeeEveryStep() throws PoolFlushingException {
        StringBuilder log = new StringBuilder();
        BufferPool pool = new BufferPool() {
            @Override
            protected boolean start() {
                log.append("start ");
                return super.start();
            }

            @Override
            protected boolean stop() {
                log.append("stop ");
                return super.stop();
            }

            @Override
            protected Buffer allocBuffer(AcquireParams params) {
                log.append("alloc ");
                return super.allocBuffer(params);
            }

            @Override
            protected void resetBuffer(Buffer buffer) {
                log.append("reset ");
                super.resetBuffer(buffer);
            }

            @Override
            protected void releaseBuffer(Buffer buffer) {
                log.append("release ");
                super.releaseBuffer(buffer);
            }

            @Override
            protected void freeBuffer(Buffer buffer) {
                log.append("free ");
                super.freeBuffer(buffer);
            }

            @Override
            protected void flushStart() {
                log.append("flushStart ");
            }

            @Override
            protected void flushStop() {
                log.append("flushStop ");
            }
        };
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 16, 1, 0)));
        assertTrue(pool.setActive(true));
        pool.acquire().unref();
        assertTrue(pool.setActive(false));
        assertEquals("start alloc release flushStop reset release flushStart stop free ", log.toString());
    }

    @Test
    void anActivePoolsFreeBuffersAreLiveForTheLeakCheckerUntilItIsDeactivated() {
        long mark = LeakTracker.mark();
        BufferPool pool = activePool(16, 2, 0);
        assertEquals(4, LeakTracker.liveSince(mark).size(), "two buffers and their memories");
        assertTrue(pool.setActive(false));
        assertEquals(0, LeakTracker.liveSince(mark).size());
    }

    @Test
    void acquireAndReleaseAllocateNothing() throws PoolFlushingException {
        LeakTracker.Mode mode = LeakTracker.mode();
        LeakTracker.setMode(LeakTracker.Mode.OFF); // tracking records every touch; production samples
        BufferPool pool = activePool(256, 1, 2);
        try {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long best = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 5 && best > 0; attempt++) {
                cycle(pool, 20_000);
                long before = threads.getCurrentThreadAllocatedBytes();
                cycle(pool, 20_000);
                best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, best, "bytes allocated by 20000 acquire/release cycles");
        } finally {
            assertTrue(pool.setActive(false));
            LeakTracker.setMode(mode);
        }
    }

    private static void cycle(BufferPool pool, int n) throws PoolFlushingException {
        for (int i = 0; i < n; i++) {
            Buffer b = pool.acquire();
            b.setPts(i);
            b.setFlag(BufferFlag.DELTA_UNIT);
            Buffer dontWait = pool.acquire(AcquireParams.DONTWAIT);
            dontWait.unref();
            b.unref();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static CompletableFuture<Buffer> acquireOnAnotherThread(BufferPool pool, AcquireParams params) {
        CompletableFuture<Buffer> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(pool.acquire(params));
            } catch (PoolFlushingException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "acquirer");
        t.setDaemon(true);
        t.start();
        awaitWaiting(t);
        return result;
    }

    /** Waits until {@code t} waits on a monitor, or fails after 5 s. */
    private static void awaitWaiting(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t + " did not block; state " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    private static void assertBlocked(CompletableFuture<Buffer> acquire) {
        assertFalse(acquire.isDone(), "acquire should still wait");
    }

    private static void assertFlushing(CompletableFuture<Buffer> acquire) throws InterruptedException {
        try {
            Buffer b = acquire.get(5, TimeUnit.SECONDS);
            if (b != null) {
                b.unref();
            }
            throw new AssertionError("acquire returned " + b + " instead of flushing");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof PoolFlushingException, String.valueOf(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the blocked acquirer was not woken", e);
        }
    }
}
