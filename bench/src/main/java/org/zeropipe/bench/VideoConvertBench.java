package org.zeropipe.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.convert.ConvertSide;
import org.zeropipe.core.video.convert.FramePlanes;
import org.zeropipe.core.video.convert.VideoConverter;

/**
 * The videoconvert kernel on one 1080p frame of noise (GStreamer's "snow"): time per frame
 * for a few format pairs, with one thread and with one thread per processor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dzeropipe.leaks=off")
@State(Scope.Benchmark)
public class VideoConvertBench {

    @Param({"RGBA:I420", "I420:RGBA", "NV12:I420", "RGBA:NV12"})
    public String pair;

    @Param({"1", "0"})
    public int threads;

    private Arena arena;
    private VideoConverter converter;
    private FramePlanes src;
    private FramePlanes dst;

    @Setup
    public void setUp() {
        String[] p = pair.split(":");
        VideoInfo in = VideoInfo.of(VideoFormat.fromCapsName(p[0]).orElseThrow(), 1920, 1080);
        VideoInfo out = VideoInfo.of(VideoFormat.fromCapsName(p[1]).orElseThrow(), 1920, 1080);
        arena = Arena.ofShared();
        src = planes(in, arena.allocate(in.size()));
        dst = planes(out, arena.allocate(out.size()));
        Random r = new Random(1);
        for (MemorySegment s : src.planes()) {
            for (long i = 0; i < s.byteSize(); i++) {
                s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
            }
        }
        converter = VideoConverter.create(ConvertSide.of(in), ConvertSide.of(out));
    }

    private static FramePlanes planes(VideoInfo info, MemorySegment all) {
        MemorySegment[] planes = new MemorySegment[info.planes()];
        int[] strides = new int[planes.length];
        for (int i = 0; i < planes.length; i++) {
            long end = i + 1 < planes.length ? info.offset(i + 1) : info.size();
            planes[i] = all.asSlice(info.offset(i), end - info.offset(i));
            strides[i] = info.stride(i);
        }
        return new FramePlanes(planes, strides, info.width(), info.height());
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void convert() {
        converter.convert(src, dst, threads);
    }
}
