package org.zeropipe.core.audio;

import java.util.Arrays;

/**
 * A loudspeaker position (GStreamer's {@code GstAudioChannelPosition}). The ordinal of the
 * positioned ones is the bit in the caps' {@code channel-mask}; the channels of a stream with a
 * mask are in increasing bit order. That order is zeropipe's unified internal order (it is
 * also WAVE_FORMAT_EXTENSIBLE's order for the positions WAV knows); {@link ChannelOrder}
 * reorders from and to other conventions.
 */
public enum ChannelPosition {
    FRONT_LEFT, FRONT_RIGHT, FRONT_CENTER, LFE1, REAR_LEFT, REAR_RIGHT, FRONT_LEFT_OF_CENTER,
    FRONT_RIGHT_OF_CENTER, REAR_CENTER, LFE2, SIDE_LEFT, SIDE_RIGHT, TOP_FRONT_LEFT, TOP_FRONT_RIGHT,
    TOP_FRONT_CENTER, TOP_CENTER, TOP_REAR_LEFT, TOP_REAR_RIGHT, TOP_SIDE_LEFT, TOP_SIDE_RIGHT,
    TOP_REAR_CENTER, BOTTOM_FRONT_CENTER, BOTTOM_FRONT_LEFT, BOTTOM_FRONT_RIGHT, WIDE_LEFT, WIDE_RIGHT,
    SURROUND_LEFT, SURROUND_RIGHT,
    /** The one channel of a mono stream (no mask). */
    MONO,
    /** Unpositioned: channel-mask 0 with more than one channel. */
    NONE;

    /** The channel-mask bit of this position (0 for MONO and NONE). */
    public long bit() {
        return ordinal() < MONO.ordinal() ? 1L << ordinal() : 0;
    }

    /** Whether this position is on the left, right or middle (-1, 1, 0): for mixing. */
    int side() {
        String n = name();
        if (n.endsWith("_LEFT") || n.endsWith("LEFT_OF_CENTER")) {
            return -1;
        }
        if (n.endsWith("_RIGHT") || n.endsWith("RIGHT_OF_CENTER")) {
            return 1;
        }
        return 0;
    }

    /** Whether this is a low-frequency (subwoofer) channel. */
    boolean isLfe() {
        return this == LFE1 || this == LFE2;
    }

    /** The positions of a channel-mask, in mask (internal) order. */
    public static ChannelPosition[] fromMask(long mask, int channels) {
        if (channels == 1 && mask == 0) {
            return new ChannelPosition[] {MONO};
        }
        if (mask == 0) {
            ChannelPosition[] none = new ChannelPosition[channels];
            Arrays.fill(none, NONE);
            return none;
        }
        if (Long.bitCount(mask) != channels || Long.numberOfLeadingZeros(mask) < 64 - MONO.ordinal()) {
            throw new IllegalArgumentException("channel-mask 0x" + Long.toHexString(mask) + " does not describe "
                    + channels + " positioned channels");
        }
        ChannelPosition[] p = new ChannelPosition[channels];
        int i = 0;
        for (ChannelPosition c : values()) {
            if ((mask & c.bit()) != 0) {
                p[i++] = c;
            }
        }
        return p;
    }

    /** The mask of {@code positions} (0 for mono or unpositioned). */
    public static long toMask(ChannelPosition[] positions) {
        long m = 0;
        for (ChannelPosition p : positions) {
            m |= p.bit();
        }
        return m;
    }

    /**
     * GStreamer's fallback mask for a channel count ({@code gst_audio_channel_get_fallback_mask}):
     * stereo, 2.1, quad, 5.0, 5.1, 6.1, 7.1; 0 when there is none.
     */
    public static long fallbackMask(int channels) {
        long fl = FRONT_LEFT.bit(), fr = FRONT_RIGHT.bit(), fc = FRONT_CENTER.bit(), lfe = LFE1.bit();
        long rl = REAR_LEFT.bit(), rr = REAR_RIGHT.bit(), rc = REAR_CENTER.bit(), sl = SIDE_LEFT.bit(), sr = SIDE_RIGHT.bit();
        return switch (channels) {
            case 2 -> fl | fr;
            case 3 -> fl | fr | lfe;
            case 4 -> fl | fr | rl | rr;
            case 5 -> fl | fr | fc | rl | rr;
            case 6 -> fl | fr | fc | lfe | rl | rr;
            case 7 -> fl | fr | fc | lfe | rc | sl | sr;
            case 8 -> fl | fr | fc | lfe | rl | rr | sl | sr;
            default -> 0;
        };
    }
}
