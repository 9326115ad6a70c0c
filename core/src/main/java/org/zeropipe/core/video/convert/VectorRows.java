package org.zeropipe.core.video.convert;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD versions of the fused kernels' inner loops (jdk.incubator.vector). Only loaded when
 * that module is in the boot layer ({@link #AVAILABLE}); the scalar loops are the fallback and
 * compute the same values.
 */
final class VectorRows {

    /** Whether the Vector API module is there (the class below must not be touched otherwise). */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorRows() {
    }

    /** Holder so that the species are created only when the module is present. */
    static final class Simd {
        static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
        static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(I.length() * 8));

        private Simd() {
        }

        /** One row of packed RGB pixels: Y into bytes, U and V per pixel into ints; returns the first pixel not done. */
        static int rgbRow(int[] p, byte[] yr, int[] u, int[] v, int width, int rs, int gs, int bs, int[][] m) {
            int bound = I.loopBound(width);
            int x = 0;
            for (; x < bound; x += I.length()) {
                IntVector px = IntVector.fromArray(I, p, x);
                IntVector r = px.lanewise(VectorOperators.LSHR, rs).and(0xff);
                IntVector g = px.lanewise(VectorOperators.LSHR, gs).and(0xff);
                IntVector b = px.lanewise(VectorOperators.LSHR, bs).and(0xff);
                IntVector y = r.mul(m[0][0]).add(g.mul(m[0][1])).add(b.mul(m[0][2])).add(m[0][3])
                        .lanewise(VectorOperators.ASHR, 8);
                ((ByteVector) y.convertShape(VectorOperators.I2B, B, 0)).intoArray(yr, x);
                r.mul(m[1][0]).add(g.mul(m[1][1])).add(b.mul(m[1][2])).add(m[1][3])
                        .lanewise(VectorOperators.ASHR, 8).intoArray(u, x);
                r.mul(m[2][0]).add(g.mul(m[2][1])).add(b.mul(m[2][2])).add(m[2][3])
                        .lanewise(VectorOperators.ASHR, 8).intoArray(v, x);
            }
            return x;
        }
    }
}
