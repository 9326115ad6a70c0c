package org.zeropipe.core.video.compositor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Blend}'s opaque-destination blend with the Vector API: ORC's 16-bit lane arithmetic
 * (multiply low, div255 with logical shifts) on as many pixels as a vector holds, so the result
 * is the scalar one bit for bit. Only loaded when {@code jdk.incubator.vector} is present.
 */
final class VectorBlend {

    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorShuffle<Short> ALPHA_FIRST = VectorShuffle.fromOp(S, i -> i & ~3);
    private static final VectorShuffle<Short> ALPHA_LAST = VectorShuffle.fromOp(S, i -> (i & ~3) + 3);
    private static final VectorMask<Byte> MASK_FIRST = VectorMask.fromValues(B, lanes(0));
    private static final VectorMask<Byte> MASK_LAST = VectorMask.fromValues(B, lanes(3));

    private VectorBlend() {
    }

    private static boolean[] lanes(int ai) {
        boolean[] m = new boolean[B.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i & 3) == ai;
        }
        return m;
    }

    /** A working instance, or throws if vectors cannot be used here (checked once at load). */
    static VectorBlend create() {
        byte[] s = new byte[B.length()];
        blendRow(s, new byte[s.length], s.length, 128, 3);
        return new VectorBlend();
    }

    private static ShortVector div255(ShortVector x) {
        ShortVector t = x.add((short) 128);
        return t.add(t.lanewise(VectorOperators.LSHR, 8)).lanewise(VectorOperators.LSHR, 8);
    }

    /** Blends whole vectors of pixels; returns how many bytes it did (the scalar code does the rest). */
    static int blendRow(byte[] s, byte[] d, int bytes, int alpha, int ai) {
        VectorShuffle<Short> alphaOf = ai == 0 ? ALPHA_FIRST : ALPHA_LAST;
        VectorMask<Byte> alphaLanes = ai == 0 ? MASK_FIRST : MASK_LAST;
        short a16 = (short) alpha;
        int step = B.length();
        int i = 0;
        for (; i + step <= bytes; i += step) {
            ShortVector sv = (ShortVector) ByteVector.fromArray(B, s, i)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
            ShortVector dv = (ShortVector) ByteVector.fromArray(B, d, i)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
            ShortVector a = div255(sv.rearrange(alphaOf).mul(a16));
            ShortVector inv = a.neg().add((short) 255);
            ShortVector r = div255(sv.mul(a).add(dv.mul(inv)));
            ((ByteVector) r.convertShape(VectorOperators.S2B, B, 0)).blend((byte) -1, alphaLanes).intoArray(d, i);
        }
        return i;
    }
}
