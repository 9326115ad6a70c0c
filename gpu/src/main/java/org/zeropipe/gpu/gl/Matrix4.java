package org.zeropipe.gpu.gl;

import java.util.Arrays;

/**
 * A 4x4 float matrix for vertex transforms, column-major as GL's {@code uniform mat4} takes it,
 * acting on column vectors ({@code p' = M p}): {@code a.times(b)} applies {@code b} first.
 * Angles in degrees, as GStreamer's (graphene's) properties give them. Immutable.
 */
public final class Matrix4 {

    public static final Matrix4 IDENTITY = new Matrix4(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});

    private final float[] m; // m[col * 4 + row]

    private Matrix4(float[] m) {
        this.m = m;
    }

    /** Element at (row, col). */
    public float get(int row, int col) {
        return m[col * 4 + row];
    }

    /** The 16 values, column-major (for {@code glUniformMatrix4fv} without transpose). */
    public float[] toArray() {
        return m.clone();
    }

    public Matrix4 times(Matrix4 o) {
        float[] r = new float[16];
        for (int col = 0; col < 4; col++) {
            for (int row = 0; row < 4; row++) {
                float s = 0;
                for (int k = 0; k < 4; k++) {
                    s += get(row, k) * o.get(k, col);
                }
                r[col * 4 + row] = s;
            }
        }
        return new Matrix4(r);
    }

    /** {@code (x, y, z, 1)} transformed, after the perspective division: {x, y, z}. */
    public float[] transformPoint(float x, float y, float z) {
        float[] v = {x, y, z, 1};
        float[] r = new float[4];
        for (int row = 0; row < 4; row++) {
            r[row] = get(row, 0) * v[0] + get(row, 1) * v[1] + get(row, 2) * v[2] + get(row, 3) * v[3];
        }
        return new float[] {r[0] / r[3], r[1] / r[3], r[2] / r[3]};
    }

    private static Matrix4 rows(float... rowMajor) {
        float[] r = new float[16];
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 4; col++) {
                r[col * 4 + row] = rowMajor[row * 4 + col];
            }
        }
        return new Matrix4(r);
    }

    public static Matrix4 translation(float x, float y, float z) {
        return rows(1, 0, 0, x, 0, 1, 0, y, 0, 0, 1, z, 0, 0, 0, 1);
    }

    public static Matrix4 scaling(float x, float y, float z) {
        return rows(x, 0, 0, 0, 0, y, 0, 0, 0, 0, z, 0, 0, 0, 0, 1);
    }

    /** Counter-clockwise about the x axis looking from +x towards the origin. */
    public static Matrix4 rotationX(double degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return rows(1, 0, 0, 0, 0, c, -s, 0, 0, s, c, 0, 0, 0, 0, 1);
    }

    public static Matrix4 rotationY(double degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return rows(c, 0, s, 0, 0, 1, 0, 0, -s, 0, c, 0, 0, 0, 0, 1);
    }

    public static Matrix4 rotationZ(double degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return rows(c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    }

    /** {@code gluPerspective}: vertical field of view, width / height, near and far planes (> 0). */
    public static Matrix4 perspective(double fovYDegrees, double aspect, float near, float far) {
        float f = (float) (1 / Math.tan(Math.toRadians(fovYDegrees) / 2));
        return rows(f / (float) aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) / (near - far), 2 * far * near / (near - far),
                0, 0, -1, 0);
    }

    /** {@code glOrtho}. */
    public static Matrix4 ortho(float left, float right, float bottom, float top, float near, float far) {
        return rows(2 / (right - left), 0, 0, -(right + left) / (right - left), 0, 2 / (top - bottom), 0,
                -(top + bottom) / (top - bottom), 0, 0, -2 / (far - near), -(far + near) / (far - near), 0, 0, 0, 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix4 other && Arrays.equals(m, other.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix4[");
        for (int row = 0; row < 4; row++) {
            sb.append(row == 0 ? "" : "; ");
            for (int col = 0; col < 4; col++) {
                sb.append(col == 0 ? "" : " ").append(get(row, col));
            }
        }
        return sb.append(']').toString();
    }
}
