package org.zeropipe.core.video.convert;

/**
 * A 4x4 affine colour matrix in doubles, rows (Y/R, U/G, V/B, 1) by columns (three inputs and
 * the constant). Built step by step as GStreamer's {@code video-converter.c} builds its
 * {@code MatrixData}, so that the integer matrix rounded from it is the same one.
 */
final class Mat4 {

    final double[][] m = new double[4][4];

    Mat4() {
        for (int i = 0; i < 4; i++) {
            m[i][i] = 1;
        }
    }

    /** this = a * this. */
    Mat4 leftMultiply(double[][] a) {
        double[][] t = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double x = 0;
                for (int k = 0; k < 4; k++) {
                    x += a[i][k] * m[k][j];
                }
                t[i][j] = x;
            }
        }
        for (int i = 0; i < 4; i++) {
            System.arraycopy(t[i], 0, m[i], 0, 4);
        }
        return this;
    }

    Mat4 offset(double a1, double a2, double a3) {
        double[][] a = identity();
        a[0][3] = a1;
        a[1][3] = a2;
        a[2][3] = a3;
        return leftMultiply(a);
    }

    Mat4 scale(double a1, double a2, double a3) {
        double[][] a = identity();
        a[0][0] = a1;
        a[1][1] = a2;
        a[2][2] = a3;
        return leftMultiply(a);
    }

    /** Y'CbCr to R'G'B' with the matrix's Kr and Kb, components in [0, 1] and [-0.5, 0.5]. */
    Mat4 yuvToRgb(double kr, double kb) {
        double kg = 1.0 - kr - kb;
        return leftMultiply(new double[][] {
            {1., 0., 2 * (1 - kr), 0.},
            {1., -2 * kb * (1 - kb) / kg, -2 * kr * (1 - kr) / kg, 0.},
            {1., 2 * (1 - kb), 0., 0.},
            {0., 0., 0., 1.}});
    }

    /** R'G'B' to Y'CbCr. */
    Mat4 rgbToYuv(double kr, double kb) {
        double kg = 1.0 - kr - kb;
        double[][] k = new double[4][4];
        k[0][0] = kr;
        k[0][1] = kg;
        k[0][2] = kb;
        double x = 1 / (2 * (1 - kb));
        k[1][0] = -x * kr;
        k[1][1] = -x * kg;
        k[1][2] = x * (1 - kb);
        x = 1 / (2 * (1 - kr));
        k[2][0] = x * (1 - kr);
        k[2][1] = -x * kg;
        k[2][2] = -x * kb;
        k[3][3] = 1;
        return leftMultiply(k);
    }

    /** The matrix rounded to integers (C's {@code rint}: halves to even). */
    int[][] rint() {
        int[][] r = new int[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                r[i][j] = (int) Math.rint(m[i][j]);
            }
        }
        return r;
    }

    private static double[][] identity() {
        double[][] a = new double[4][4];
        for (int i = 0; i < 4; i++) {
            a[i][i] = 1;
        }
        return a;
    }
}
