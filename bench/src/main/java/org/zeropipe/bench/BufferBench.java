package org.zeropipe.bench;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;

/**
 * A buffer without a pool: allocate (malloc'd system memory), optionally map for writing and
 * write a byte, release (free). The baseline {@link BufferPoolBench} is measured against.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dzeropipe.leaks=off")
@State(Scope.Thread)
public class BufferBench {

    @Param({"4096", "1048576"})
    public int size;

    @Setup(Level.Trial)
    public void setUp() {
        LeakTracker.setMode(LeakTracker.Mode.OFF);
    }

    @Benchmark
    public Buffer createRelease() {
        Buffer b = Buffer.allocate(size);
        b.unref();
        return b;
    }

    @Benchmark
    public Buffer createMapWriteRelease() {
        Buffer b = Buffer.allocate(size);
        try (Mapping m = b.map(MapFlags.WRITE)) {
            m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        b.unref();
        return b;
    }
}
