package org.zeropipe.core.video.compositor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The blend arithmetic: ORC's div255, and the vector blend equal to the scalar one bit for bit. */
class BlendTest {

    @Test
    void div255IsOrcsRoundedDivisionAndExactOnMultiplesOf255() {
        for (int v = 0; v < 256; v++) {
            assertEquals(v, Blend.div255(v * 255));
        }
        for (int x = 0; x <= 255 * 255; x++) {
            assertEquals(Math.round(x / 255.0 - 1e-9), Blend.div255(x), "x=" + x); // halves: ORC rounds down
        }
    }

    @Test
    void vectorBlendEqualsScalarBlend() {
        boolean vectors;
        try {
            VectorBlend.create();
            vectors = true;
        } catch (LinkageError | RuntimeException e) {
            vectors = false;
        }
        assumeTrue(vectors, "jdk.incubator.vector not usable here; the scalar blend is used");
        Random r = new Random(7);
        int bytes = 4 * 203; // not a multiple of a vector: the scalar tail runs too
        for (int alpha : new int[] {0, 1, 77, 127, 128, 254, 255}) {
            for (int ai : new int[] {0, 3}) {
                byte[] s = new byte[bytes];
                byte[] d = new byte[bytes];
                r.nextBytes(s);
                r.nextBytes(d);
                for (int i = 0; i < 40; i += 4) {
                    s[i + ai] = (byte) (i < 20 ? 0 : 255); // transparent and opaque pixels too
                }
                byte[] scalar = d.clone();
                Blend.blendRow(s, scalar, 0, bytes, alpha, ai);
                int done = VectorBlend.blendRow(s, d, bytes, alpha, ai);
                Blend.blendRow(s, d, done, bytes, alpha, ai);
                assertArrayEquals(scalar, d, "alpha " + alpha + ", alpha byte " + ai);
            }
        }
    }
}
