package org.zeropipe.core.audio;

import static org.zeropipe.core.audio.ChannelPosition.FRONT_CENTER;
import static org.zeropipe.core.audio.ChannelPosition.FRONT_LEFT;
import static org.zeropipe.core.audio.ChannelPosition.FRONT_RIGHT;
import static org.zeropipe.core.audio.ChannelPosition.LFE1;
import static org.zeropipe.core.audio.ChannelPosition.REAR_LEFT;
import static org.zeropipe.core.audio.ChannelPosition.REAR_RIGHT;
import static org.zeropipe.core.audio.ChannelPosition.SIDE_LEFT;
import static org.zeropipe.core.audio.ChannelPosition.SIDE_RIGHT;

import java.util.Arrays;

/**
 * Conventions for the order of channels in interleaved frames, and reordering between them.
 * zeropipe's internal order is the channel-mask order ({@link #INTERNAL}).
 */
public enum ChannelOrder {
    /** Increasing channel-mask bit: GStreamer's and zeropipe's order. */
    INTERNAL,
    /**
     * WAVE_FORMAT_EXTENSIBLE's order: increasing dwChannelMask bit ({@link #wavBit}). For the
     * front, LFE, back (our REAR) and side positions it equals INTERNAL; the top positions are
     * ranked differently (WAV: top centre before the top front row, and FC between FL and FR).
     */
    WAV,
    /**
     * SMPTE ST 2036-2 / ITU-R BS.2159 order (FLAC, Opus, AC-3 in ISO BMFF): L R C LFE, then the
     * surrounds nearest the listener's side (Ls Rs), then the rear ones (Lrs Rrs). For 5.1 with
     * rear speakers it equals WAV; for 7.1 the side pair comes before the rear pair.
     */
    SMPTE;

    /**
     * {@code positions} (a set, given in internal order) in this convention's order. Positions
     * the convention does not rank keep their internal order after the ranked ones.
     */
    public ChannelPosition[] order(ChannelPosition[] positions) {
        if (this == INTERNAL) {
            return positions.clone();
        }
        if (this == WAV) {
            ChannelPosition[] sorted = positions.clone();
            java.util.Arrays.sort(sorted, java.util.Comparator.comparingInt(p -> wavBit(p) < 0 ? 64 + p.ordinal() : wavBit(p)));
            return sorted;
        }
        ChannelPosition[] rank = {FRONT_LEFT, FRONT_RIGHT, FRONT_CENTER, LFE1, SIDE_LEFT, SIDE_RIGHT, REAR_LEFT, REAR_RIGHT};
        ChannelPosition[] out = new ChannelPosition[positions.length];
        int n = 0;
        for (ChannelPosition r : rank) {
            // Without side speakers the rear pair is the surround pair and follows LFE anyway.
            if (contains(positions, r)) {
                out[n++] = r;
            }
        }
        for (ChannelPosition p : positions) {
            if (!contains(Arrays.copyOf(out, n), p)) {
                out[n++] = p;
            }
        }
        return out;
    }

    /**
     * The bit of {@code p} in WAVE_FORMAT_EXTENSIBLE's dwChannelMask, or -1 when WAV has no such
     * speaker (second LFE, wide, surround, top side, bottom positions).
     */
    public static int wavBit(ChannelPosition p) {
        return switch (p) {
            case FRONT_LEFT -> 0;
            case FRONT_RIGHT -> 1;
            case FRONT_CENTER -> 2;
            case LFE1 -> 3;
            case REAR_LEFT -> 4;
            case REAR_RIGHT -> 5;
            case FRONT_LEFT_OF_CENTER -> 6;
            case FRONT_RIGHT_OF_CENTER -> 7;
            case REAR_CENTER -> 8;
            case SIDE_LEFT -> 9;
            case SIDE_RIGHT -> 10;
            case TOP_CENTER -> 11;
            case TOP_FRONT_LEFT -> 12;
            case TOP_FRONT_CENTER -> 13;
            case TOP_FRONT_RIGHT -> 14;
            case TOP_REAR_LEFT -> 15;
            case TOP_REAR_CENTER -> 16;
            case TOP_REAR_RIGHT -> 17;
            default -> -1;
        };
    }

    private static boolean contains(ChannelPosition[] a, ChannelPosition p) {
        for (ChannelPosition x : a) {
            if (x == p) {
                return true;
            }
        }
        return false;
    }

    /**
     * The reorder map from {@code from} to {@code to} (the same positions in another order):
     * {@code out[i] = in[map[i]]}. Throws when the sets differ.
     */
    public static int[] reorderMap(ChannelPosition[] from, ChannelPosition[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("cannot reorder " + from.length + " channels into " + to.length);
        }
        int[] map = new int[to.length];
        boolean[] used = new boolean[from.length];
        for (int i = 0; i < to.length; i++) {
            int j = -1;
            for (int k = 0; k < from.length; k++) {
                if (!used[k] && from[k] == to[i]) {
                    j = k;
                    break;
                }
            }
            if (j < 0) {
                throw new IllegalArgumentException("position " + to[i] + " is not in " + Arrays.toString(from));
            }
            used[j] = true;
            map[i] = j;
        }
        return map;
    }

    /** Reorders interleaved frames in place: {@code frames} frames of {@code map.length} samples. */
    public static void reorder(double[] samples, int frames, int[] map) {
        int ch = map.length;
        double[] tmp = new double[ch];
        for (int f = 0; f < frames; f++) {
            int base = f * ch;
            for (int c = 0; c < ch; c++) {
                tmp[c] = samples[base + map[c]];
            }
            System.arraycopy(tmp, 0, samples, base, ch);
        }
    }
}
