package org.zeropipe.core.caps;

/** The result of comparing two values ({@code GST_VALUE_LESS_THAN} ... {@code GST_VALUE_UNORDERED}). */
public enum ValueOrder {
    LESS_THAN,
    EQUAL,
    GREATER_THAN,
    /** The values cannot be ordered: different types, overlapping sets, or unequal lists. */
    UNORDERED;

    static ValueOrder of(int comparison) {
        return comparison < 0 ? LESS_THAN : comparison > 0 ? GREATER_THAN : EQUAL;
    }
}
