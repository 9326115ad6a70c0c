package org.zeropipe.core.audio.elements;

import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.audio.AudioFormat;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.audio.ChannelPosition;
import org.zeropipe.core.caps.Bitmask;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;

/** Caps helpers shared by the audio converters: widening fields and choosing the nearest format. */
final class AudioCaps {

    /** Any format, interleaved or non-interleaved: audioconvert, audiotestsrc. */
    static final Caps ANY_LAYOUT = Caps.parse("audio/x-raw, format=(string){ " + AudioFormat.capsList()
            + " }, layout=(string){ interleaved, non-interleaved }, rate=(int)[ 1, 2147483647 ],"
            + " channels=(int)[ 1, 2147483647 ]");

    private AudioCaps() {
    }

    /**
     * {@code caps} first (no conversion preferred), then each structure with {@code fields}
     * opened to anything the template allows: GStreamer's audioconvert/audioresample
     * transform_caps.
     */
    static Caps widen(Caps caps, Caps template, String... fields) {
        if (caps.isAny()) {
            return template;
        }
        Caps.Builder wide = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i);
            for (String f : fields) {
                s = s.without(f);
            }
            wide.add(s, caps.features(i));
        }
        Caps opened = wide.build().intersect(template, IntersectMode.FIRST);
        return caps.intersect(template, IntersectMode.FIRST).merge(opened).simplify();
    }

    /**
     * Fixates {@code other} nearest to input {@code in}: the input itself when allowed,
     * else the same rate and channels where possible and the closest format (same kind,
     * at least as wide), with a channel-mask for more than two channels.
     */
    static Caps fixateNear(Caps in, Caps other) {
        Caps same = other.intersect(in, IntersectMode.FIRST);
        if (!same.isEmpty()) {
            return same.fixate();
        }
        AudioInfo info = AudioInfo.fromCaps(in);
        Structure s = other.structure(0);
        for (AudioFormat f : preference(info.format())) {
            Caps one = Caps.of(Structure.builder("audio/x-raw").set("format", f.capsName()).build());
            if (Caps.of(s).canIntersect(one)) {
                s = s.fixateFieldString("format", f.capsName());
                break;
            }
        }
        s = s.fixateFieldNearestInt("rate", info.rate());
        s = s.fixateFieldNearestInt("channels", info.channels());
        s = s.fixateFieldString("layout", info.interleaved() ? "interleaved" : "non-interleaved");
        if (s.has("channels") && !s.has("channel-mask")) {
            int ch = s.getInt("channels");
            if (ch == info.channels() && ch > 1) {
                s = s.with("channel-mask", new Bitmask(info.channelMask()));
            } else if (ch > 2) {
                s = s.with("channel-mask", new Bitmask(ChannelPosition.fallbackMask(ch)));
            }
        }
        return Caps.of(s).fixate();
    }

    /** Formats in the order to prefer for input format {@code f}. */
    private static List<AudioFormat> preference(AudioFormat f) {
        List<AudioFormat> order = new ArrayList<>(List.of(f));
        for (AudioFormat c : AudioFormat.values()) {
            if (c.isFloat() == f.isFloat() && c.width() >= f.width() && !order.contains(c)) {
                order.add(c);
            }
        }
        for (AudioFormat c : AudioFormat.values()) {
            if (c.isFloat() && !order.contains(c)) {
                order.add(c);
            }
        }
        for (int i = AudioFormat.values().length - 1; i >= 0; i--) {
            AudioFormat c = AudioFormat.values()[i];
            if (!order.contains(c)) {
                order.add(c); // narrower integers last, widest first
            }
        }
        return order;
    }
}
