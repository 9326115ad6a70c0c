package org.zeropipe.core.audio;

import java.util.Arrays;
import java.util.Objects;

import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Bitmask;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;

/**
 * A fixed raw audio format (GStreamer's {@code GstAudioInfo}): sample format, rate, channels
 * with their positions, and layout. Parsed from and written to {@code audio/x-raw} caps.
 *
 * @param format      the sample format
 * @param rate        frames per second
 * @param channels    samples per frame
 * @param positions   the position of each channel, in internal (mask) order
 * @param interleaved whether samples of a frame are together (else one plane per channel)
 */
public record AudioInfo(AudioFormat format, int rate, int channels, ChannelPosition[] positions, boolean interleaved) {

    public AudioInfo {
        Objects.requireNonNull(format, "format");
        if (rate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("audio needs rate > 0 and channels > 0, not rate " + rate
                    + ", channels " + channels);
        }
        if (positions.length != channels) {
            throw new IllegalArgumentException(positions.length + " positions for " + channels + " channels");
        }
        positions = positions.clone();
    }

    /** Interleaved audio with the fallback positions for {@code channels}. */
    public static AudioInfo of(AudioFormat format, int rate, int channels) {
        long mask = channels == 1 ? 0 : ChannelPosition.fallbackMask(channels);
        return new AudioInfo(format, rate, channels, ChannelPosition.fromMask(mask, channels), true);
    }

    /**
     * The info of fixed {@code audio/x-raw} caps. Throws {@link IllegalArgumentException}
     * naming the field that is missing or wrong.
     */
    public static AudioInfo fromCaps(Caps caps) {
        if (caps == null || caps.isAny() || caps.isEmpty() || caps.size() != 1) {
            throw new IllegalArgumentException("audio info needs one fixed audio/x-raw structure, not " + caps);
        }
        Structure s = caps.structure(0);
        if (!s.hasName("audio/x-raw")) {
            throw new IllegalArgumentException("not raw audio: " + s.name());
        }
        for (String f : new String[] {"format", "rate", "channels"}) {
            if (!s.has(f)) {
                throw new IllegalArgumentException("audio/x-raw caps without '" + f + "': " + caps);
            }
        }
        if (!s.isFixed()) {
            throw new IllegalArgumentException("audio caps are not fixed: " + caps);
        }
        AudioFormat format = AudioFormat.fromCaps(s.getString("format"));
        int rate = s.getInt("rate");
        int channels = s.getInt("channels");
        if (rate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad rate " + rate + " or channels " + channels + " in " + caps);
        }
        long mask;
        if (s.has("channel-mask")) {
            mask = s.getBitmask("channel-mask");
        } else if (channels <= 2) {
            mask = channels == 1 ? 0 : ChannelPosition.fallbackMask(2);
        } else {
            throw new IllegalArgumentException(channels + " channels need a channel-mask: " + caps);
        }
        String layout = s.has("layout") ? s.getString("layout") : "interleaved";
        if (!layout.equals("interleaved") && !layout.equals("non-interleaved")) {
            throw new IllegalArgumentException("audio/x-raw layout must be interleaved or non-interleaved, not '"
                    + layout + "': " + caps);
        }
        boolean interleaved = layout.equals("interleaved");
        return new AudioInfo(format, rate, channels, ChannelPosition.fromMask(mask, channels), interleaved);
    }

    /** The channel-mask (0 for mono or unpositioned). */
    public long channelMask() {
        return ChannelPosition.toMask(positions);
    }

    /** Bytes per frame (bpf). */
    public int bpf() {
        return format.bytes() * channels;
    }

    /** The duration of {@code frames} frames at this rate, rounded down like GStreamer. */
    public long framesToTime(long frames) {
        return scale(frames, ClockTime.SECOND, rate);
    }

    /** The frame at time {@code ns}, rounded down. */
    public long timeToFrames(long ns) {
        return scale(ns, rate, ClockTime.SECOND);
    }

    /** {@code v * num / den} without overflow, rounded down (gst_util_uint64_scale_int). */
    public static long scale(long v, long num, long den) {
        return Math.multiplyHigh(v, num) == 0 && v * num >= 0 ? v * num / den
                : java.math.BigInteger.valueOf(v).multiply(java.math.BigInteger.valueOf(num))
                        .divide(java.math.BigInteger.valueOf(den)).longValueExact();
    }

    /** The caps of this info: {@code audio/x-raw, format, layout, rate, channels[, channel-mask]}. */
    public Caps toCaps() {
        Structure.Builder b = Structure.builder("audio/x-raw")
                .set("format", format.capsName())
                .set("layout", interleaved ? "interleaved" : "non-interleaved")
                .set("rate", rate)
                .set("channels", channels);
        if (channels > 1) {
            b.set("channel-mask", new Bitmask(channelMask()));
        }
        return Caps.of(b.build());
    }

    /** This info with another format, rate or channel layout. */
    public AudioInfo withFormat(AudioFormat f) {
        return new AudioInfo(f, rate, channels, positions, interleaved);
    }

    /** This info interleaved or not. */
    public AudioInfo withInterleaved(boolean i) {
        return new AudioInfo(format, rate, channels, positions, i);
    }

    public AudioInfo withRate(int r) {
        return new AudioInfo(format, r, channels, positions, interleaved);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioInfo i && format == i.format && rate == i.rate && channels == i.channels
                && interleaved == i.interleaved && Arrays.equals(positions, i.positions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, rate, channels, interleaved, Arrays.hashCode(positions));
    }

    @Override
    public String toString() {
        return "AudioInfo[" + format + ", " + rate + " Hz, " + channels + " ch " + Arrays.toString(positions)
                + (interleaved ? "" : ", non-interleaved") + "]";
    }
}
