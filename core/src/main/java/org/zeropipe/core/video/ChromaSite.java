package org.zeropipe.core.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Where chroma samples sit relative to luma, GStreamer's {@code GstVideoChromaSite} flags. In
 * caps a name ({@code jpeg}: centred, {@code mpeg2}: horizontally co-sited, {@code cosited}, {@code dv}) or flags
 * joined by '+' ({@code h-cosited+v-cosited}).
 */
public record ChromaSite(int flags) {

    public static final int FLAG_NONE = 1;
    public static final int FLAG_H_COSITED = 2;
    public static final int FLAG_V_COSITED = 4;
    public static final int FLAG_ALT_LINE = 8;

    public static final ChromaSite UNKNOWN = new ChromaSite(0);
    /** Centred in both directions. */
    public static final ChromaSite JPEG = new ChromaSite(FLAG_NONE);
    /** Co-sited horizontally, centred vertically. */
    public static final ChromaSite MPEG2 = new ChromaSite(FLAG_H_COSITED);
    public static final ChromaSite COSITED = new ChromaSite(FLAG_H_COSITED | FLAG_V_COSITED);
    public static final ChromaSite DV = new ChromaSite(FLAG_H_COSITED | FLAG_V_COSITED | FLAG_ALT_LINE);

    private static final String[] FLAG_NAMES = {"none", "h-cosited", "v-cosited", "alt-line"};

    public ChromaSite {
        if ((flags & ~0xf) != 0) {
            throw new IllegalArgumentException("unknown chroma-site flags 0x" + Integer.toHexString(flags));
        }
    }

    /**
     * Parses a caps chroma-site.
     *
     * @throws IllegalArgumentException naming the unknown part
     */
    public static ChromaSite parse(String text) {
        switch (text) {
            case "jpeg": return JPEG;
            case "mpeg2": return MPEG2;
            case "dv": return DV;
            case "cosited": return COSITED;
            case "unknown": return UNKNOWN;
            default: break;
        }
        int flags = 0;
        for (String part : text.split("\\+", -1)) {
            int bit = List.of(FLAG_NAMES).indexOf(part);
            if (bit < 0) {
                throw new IllegalArgumentException("chroma-site '" + text + "': unknown part '" + part
                        + "' (expected jpeg, mpeg2, dv or none/h-cosited/v-cosited/alt-line joined by '+')");
            }
            flags |= 1 << bit;
        }
        if ((flags & FLAG_NONE) != 0 && flags != FLAG_NONE) {
            throw new IllegalArgumentException("chroma-site '" + text + "': 'none' cannot be combined with other flags");
        }
        return new ChromaSite(flags);
    }

    /** The caps text, as GStreamer 1.22 writes it. */
    public String toCapsString() {
        if (equals(JPEG)) {
            return "jpeg";
        } else if (equals(MPEG2)) {
            return "mpeg2";
        } else if (equals(DV)) {
            return "dv";
        } else if (equals(COSITED)) {
            return "cosited";
        } else if (flags == 0) {
            return "unknown";
        }
        List<String> parts = new ArrayList<>();
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                parts.add(FLAG_NAMES[bit]);
            }
        }
        return String.join("+", parts);
    }

    @Override
    public String toString() {
        return toCapsString();
    }
}
