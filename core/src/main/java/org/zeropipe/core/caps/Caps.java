package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Capabilities: a set of media formats, GStreamer's {@code GstCaps}. Either {@link #ANY} (every
 * format), {@link #EMPTY} (none), or a list of {@link Structure}s, each with its
 * {@link CapsFeatures}; the formats are the union of the structures', earlier ones preferred.
 *
 * <p>Caps are immutable, so they can be shared between threads and pads without GStreamer's
 * copy-on-write: every operation returns new caps. {@link #parse} reads GStreamer's caps syntax
 * and {@link #toString} prints GStreamer's canonical form, character for character. The algebra
 * follows {@code gstcaps.c}; {@link #equals} is {@code gst_caps_is_equal}, i.e. "the same set of
 * formats", so {@code video/x-raw, width=(int){ 1, 2 }} equals {@code video/x-raw, width=(int)[ 1, 2 ]}.
 */
public final class Caps {

    /** Every format. */
    public static final Caps ANY = new Caps(List.of(), true);

    /** No format at all. */
    public static final Caps EMPTY = new Caps(List.of(), false);

    /** One structure of caps and the features it requires. */
    record Entry(Structure structure, CapsFeatures features) {
        Entry {
            Objects.requireNonNull(structure, "structure");
            Objects.requireNonNull(features, "features");
        }
    }

    private final List<Entry> entries;
    private final boolean any;

    private Caps(List<Entry> entries, boolean any) {
        this.entries = entries;
        this.any = any;
    }

    static Caps of(List<Entry> entries) {
        return entries.isEmpty() ? EMPTY : new Caps(List.copyOf(entries), false);
    }

    /**
     * Reads caps written in GStreamer's syntax, e.g.
     * {@code video/x-raw(memory:GLMemory), format=(string){ RGBA, BGRA }, width=[ 1, 4096 ]}.
     *
     * @throws CapsParseException naming the position and what was expected there
     */
    public static Caps parse(String caps) {
        return CapsParser.parse(caps);
    }

    /** Caps of these structures in system memory. */
    public static Caps of(Structure... structures) {
        Builder b = builder();
        for (Structure s : structures) {
            b.add(s);
        }
        return b.build();
    }

    /** Caps of one structure with the given features. */
    public static Caps of(Structure structure, CapsFeatures features) {
        return builder().add(structure, features).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isAny() {
        return any;
    }

    /** Whether these caps allow no format at all (ANY is not empty). */
    public boolean isEmpty() {
        return !any && entries.isEmpty();
    }

    /** The number of structures; 0 for ANY and EMPTY. */
    public int size() {
        return entries.size();
    }

    public Structure structure(int index) {
        return entries.get(index).structure();
    }

    public CapsFeatures features(int index) {
        return entries.get(index).features();
    }

    Entry entry(int index) {
        return entries.get(index);
    }

    List<Entry> entries() {
        return entries;
    }

    /** Exactly one format: one structure, no ANY features, every field fixed. */
    public boolean isFixed() {
        return entries.size() == 1 && !features(0).isAny() && structure(0).isFixed();
    }

    /** The formats in both, ordered GStreamer's default (zig-zag) way. */
    public Caps intersect(Caps other) {
        return CapsAlgebra.intersect(this, other, IntersectMode.ZIG_ZAG);
    }

    public Caps intersect(Caps other, IntersectMode mode) {
        return CapsAlgebra.intersect(this, other, Objects.requireNonNull(mode, "mode"));
    }

    /** Whether {@link #intersect} would not be empty; cheaper than computing it. */
    public boolean canIntersect(Caps other) {
        return CapsAlgebra.canIntersect(this, other);
    }

    /** Whether every format of these caps is a format of {@code superset}. */
    public boolean isSubsetOf(Caps superset) {
        return CapsAlgebra.isSubset(this, superset);
    }

    /** {@code gst_caps_is_always_compatible}: the same as {@link #isSubsetOf}. */
    public boolean isAlwaysCompatible(Caps other) {
        return CapsAlgebra.isSubset(this, other);
    }

    /**
     * The formats of these caps that are not in {@code subtrahend}, simplified. Approximate
     * where GStreamer's is (closed double and fraction ranges cannot have holes).
     *
     * @throws IllegalArgumentException when these caps are ANY or hold ANY features and
     *     {@code subtrahend} is neither ANY nor EMPTY: GStreamer leaves that undefined
     */
    public Caps subtract(Caps subtrahend) {
        return CapsAlgebra.subtract(this, subtrahend);
    }

    /** The same formats with every list expanded into its own structure. */
    public Caps normalize() {
        return CapsAlgebra.normalize(this);
    }

    /** The same formats in fewer structures where GStreamer can merge them; the order changes. */
    public Caps simplify() {
        return CapsAlgebra.simplify(this);
    }

    /** These caps followed by the structures of {@code other} that they do not already hold. */
    public Caps merge(Caps other) {
        return CapsAlgebra.merge(this, other);
    }

    /** These caps followed by all structures of {@code other}; ANY if either is. */
    public Caps append(Caps other) {
        if (any || other.any) {
            return ANY;
        }
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return of(all);
    }

    /** Only the first structure. */
    public Caps truncate() {
        return entries.size() <= 1 ? this : of(entries.subList(0, 1));
    }

    /**
     * One format: the first structure with every field fixated to its default (a range's lower
     * bound, a list's first value) and ANY features turned into system memory. EMPTY stays EMPTY.
     *
     * @throws IllegalStateException for ANY caps, which have nothing to fixate to
     */
    public Caps fixate() {
        return CapsAlgebra.fixate(this);
    }

    /** Whether both have the same structures and features in the same order (not just the same formats). */
    public boolean isStrictlyEqual(Caps other) {
        if (any || other.any) {
            return any == other.any;
        }
        if (entries.size() != other.entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry a = entries.get(i);
            Entry b = other.entries.get(i);
            if (a.features().isAny() != b.features().isAny() || !a.features().matches(b.features())
                    || !a.structure().equals(b.structure())) {
                return false;
            }
        }
        return true;
    }

    /** {@code gst_caps_is_equal}: both describe the same set of formats. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Caps c && CapsAlgebra.isEqual(this, c));
    }

    /** Consistent with {@link #equals}: equal caps have the same set of structure names. */
    @Override
    public int hashCode() {
        if (any) {
            return 1;
        }
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            names.add(e.structure().name());
        }
        return names.hashCode();
    }

    /** GStreamer's canonical form ({@code gst_caps_to_string}); {@link #parse} reads it back. */
    @Override
    public String toString() {
        if (any) {
            return "ANY";
        }
        if (entries.isEmpty()) {
            return "EMPTY";
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(e.structure().name());
            if (!e.features().isSystemMemory()) {
                sb.append('(').append(e.features()).append(')');
            }
            e.structure().appendFields(sb);
        }
        return sb.toString();
    }

    /** Collects structures in order. */
    public static final class Builder {

        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** Adds a structure in system memory. */
        public Builder add(Structure structure) {
            return add(structure, CapsFeatures.SYSTEM_MEMORY);
        }

        public Builder add(Structure structure, CapsFeatures features) {
            entries.add(new Entry(structure, features));
            return this;
        }

        /** The caps; EMPTY when nothing was added. */
        public Caps build() {
            return of(entries);
        }
    }
}
