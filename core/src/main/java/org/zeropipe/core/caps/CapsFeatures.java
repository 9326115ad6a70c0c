package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The features a caps structure requires, such as {@code memory:GLMemory} or
 * {@code meta:GstVideoOverlayComposition} ({@code GstCapsFeatures}). No features means
 * {@code memory:SystemMemory}; {@link #ANY} matches any features. Immutable.
 */
public final class CapsFeatures {

    public static final String MEMORY_SYSTEM_MEMORY = "memory:SystemMemory";

    /** The default: plain system memory, written as no features at all. */
    public static final CapsFeatures SYSTEM_MEMORY = new CapsFeatures(List.of(), false);

    /** Matches any features, written {@code (ANY)}; caps with it are not fixed. */
    public static final CapsFeatures ANY = new CapsFeatures(List.of(), true);

    private final List<String> names;
    private final boolean any;

    private CapsFeatures(List<String> names, boolean any) {
        this.names = names;
        this.any = any;
    }

    /**
     * Features with these names, duplicates dropped, order kept. Each name is
     * {@code namespace:Name}: letters, a colon, a letter, then letters and digits.
     */
    public static CapsFeatures of(String... names) {
        return of(List.of(names));
    }

    public static CapsFeatures of(List<String> names) {
        List<String> unique = new ArrayList<>(names.size());
        for (String name : names) {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("invalid caps feature '" + name
                        + "': expected namespace:Name, like memory:GLMemory");
            }
            if (!unique.contains(name)) {
                unique.add(name);
            }
        }
        if (unique.isEmpty() || unique.equals(List.of(MEMORY_SYSTEM_MEMORY))) {
            return SYSTEM_MEMORY;
        }
        return new CapsFeatures(List.copyOf(unique), false);
    }

    /** {@code gst_caps_feature_name_is_valid}: {@code [A-Za-z]+:[A-Za-z][A-Za-z0-9]*}. */
    public static boolean isValidName(String name) {
        int colon = name.indexOf(':');
        if (colon <= 0 || colon + 1 >= name.length() || !isLetter(name.charAt(colon + 1))) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            if (!isLetter(name.charAt(i))) {
                return false;
            }
        }
        for (int i = colon + 2; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public boolean isAny() {
        return any;
    }

    /** Whether these are the default features, plain system memory. */
    public boolean isSystemMemory() {
        return !any && names.isEmpty();
    }

    /** The feature names; empty for {@link #ANY} and for {@link #SYSTEM_MEMORY}. */
    public List<String> names() {
        return names;
    }

    public boolean contains(String feature) {
        if (any) {
            return true;
        }
        return names.isEmpty() ? feature.equals(MEMORY_SYSTEM_MEMORY) : names.contains(feature);
    }

    /**
     * GStreamer's feature equality ({@code gst_caps_features_is_equal}): the same set of
     * features, or either side {@link #ANY}. Not transitive, hence not {@link #equals}.
     */
    public boolean matches(CapsFeatures other) {
        return any || other.any || sameSet(other);
    }

    private boolean sameSet(CapsFeatures other) {
        return names.size() == other.names.size() && new HashSet<>(names).containsAll(other.names);
    }

    /** Structural equality: both {@link #ANY}, or neither and the same set of names. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CapsFeatures f && any == f.any && sameSet(f);
    }

    @Override
    public int hashCode() {
        return new HashSet<>(names).hashCode() + (any ? 1 : 0);
    }

    /** {@code ANY}, or the names joined by {@code ", "} as in caps strings. */
    @Override
    public String toString() {
        if (any) {
            return "ANY";
        }
        return names.isEmpty() ? MEMORY_SYSTEM_MEMORY : String.join(", ", names);
    }
}
