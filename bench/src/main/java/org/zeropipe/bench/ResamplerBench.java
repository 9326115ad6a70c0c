package org.zeropipe.bench;

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
import org.zeropipe.core.audio.AudioKernels;
import org.zeropipe.core.audio.Resampler;

/**
 * The audio resampler: its kernel (two 64-tap dot products, one output stereo frame) with the
 * Vector API and scalar, and whole 1024-frame stereo buffers 44100 -> 48000 per quality level
 * (ns per buffer; divide by 1115 for ns per output frame).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dzeropipe.leaks=off"})
public class ResamplerBench {

    /** History and coefficients for the kernel. */
    @State(Scope.Thread)
    public static class Kernel {
        final float[] left = new float[4096];
        final float[] right = new float[4096];
        final float[] taps = new float[64 * 160];
        final float[] out = new float[2];
        final AudioKernels vector = AudioKernels.INSTANCE;
        final AudioKernels scalar = new AudioKernels.Scalar();
        int at;

        @Setup
        public void setUp() {
            for (int i = 0; i < left.length; i++) {
                left[i] = (float) Math.sin(i * 0.01);
                right[i] = (float) Math.cos(i * 0.01);
            }
            for (int i = 0; i < taps.length; i++) {
                taps[i] = (float) (1.0 / (1 + i % 64));
            }
        }
    }

    /** A resampler fed 1024-frame stereo buffers. */
    @State(Scope.Thread)
    public static class Stream {
        @Param({"0", "4", "10"})
        public int quality;

        Resampler resampler;
        final float[] in = new float[2048];
        float[] out;

        @Setup
        public void setUp() {
            resampler = new Resampler(44100, 48000, 2, quality);
            out = new float[2 * resampler.maxOutput(1024) + 2];
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) Math.sin(i * 0.03);
            }
        }
    }

    @Benchmark
    public double kernelVector(Kernel k) {
        int at = k.at = (k.at + 37) & 2047;
        k.vector.dot2(k.left, k.right, at, k.taps, (at % 160) * 64, 64, k.out, 0);
        return k.out[0] + k.out[1];
    }

    @Benchmark
    public double kernelScalar(Kernel k) {
        int at = k.at = (k.at + 37) & 2047;
        k.scalar.dot2(k.left, k.right, at, k.taps, (at % 160) * 64, 64, k.out, 0);
        return k.out[0] + k.out[1];
    }

    @Benchmark
    public int buffer(Stream s) {
        return s.resampler.process(s.in, 1024, s.out);
    }
}
