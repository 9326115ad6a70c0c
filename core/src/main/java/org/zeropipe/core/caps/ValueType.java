package org.zeropipe.core.caps;

import java.util.Map;
import java.util.Set;

/** The value types caps can carry, named as GStreamer prints them in a {@code (type)} cast. */
public enum ValueType {
    INT("int"),
    UINT("uint"),
    INT64("gint64"),
    UINT64("guint64"),
    DOUBLE("double"),
    BOOLEAN("boolean"),
    STRING("string"),
    FRACTION("fraction"),
    BITMASK("bitmask"),
    FLAG_SET("flagset"),
    INT_RANGE("GstIntRange"),
    INT64_RANGE("GstInt64Range"),
    DOUBLE_RANGE("GstDoubleRange"),
    FRACTION_RANGE("GstFractionRange"),
    LIST("list"),
    ARRAY("array");

    /** Every spelling GStreamer accepts in a cast: its abbreviations and the GType names. */
    private static final Map<String, ValueType> NAMES = Map.ofEntries(
            Map.entry("int", INT), Map.entry("i", INT), Map.entry("gint", INT),
            Map.entry("uint", UINT), Map.entry("u", UINT), Map.entry("guint", UINT),
            Map.entry("gint64", INT64), Map.entry("guint64", UINT64),
            Map.entry("double", DOUBLE), Map.entry("d", DOUBLE), Map.entry("gdouble", DOUBLE),
            Map.entry("boolean", BOOLEAN), Map.entry("bool", BOOLEAN), Map.entry("b", BOOLEAN),
            Map.entry("gboolean", BOOLEAN),
            Map.entry("string", STRING), Map.entry("str", STRING), Map.entry("s", STRING),
            Map.entry("gchararray", STRING),
            Map.entry("fraction", FRACTION), Map.entry("GstFraction", FRACTION),
            Map.entry("bitmask", BITMASK), Map.entry("GstBitmask", BITMASK),
            Map.entry("flagset", FLAG_SET), Map.entry("GstFlagSet", FLAG_SET),
            Map.entry("GstIntRange", INT_RANGE), Map.entry("GstInt64Range", INT64_RANGE),
            Map.entry("GstDoubleRange", DOUBLE_RANGE), Map.entry("GstFractionRange", FRACTION_RANGE),
            Map.entry("list", LIST), Map.entry("GstValueList", LIST),
            Map.entry("array", ARRAY), Map.entry("GstValueArray", ARRAY));

    /** GStreamer types that exist but that zeropipe caps do not carry. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "float", "f", "gfloat", "structure", "GstStructure", "caps", "GstCaps", "date", "GDate",
            "datetime", "GstDateTime", "gdatetime", "GDateTime", "buffer", "GstBuffer", "sample",
            "GstSample", "taglist", "GstTagList", "type", "GType", "glong", "gulong", "guchar",
            "gchar", "GstCapsFeatures", "GstSegment", "GBytes");

    private final String serializedName;

    ValueType(String serializedName) {
        this.serializedName = serializedName;
    }

    /** The name GStreamer prints for this type in a cast, e.g. {@code gint64}. */
    public String serializedName() {
        return serializedName;
    }

    /** The type a cast name stands for, or {@code null} when GStreamer has no such name. */
    static ValueType byName(String name) {
        return NAMES.get(name);
    }

    /** Whether GStreamer knows {@code name} as a type that zeropipe does not support. */
    static boolean isUnsupportedGStreamerType(String name) {
        return UNSUPPORTED.contains(name);
    }

    /** For a range type, the type of its bounds; otherwise the type itself. */
    ValueType boundType() {
        return switch (this) {
            case INT_RANGE -> INT;
            case INT64_RANGE -> INT64;
            case DOUBLE_RANGE -> DOUBLE;
            case FRACTION_RANGE -> FRACTION;
            default -> this;
        };
    }

    boolean isRange() {
        return boundType() != this;
    }
}
