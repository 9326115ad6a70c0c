package org.zeropipe.core.pipeline;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;

/**
 * Says in words why two caps do not intersect, so a failed link or negotiation never reports
 * a bare "not-negotiated". It walks the structures of both sides and names the closest miss:
 * a media type offered by neither, a caps feature (memory type) that differs, or the first
 * field whose values have nothing in common.
 */
public final class CapsExplainer {

    private CapsExplainer() {
    }

    /** The reason {@code a} and {@code b} do not intersect, or {@code null} if they do. */
    public static String explain(Caps a, Caps b) {
        if (a.canIntersect(b)) {
            return null;
        }
        if (a.isEmpty()) {
            return "the first side accepts no caps at all (EMPTY)";
        }
        if (b.isEmpty()) {
            return "the second side accepts no caps at all (EMPTY)";
        }
        String featureMiss = null;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                Structure s = a.structure(i);
                Structure t = b.structure(j);
                if (!s.name().equals(t.name())) {
                    continue;
                }
                CapsFeatures fs = a.features(i);
                CapsFeatures ft = b.features(j);
                if (!fs.matches(ft)) {
                    if (featureMiss == null) {
                        featureMiss = "caps features differ for " + s.name() + ": " + describe(fs) + " vs " + describe(ft);
                    }
                    continue;
                }
                // Same media type and features: the first field present on both that does not intersect.
                for (String field : s.fieldNames()) {
                    if (!t.has(field)) {
                        continue;
                    }
                    Value v = s.get(field);
                    Value w = t.get(field);
                    if (!Structure.of(s.name()).with(field, v).canIntersect(Structure.of(s.name()).with(field, w))) {
                        return "field '" + field + "' of " + s.name() + " does not intersect: " + fieldText(s.name(), field, v)
                                + " vs " + fieldText(s.name(), field, w);
                    }
                }
            }
        }
        if (featureMiss != null) {
            return featureMiss;
        }
        return "media types differ: " + names(a) + " vs " + names(b);
    }

    /** The message for a link that failed on caps: both pads, both caps and the reason. */
    static String explainLink(Pad src, Caps srcCaps, Pad sink, Caps sinkCaps) {
        return "cannot link " + src.fullName() + " to " + sink.fullName() + ": their caps do not intersect; "
                + explain(srcCaps, sinkCaps) + ". " + src.fullName() + " can produce " + srcCaps + "; "
                + sink.fullName() + " accepts " + sinkCaps;
    }

    /** The message for a negotiation that failed between two pads. */
    public static String explainNegotiation(Pad src, Caps srcCaps, Pad sink, Caps sinkCaps) {
        String why = explain(srcCaps, sinkCaps);
        return "not-negotiated between " + src.fullName() + " and " + sink.fullName() + ": "
                + (why == null ? "the caps intersect but were refused" : why) + ". "
                + src.fullName() + " caps: " + srcCaps + "; " + sink.fullName() + " caps: " + sinkCaps;
    }

    private static String describe(CapsFeatures f) {
        return f.isAny() ? "ANY" : f.isSystemMemory() ? CapsFeatures.MEMORY_SYSTEM_MEMORY : String.join(", ", f.names());
    }

    private static String fieldText(String name, String field, Value v) {
        String s = Structure.of(name).with(field, v).toString();
        int eq = s.indexOf('=');
        String text = eq < 0 ? s : s.substring(eq + 1);
        return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    }

    private static String names(Caps c) {
        if (c.isAny()) {
            return "ANY";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(c.structure(i).name());
        }
        return sb.toString();
    }
}
