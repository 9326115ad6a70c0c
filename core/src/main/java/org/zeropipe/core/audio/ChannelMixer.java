package org.zeropipe.core.audio;

import java.util.Arrays;

/**
 * The matrix that makes output channels from input channels: {@code out[o] = sum m[o][i] *
 * in[i]}. Same positions pass 1:1 (a reorder when only the order differs); stereo to mono
 * averages (0.5, 0.5) and mono to stereo copies, as GStreamer's channel mixer; other missing
 * positions fold into their side (centre into both fronts at -3 dB, surrounds into the front or
 * side of their side at -3 dB; LFE is dropped), then every row is scaled down by the largest
 * row sum so that nothing clips.
 */
public final class ChannelMixer {

    private static final double M3DB = Math.sqrt(0.5);

    private final double[][] matrix;
    private final int[] permutation; // non-null when the matrix only reorders
    private final boolean identity;

    public ChannelMixer(ChannelPosition[] in, ChannelPosition[] out) {
        matrix = build(in, out);
        permutation = permutationOf(matrix);
        boolean id = permutation != null && in.length == out.length;
        for (int i = 0; id && i < permutation.length; i++) {
            id = permutation[i] == i;
        }
        identity = id;
    }

    public boolean isIdentity() {
        return identity;
    }

    /** The coefficients, {@code [out][in]}. */
    public double[][] matrix() {
        double[][] copy = new double[matrix.length][];
        for (int o = 0; o < matrix.length; o++) {
            copy[o] = matrix[o].clone();
        }
        return copy;
    }

    /** Mixes {@code frames} interleaved frames from {@code in} to {@code out}. */
    public void mix(double[] in, double[] out, int frames) {
        int ic = matrix[0].length;
        int oc = matrix.length;
        if (permutation != null) {
            for (int f = 0; f < frames; f++) {
                for (int o = 0; o < oc; o++) {
                    out[f * oc + o] = in[f * ic + permutation[o]];
                }
            }
            return;
        }
        for (int f = 0; f < frames; f++) {
            int ib = f * ic;
            for (int o = 0; o < oc; o++) {
                double[] row = matrix[o];
                double acc = 0;
                for (int i = 0; i < ic; i++) {
                    acc += row[i] * in[ib + i];
                }
                out[f * oc + o] = acc;
            }
        }
    }

    private static double[][] build(ChannelPosition[] in, ChannelPosition[] out) {
        double[][] m = new double[out.length][in.length];
        boolean unpositioned = Arrays.asList(in).contains(ChannelPosition.NONE) || Arrays.asList(out).contains(ChannelPosition.NONE);
        if (unpositioned) {
            for (int c = 0; c < Math.min(in.length, out.length); c++) {
                m[c][c] = 1; // no positions: channel n to channel n
            }
            return m;
        }
        if (in.length == 1 && in[0] == ChannelPosition.MONO) {
            int placed = 0;
            for (int o = 0; o < out.length; o++) {
                if (out[o] == ChannelPosition.FRONT_LEFT || out[o] == ChannelPosition.FRONT_RIGHT || out[o] == ChannelPosition.MONO) {
                    m[o][0] = 1;
                    placed++;
                }
            }
            if (placed == 0) {
                int fc = indexOf(out, ChannelPosition.FRONT_CENTER);
                m[fc >= 0 ? fc : 0][0] = 1;
            }
            return m;
        }
        if (out.length == 1 && out[0] == ChannelPosition.MONO) {
            int n = 0;
            for (ChannelPosition p : in) {
                n += p.isLfe() ? 0 : 1;
            }
            for (int i = 0; i < in.length; i++) {
                m[0][i] = in[i].isLfe() ? 0 : 1.0 / n;
            }
            return m;
        }
        for (int i = 0; i < in.length; i++) {
            int same = indexOf(out, in[i]);
            if (same >= 0) {
                m[same][i] = 1;
                continue;
            }
            if (in[i].isLfe()) {
                continue;
            }
            int side = in[i].side();
            boolean placed = false;
            for (int o = 0; o < out.length; o++) {
                boolean target = side == 0 ? out[o].side() != 0 && isFront(out[o]) : out[o].side() == side && isFrontOrSide(out[o]);
                if (target) {
                    m[o][i] = M3DB;
                    placed = true;
                }
            }
            if (!placed) {
                int fc = indexOf(out, ChannelPosition.FRONT_CENTER);
                if (fc >= 0) {
                    m[fc][i] = M3DB;
                }
            }
        }
        double maxSum = 0;
        for (double[] row : m) {
            double s = 0;
            for (double v : row) {
                s += v;
            }
            maxSum = Math.max(maxSum, s);
        }
        if (maxSum > 1) {
            for (double[] row : m) {
                for (int i = 0; i < row.length; i++) {
                    row[i] /= maxSum;
                }
            }
        }
        return m;
    }

    private static boolean isFront(ChannelPosition p) {
        return p == ChannelPosition.FRONT_LEFT || p == ChannelPosition.FRONT_RIGHT;
    }

    private static boolean isFrontOrSide(ChannelPosition p) {
        return isFront(p) || p == ChannelPosition.SIDE_LEFT || p == ChannelPosition.SIDE_RIGHT
                || p == ChannelPosition.REAR_LEFT || p == ChannelPosition.REAR_RIGHT;
    }

    private static int indexOf(ChannelPosition[] a, ChannelPosition p) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == p) {
                return i;
            }
        }
        return -1;
    }

    private static int[] permutationOf(double[][] m) {
        int[] perm = new int[m.length];
        for (int o = 0; o < m.length; o++) {
            int one = -1;
            for (int i = 0; i < m[o].length; i++) {
                if (m[o][i] == 1 && one < 0) {
                    one = i;
                } else if (m[o][i] != 0) {
                    return null;
                }
            }
            if (one < 0) {
                return null;
            }
            perm[o] = one;
        }
        return perm;
    }
}
