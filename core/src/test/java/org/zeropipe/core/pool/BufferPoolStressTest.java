package org.zeropipe.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeropipe.core.pool.PoolFixtures.activePool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;

/**
 * Several threads acquire and release for about a second each on pools with few buffers:
 * no buffer is handed out twice, counts balance, and everything is freed in the end (the leak
 * checker fails the test otherwise).
 */
class BufferPoolStressTest {

    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
    private static final int SIZE = 64;

    /** What the workers of one test share. */
    private static final class Shared {
        final BufferPool pool;
        // Buffers do not override equals: this is an identity set of the buffers now out.
        final Set<Buffer> out = ConcurrentHashMap.newKeySet();
        final AtomicLong acquired = new AtomicLong();
        final AtomicLong released = new AtomicLong();
        final AtomicLong wouldBlock = new AtomicLong();
        final AtomicLong flushed = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final BlockingQueue<Buffer> handoff = new ArrayBlockingQueue<>(64);

        Shared(BufferPool pool) {
            this.pool = pool;
        }

        void fail(Throwable t) {
            failure.compareAndSet(null, t);
        }

        /** Checks and stamps a buffer just acquired. */
        void took(Buffer b, long stamp) {
            acquired.incrementAndGet();
            if (!out.add(b)) {
                throw new AssertionError(b + " handed out while another thread holds it");
            }
            if (b.size() != SIZE || b.pts() != ClockTime.NONE || !b.isWritable()) {
                throw new AssertionError("not a reset, writable buffer of " + SIZE + " bytes: " + b);
            }
            b.setPts(stamp);
            b.fill(0, bytes(stamp));
        }

        /** Checks nobody else wrote to it, and gives it back to the pool. */
        void release(Buffer b, long stamp) {
            if (b.pts() != stamp || bytesToLong(b.extractBytes(0, 8)) != stamp) {
                throw new AssertionError(b + " was changed by another owner");
            }
            if (!out.remove(b)) {
                throw new AssertionError(b + " released but not out");
            }
            released.incrementAndGet();
            b.unref();
        }
    }

    @Test
    void threadsAcquiringAndReleasingNeverShareABufferAndTheCountsBalance() throws Exception {
        int max = 3;
        Shared s = new Shared(activePool(SIZE, 1, max));
        // Hands some buffers to another thread to release, as a queue element does.
        Thread releaser = new Thread(() -> {
            try {
                for (;;) {
                    Buffer b = s.handoff.poll(10, TimeUnit.MILLISECONDS);
                    if (b != null) {
                        s.release(b, b.pts());
                    } else if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                drain(s);
            } catch (Throwable t) {
                s.fail(t);
            }
        }, "releaser");
        releaser.start();

        long deadline = System.nanoTime() + RUN_NANOS;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            long id = w;
            workers.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    for (long seq = 0; System.nanoTime() < deadline && s.failure.get() == null; seq++) {
                        boolean dontWait = random.nextInt(4) == 0;
                        Buffer b = s.pool.acquire(dontWait ? AcquireParams.DONTWAIT : AcquireParams.DEFAULT);
                        if (b == null) {
                            s.wouldBlock.incrementAndGet();
                            continue;
                        }
                        long stamp = (id << 40) | seq;
                        s.took(b, stamp);
                        if (random.nextBoolean()) {
                            Thread.yield(); // let the others try to grab it
                        }
                        switch (random.nextInt(8)) {
                            case 0 -> { // a changed buffer: discarded, a new one allocated later
                                s.out.remove(b);
                                s.released.incrementAndGet();
                                b.removeAllMemory();
                                b.unref();
                            }
                            case 1, 2 -> s.handoff.put(b);
                            default -> s.release(b, stamp);
                        }
                    }
                } catch (Throwable t) {
                    s.fail(t);
                }
            }));
        }
        for (Thread t : workers) {
            t.join(10_000);
            assertFalse(t.isAlive(), t + " is stuck");
        }
        releaser.interrupt();
        releaser.join(10_000);

        assertNull(s.failure.get(), () -> "a worker failed: " + s.failure.get());
        assertTrue(s.acquired.get() > 100, "the test did work: " + s.acquired.get());
        assertTrue(s.wouldBlock.get() > 0, "DONTWAIT met a full pool at least once");
        assertEquals(s.acquired.get(), s.released.get());
        assertEquals(0, s.pool.outstandingCount());
        assertTrue(s.pool.bufferCount() <= max, "never more than max: " + s.pool);
        assertEquals(s.pool.bufferCount(), s.pool.freeBufferCount(), "all home");
        assertTrue(s.pool.setActive(false));
        assertEquals(0, s.pool.bufferCount());
    }

    @Test
    void flushingAndDeactivatingWhileThreadsWaitLosesNothing() throws Exception {
        Shared s = new Shared(activePool(SIZE, 0, 2));
        long deadline = System.nanoTime() + RUN_NANOS;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            long id = w;
            workers.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                try {
                    for (long seq = 0; s.failure.get() == null; seq++) {
                        Buffer b;
                        try {
                            b = s.pool.acquire();
                        } catch (PoolFlushingException e) {
                            s.flushed.incrementAndGet();
                            if (!s.pool.isActive()) {
                                return; // deactivated: the streaming thread stops
                            }
                            Thread.yield();
                            continue;
                        }
                        long stamp = (id << 40) | seq;
                        s.took(b, stamp);
                        Thread.yield();
                        s.release(b, stamp);
                    }
                } catch (Throwable t) {
                    s.fail(t);
                }
            }));
        }
        // Flush now and then while the workers fight over two buffers, as seeks do.
        while (System.nanoTime() < deadline) {
            s.pool.setFlushing(true);
            Thread.sleep(0, 200_000);
            s.pool.setFlushing(false);
            Thread.sleep(1);
        }
        assertTrue(s.pool.setActive(false), "deactivated while the workers run");
        for (Thread t : workers) {
            t.join(10_000);
            assertFalse(t.isAlive(), t + " was not woken by the deactivation");
        }

        assertNull(s.failure.get(), () -> "a worker failed: " + s.failure.get());
        assertTrue(s.acquired.get() > 100, "the test did work: " + s.acquired.get());
        assertTrue(s.flushed.get() > 3, "flushing was seen: " + s.flushed.get());
        assertEquals(s.acquired.get(), s.released.get());
        assertEquals(0, s.pool.outstandingCount());
        assertEquals(0, s.pool.bufferCount(), "everything freed as it came home");
    }

    private static void drain(Shared s) {
        for (Buffer b; (b = s.handoff.poll()) != null;) {
            s.release(b, b.pts());
        }
    }

    private static byte[] bytes(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    private static long bytesToLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b[i] & 0xFFL) << (8 * i);
        }
        return v;
    }
}
