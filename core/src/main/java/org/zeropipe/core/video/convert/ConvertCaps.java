package org.zeropipe.core.video.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;
import org.zeropipe.core.caps.StringValue;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;
import org.zeropipe.core.caps.ValueList;
import org.zeropipe.core.video.VideoColorimetry;
import org.zeropipe.core.video.VideoComponent;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;

/**
 * videoconvert's caps rules, as GStreamer 1.22's {@code gstvideoconvertscale.c}: any format,
 * colorimetry and chroma-site to any (other fields kept); output fixation prefers the input
 * caps themselves (then the element is passthrough), else the format that loses least, and
 * carries the input's colorimetry and chroma-site over where they still apply. Public so that
 * {@code glcolorconvert} negotiates the caps videoconvert would.
 */
public final class ConvertCaps {

    /** The raw formats videoconvert handles, in template order. */
    static final List<String> FORMATS = List.of("RGBA", "BGRA", "ARGB", "ABGR", "RGBx", "BGRx", "xRGB", "xBGR", "RGB",
            "BGR", "I420", "YV12", "NV12", "NV21", "YUY2", "UYVY", "Y444", "GRAY8", "GRAY16_LE", "P010_10LE");

    static final Caps TEMPLATE = Caps.parse("video/x-raw, format=(string){ " + String.join(", ", FORMATS)
            + " }, width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ], framerate=(fraction)[ 0/1, 2147483647/1 ]");

    private ConvertCaps() {
    }

    /** Each system-memory structure without its format, colorimetry and chroma-site. */
    static Caps removeFormatInfo(Caps caps) {
        if (caps.isAny()) {
            return caps;
        }
        Caps.Builder b = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i);
            CapsFeatures f = caps.features(i);
            if (!f.isAny() && f.isSystemMemory()) {
                s = s.without("format").without("colorimetry").without("chroma-site");
            }
            b.add(s, f);
        }
        return b.build().simplify();
    }

    /** Output caps for {@code in} out of {@code othercaps} (what downstream accepts); caps features are kept. */
    public static Caps fixate(Caps in, Caps othercaps) {
        Caps result = othercaps.intersect(in);
        if (result.isEmpty()) {
            result = othercaps;
        }
        result = result.truncate();
        Structure s = result.structure(0);
        VideoInfo inInfo = VideoInfo.fromCaps(in);
        Optional<String> best = bestFormat(inInfo.format(), s.find("format").orElse(null));
        if (best.isPresent()) {
            s = s.with("format", best.get());
        }
        result = Caps.of(s, result.features(0)).fixate();
        if (in.isSubsetOf(result)) {
            return in;
        }
        return transferColorimetry(in, inInfo, result);
    }

    /** The candidate format that loses least from {@code in} (GStreamer's score_value), the first of equals. */
    static Optional<String> bestFormat(VideoFormat in, Value candidates) {
        if (candidates == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        if (candidates instanceof StringValue sv) {
            names.add(sv.value());
        } else if (candidates instanceof ValueList list) {
            for (Value v : list.values()) {
                if (v instanceof StringValue sv) {
                    names.add(sv.value());
                }
            }
        }
        String best = null;
        int minLoss = Integer.MAX_VALUE;
        for (String name : names) {
            Optional<VideoFormat> f = VideoFormat.fromCapsName(name);
            if (f.isEmpty() || PixelCodec.forName(name) == null) {
                continue;
            }
            int loss = loss(in, f.get());
            if (loss < minLoss) {
                minLoss = loss;
                best = name;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int loss(VideoFormat in, VideoFormat t) {
        if (in == t) {
            return 0;
        }
        int loss = 1;
        if (in.kind() != t.kind()) {
            loss += 2;
            if (t.isGray()) {
                loss += 128;
            }
        }
        if (in.hasAlpha() != t.hasAlpha()) {
            loss += 1;
            if (in.hasAlpha()) {
                loss += 8;
            }
        }
        int inH = chroma(in).hSub(), tH = chroma(t).hSub();
        if (inH != tH) {
            loss += 1 + (inH < tH ? 32 : 0);
        }
        int inW = chroma(in).wSub(), tW = chroma(t).wSub();
        if (inW != tW) {
            loss += 1 + (inW < tW ? 16 : 0);
        }
        int inBits = in.component(0).depth(), tBits = t.component(0).depth();
        if (inBits != tBits) {
            loss += 1;
            if (inBits > tBits) {
                loss += 4 + inBits - tBits;
            }
        }
        return loss;
    }

    private static VideoComponent chroma(VideoFormat f) {
        return f.components().size() > 1 ? f.component(1) : new VideoComponent('Y', 0, 0, 8, 0, 1, 0, 0);
    }

    /**
     * GStreamer's transfer_colorimetry_from_input: within one colour family the input's
     * colorimetry as it is; across families the output's default range and matrix with the
     * input's transfer and primaries; the input's chroma-site when the subsampling stays.
     */
    static Caps transferColorimetry(Caps in, VideoInfo inInfo, Caps out) {
        Structure is = in.structure(0);
        Structure os = out.structure(0);
        boolean haveColorimetry = os.has("colorimetry");
        boolean haveSite = os.has("chroma-site");
        if (haveColorimetry && haveSite) {
            return out;
        }
        VideoInfo outInfo = VideoInfo.fromCaps(out);
        if (!haveColorimetry && is.has("colorimetry")) {
            if (inInfo.format().kind() == outInfo.format().kind()) {
                os = os.with("colorimetry", is.getString("colorimetry"));
            } else {
                VideoColorimetry d = outInfo.colorimetry();
                VideoColorimetry c = new VideoColorimetry(d.range(), d.matrix(), inInfo.colorimetry().transfer(),
                        inInfo.colorimetry().primaries());
                Optional<String> text = c.toCapsString();
                if (text.isPresent()) {
                    os = os.with("colorimetry", text.get());
                }
            }
        }
        if (!haveSite && outInfo.format().isYuv() && inInfo.format().isYuv() && is.has("chroma-site")
                && chroma(inInfo.format()).wSub() == chroma(outInfo.format()).wSub()
                && chroma(inInfo.format()).hSub() == chroma(outInfo.format()).hSub()) {
            os = os.with("chroma-site", is.getString("chroma-site"));
        }
        return Caps.of(os, out.features(0));
    }
}
