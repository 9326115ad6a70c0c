package org.zeropipe.core.audio;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AudioKernels} with the Vector API: fused multiply-adds on the widest float vectors of the
 * CPU, one reduction at the end. Only loaded when {@code jdk.incubator.vector} is present.
 */
final class VectorAudioKernels extends AudioKernels {

    private static final VectorSpecies<Float> S = species();

    private static VectorSpecies<Float> species() {
        int bits = Integer.getInteger("zeropipe.audio.vectorbits", 0);
        return bits == 256 ? FloatVector.SPECIES_256 : bits == 128 ? FloatVector.SPECIES_128 : FloatVector.SPECIES_PREFERRED;
    }

    private VectorAudioKernels() {
    }

    static AudioKernels create() {
        VectorAudioKernels k = new VectorAudioKernels();
        float[] probe = new float[2 * S.length()];
        k.dot(probe, 0, probe, 0, probe.length); // fails here, not later, if vectors are unusable
        return k;
    }

    @Override
    public float dot(float[] x, int xo, float[] h, int ho, int n) {
        FloatVector acc = FloatVector.zero(S);
        int k = 0;
        int bound = S.loopBound(n);
        for (; k < bound; k += S.length()) {
            acc = FloatVector.fromArray(S, x, xo + k).fma(FloatVector.fromArray(S, h, ho + k), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; k < n; k++) {
            s += x[xo + k] * h[ho + k];
        }
        return s;
    }

    @Override
    public void dot2(float[] x0, float[] x1, int xo, float[] h, int ho, int n, float[] out, int at) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int k = 0;
        int bound = S.loopBound(n);
        for (; k < bound; k += S.length()) {
            FloatVector c = FloatVector.fromArray(S, h, ho + k);
            a0 = FloatVector.fromArray(S, x0, xo + k).fma(c, a0);
            a1 = FloatVector.fromArray(S, x1, xo + k).fma(c, a1);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        for (; k < n; k++) {
            s0 += x0[xo + k] * h[ho + k];
            s1 += x1[xo + k] * h[ho + k];
        }
        out[at] = s0;
        out[at + 1] = s1;
    }

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** The JDK's vector sine (Intel SVML on x86), accurate to about an ulp. */
    @Override
    public void sinScaled(double[] phase, int n, double amp, double[] out) {
        int i = 0;
        int bound = D.loopBound(n);
        for (; i < bound; i += D.length()) {
            DoubleVector.fromArray(D, phase, i).lanewise(VectorOperators.SIN).mul(amp).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = Math.sin(phase[i]) * amp;
        }
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }
}
