package org.zeropipe.core.caps;

/** How {@link Caps#intersect(Caps, IntersectMode)} orders the structures of the result. */
public enum IntersectMode {
    /**
     * GStreamer's default: results ordered by the sum of both structures' indexes, so both
     * sides' preferences count ({@code GST_CAPS_INTERSECT_ZIG_ZAG}).
     */
    ZIG_ZAG,
    /** Results in the order of the first caps' structures ({@code GST_CAPS_INTERSECT_FIRST}). */
    FIRST
}
