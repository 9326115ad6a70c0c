package org.zeropipe.bench;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;

/**
 * Buffer pool acquire + release: on one thread (must allocate 0 B/op), with a map for writing,
 * on two threads sharing one pool, and handed from a producer thread to a consumer thread
 * that releases it, as across a queue. Compare with {@link BufferBench}, which allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dzeropipe.leaks=off")
public class BufferPoolBench {

    /** An active pool of {@code size}-byte buffers; the leak tracker off, as in production runs. */
    @State(Scope.Benchmark)
    public static class Pool {
        @Param({"4096", "1048576"})
        public int size;

        BufferPool pool;

        @Setup(Level.Trial)
        public void setUp() {
            pool = startPool(size, 4);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stopPool(pool);
        }
    }

    /** A pool shared by the threads of one group. */
    @State(Scope.Group)
    public static class GroupPool {
        @Param({"4096", "1048576"})
        public int size;

        BufferPool pool;
        final SpscRing ring = new SpscRing(8); // fewer than the 16 buffers: acquire never waits

        @Setup(Level.Trial)
        public void setUp() {
            pool = startPool(size, 16);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ring.drain();
            stopPool(pool);
        }
    }

    static BufferPool startPool(int size, int buffers) {
        LeakTracker.setMode(LeakTracker.Mode.OFF); // besides -Dzeropipe.leaks=off: no sampling dice
        BufferPool pool = new BufferPool("bench");
        if (!pool.setConfig(PoolConfig.of(null, size, buffers, buffers)) || !pool.setActive(true)) {
            throw new IllegalStateException("cannot start " + pool);
        }
        return pool;
    }

    static void stopPool(BufferPool pool) {
        if (!pool.setActive(false) || pool.bufferCount() != 0) {
            throw new IllegalStateException("buffers left in " + pool);
        }
    }

    @Benchmark
    public Buffer acquireRelease(Pool p) throws PoolFlushingException {
        Buffer b = p.pool.acquire();
        b.unref();
        return b;
    }

    @Benchmark
    public Buffer acquireMapWriteRelease(Pool p) throws PoolFlushingException {
        Buffer b = p.pool.acquire();
        try (Mapping m = b.map(MapFlags.WRITE)) {
            m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        b.unref();
        return b;
    }

    /** Two threads acquiring and releasing on one pool: the cost of sharing its lock. */
    @Benchmark
    @Group("shared")
    @GroupThreads(2)
    public Buffer sharedAcquireRelease(GroupPool p) throws PoolFlushingException {
        Buffer b = p.pool.acquire();
        b.unref();
        return b;
    }

    /**
     * Acquires and hands the buffer to the consumer thread, spinning while the ring is full.
     * The pool has more buffers than the ring and the two threads can hold, so acquire never
     * waits (a waiting producer could not be stopped when the consumer stops first).
     */
    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void produce(GroupPool p, Control control) throws PoolFlushingException {
        Buffer b = p.pool.acquire();
        while (!p.ring.offer(b)) {
            if (control.stopMeasurement) {
                b.unref();
                return;
            }
            Thread.yield(); // not onSpinWait: on a busy machine the other thread needs this core
        }
    }

    /** Takes a buffer from the producer and releases it: it goes home from this thread. */
    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void consume(GroupPool p, Control control) {
        Buffer b;
        while ((b = p.ring.poll()) == null) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.yield(); // not onSpinWait: on a busy machine the other thread needs this core
        }
        b.unref();
    }
}
