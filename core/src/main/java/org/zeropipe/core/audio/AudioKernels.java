package org.zeropipe.core.audio;

/**
 * The hot loops of the audio elements: the resampler's inner product {@code sum x[xo + k] *
 * h[ho + k]} and the test source's {@code sin(phase) * amp}. Two implementations:
 * SIMD through the Vector API when the JVM runs with {@code --add-modules
 * jdk.incubator.vector} (the {@code zeropipe} launcher and the tests do), else scalar with four
 * partial sums. {@link #INSTANCE} is picked once.
 */
public abstract class AudioKernels {

    /** The kernel this JVM uses. */
    public static final AudioKernels INSTANCE = pick();

    /** The dot product of {@code n} floats. */
    public abstract float dot(float[] x, int xo, float[] h, int ho, int n);

    /** Two dot products against the same coefficients (two channels), into {@code out[at]} and {@code out[at + 1]}. */
    public abstract void dot2(float[] x0, float[] x1, int xo, float[] h, int ho, int n, float[] out, int at);

    /** {@code out[i] = sin(phase[i]) * amp} for i < n (within an ulp or two of {@link Math#sin}). */
    public abstract void sinScaled(double[] phase, int n, double amp, double[] out);

    /** A short name for reports: {@code vector-512}, {@code scalar}. */
    public abstract String name();

    private static AudioKernels pick() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !Boolean.getBoolean("zeropipe.audio.scalar")) {
            try {
                return VectorAudioKernels.create();
            } catch (LinkageError | RuntimeException e) {
                return new Scalar();
            }
        }
        return new Scalar();
    }

    /** Scalar: four independent partial sums so the CPU can overlap the multiply-adds. */
    public static final class Scalar extends AudioKernels {
        @Override
        public float dot(float[] x, int xo, float[] h, int ho, int n) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int k = 0;
            for (; k + 3 < n; k += 4) {
                s0 += x[xo + k] * h[ho + k];
                s1 += x[xo + k + 1] * h[ho + k + 1];
                s2 += x[xo + k + 2] * h[ho + k + 2];
                s3 += x[xo + k + 3] * h[ho + k + 3];
            }
            for (; k < n; k++) {
                s0 += x[xo + k] * h[ho + k];
            }
            return (s0 + s1) + (s2 + s3);
        }

        @Override
        public void dot2(float[] x0, float[] x1, int xo, float[] h, int ho, int n, float[] out, int at) {
            out[at] = dot(x0, xo, h, ho, n);
            out[at + 1] = dot(x1, xo, h, ho, n);
        }

        @Override
        public void sinScaled(double[] phase, int n, double amp, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] = Math.sin(phase[i]) * amp;
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
