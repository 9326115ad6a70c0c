package org.zeropipe.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.zeropipe.core.caps.Caps;

/**
 * Parse, intersect, fixate and print the caps of a typical video negotiation: a source that
 * offers system-memory and GL formats over ranges, and a sink that wants a few concrete formats.
 * {@code bench/scripts/gst-caps-bench.py} times the same operations on GStreamer.
 *
 * <pre>
 * mvn -q -DskipTests -pl bench -am package
 * java -cp bench/target/classes:core/target/classes:$(cat bench/target/runtime-classpath.txt) \
 *     org.openjdk.jmh.Main CapsBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CapsBench {

    /** What a decoder or camera source typically offers. */
    public static final String SOURCE = "video/x-raw, format=(string){ I420, NV12, YUY2, RGBA, BGRA }, "
            + "width=(int)[ 1, 4096 ], height=(int)[ 1, 2160 ], framerate=(fraction)[ 0/1, 120/1 ], "
            + "pixel-aspect-ratio=(fraction)1/1; video/x-raw(memory:GLMemory), format=(string){ RGBA, NV12 }, "
            + "width=(int)[ 1, 8192 ], height=(int)[ 1, 8192 ], framerate=(fraction)[ 0/1, 2147483647/1 ]";

    /** What a display sink typically accepts. */
    public static final String SINK = "video/x-raw(memory:GLMemory), format=(string)RGBA, width=(int)1920, "
            + "height=(int)1080, framerate=(fraction){ 60/1, 30/1 }; video/x-raw, format=(string){ NV12, I420 }, "
            + "width=(int)[ 640, 1920 ], height=(int)[ 480, 1080 ], framerate=(fraction)30/1";

    private Caps source;
    private Caps sink;
    private Caps common;

    @Setup
    public void setUp() {
        source = Caps.parse(SOURCE);
        sink = Caps.parse(SINK);
        common = source.intersect(sink);
    }

    @Benchmark
    public Caps parse() {
        return Caps.parse(SOURCE);
    }

    @Benchmark
    public Caps intersect() {
        return source.intersect(sink);
    }

    @Benchmark
    public Caps fixate() {
        return common.fixate();
    }

    @Benchmark
    public String print() {
        return source.toString();
    }

    @Benchmark
    public boolean isSubset() {
        return sink.isSubsetOf(source);
    }
}
