package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** GStreamer's caps algebra ({@code gstcaps.c}) on the entries of {@link Caps}. */
final class CapsAlgebra {

    private CapsAlgebra() {
    }

    static Caps intersect(Caps a, Caps b, IntersectMode mode) {
        if (a.isEmpty() || b.isEmpty()) {
            return Caps.EMPTY;
        }
        if (a.isAny()) {
            return b;
        }
        if (b.isAny()) {
            return a;
        }
        List<Caps.Entry> dest = new ArrayList<>();
        int lengthA = a.size();
        int lengthB = b.size();
        if (mode == IntersectMode.FIRST) {
            for (int j = 0; j < lengthA; j++) {
                for (int k = 0; k < lengthB; k++) {
                    intersectInto(dest, a.entry(j), b.entry(k));
                }
            }
        } else {
            // Walk the diagonals of the a x b matrix: pairs whose index sum is 0, then 1, ...
            // top row first, so both sides' preferred structures come first.
            for (int i = 0; i < lengthA + lengthB - 1; i++) {
                int j = Math.min(i, lengthA - 1);
                int k = i - j;
                while (k < lengthB) {
                    intersectInto(dest, a.entry(j), b.entry(k));
                    k++;
                    if (j == 0) {
                        break;
                    }
                    j--;
                }
            }
        }
        return Caps.of(dest);
    }

    /** Intersects one pair of structures; ANY features on the first side take the second side's. */
    private static void intersectInto(List<Caps.Entry> dest, Caps.Entry x, Caps.Entry y) {
        if (!x.features().matches(y.features())) {
            return;
        }
        Structure common = StructureAlgebra.intersect(x.structure(), y.structure());
        if (common != null) {
            mergeStructure(dest, common, x.features().isAny() ? y.features() : x.features());
        }
    }

    /**
     * {@code gst_caps_merge_structure_full}: appends unless a structure already there, with the
     * same features, holds it. ANY features only absorb ANY features, so every ANY structure shows.
     */
    static void mergeStructure(List<Caps.Entry> dest, Structure s, CapsFeatures f) {
        for (int i = dest.size() - 1; i >= 0; i--) {
            Caps.Entry e = dest.get(i);
            if ((!f.isAny() || e.features().isAny()) && f.matches(e.features())
                    && StructureAlgebra.isSubset(s, e.structure())) {
                return;
            }
        }
        dest.add(new Caps.Entry(s, f));
    }

    static boolean canIntersect(Caps a, Caps b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a.isAny() || b.isAny()) {
            return true;
        }
        for (Caps.Entry x : a.entries()) {
            for (Caps.Entry y : b.entries()) {
                if (x.features().matches(y.features())
                        && StructureAlgebra.canIntersect(x.structure(), y.structure())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code gst_caps_is_subset}: each structure of {@code subset} lies in one of {@code superset}. */
    static boolean isSubset(Caps subset, Caps superset) {
        if (subset.isEmpty() || superset.isAny()) {
            return true;
        }
        if (subset.isAny() || superset.isEmpty()) {
            return false;
        }
        for (Caps.Entry x : subset.entries()) {
            boolean found = false;
            for (int j = superset.size() - 1; j >= 0 && !found; j--) {
                Caps.Entry y = superset.entry(j);
                found = (!x.features().isAny() || y.features().isAny()) && x.features().matches(y.features())
                        && StructureAlgebra.isSubset(x.structure(), y.structure());
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** {@code gst_caps_is_equal}: fixed caps compare directly, others by subset both ways. */
    static boolean isEqual(Caps a, Caps b) {
        if (a.isFixed() && b.isFixed()) {
            return StructureAlgebra.isEqual(a.structure(0), b.structure(0))
                    && a.features(0).matches(b.features(0));
        }
        return isSubset(a, b) && isSubset(b, a);
    }

    /** {@code gst_caps_subtract}. */
    static Caps subtract(Caps minuend, Caps subtrahend) {
        if (minuend.isEmpty() || subtrahend.isAny()) {
            return Caps.EMPTY;
        }
        if (subtrahend.size() == 0) {
            return minuend;
        }
        if (minuend.isAny()) {
            throw new IllegalArgumentException("cannot subtract from ANY caps: GStreamer has no "
                    + "definition of ANY minus something");
        }
        List<Caps.Entry> src = minuend.entries();
        for (Caps.Entry sub : subtrahend.entries()) {
            List<Caps.Entry> dest = new ArrayList<>();
            for (Caps.Entry min : src) {
                if (min.features().isAny()) {
                    throw new IllegalArgumentException("cannot subtract from a structure with ANY features: "
                            + min.structure());
                }
                List<Structure> pieces = null;
                if (min.structure().name().equals(sub.structure().name())
                        && min.features().matches(sub.features())) {
                    pieces = StructureAlgebra.subtract(min.structure(), sub.structure());
                }
                if (pieces == null) {
                    dest.add(min);
                } else {
                    for (Structure piece : pieces) {
                        dest.add(new Caps.Entry(piece, min.features()));
                    }
                }
            }
            if (dest.isEmpty()) {
                return Caps.EMPTY;
            }
            src = dest;
        }
        return simplify(Caps.of(src));
    }

    /**
     * {@code gst_caps_normalize}: every list expanded into one structure per element. A list
     * with no element describes nothing, so its structure is dropped (GStreamer asks the empty
     * list for its first element and gets a critical).
     */
    static Caps normalize(Caps caps) {
        if (caps.isAny()) {
            return caps;
        }
        List<Caps.Entry> entries = new ArrayList<>(caps.entries());
        for (int i = 0; i < entries.size(); i++) {
            while (true) {
                Caps.Entry e = entries.get(i);
                int field = firstListField(e.structure());
                if (field < 0) {
                    break;
                }
                String name = e.structure().fieldName(field);
                List<Value> choices = ((ValueList) e.structure().value(field)).values();
                if (choices.isEmpty()) {
                    entries.remove(i--);
                    break;
                }
                for (int k = 1; k < choices.size(); k++) {
                    entries.add(new Caps.Entry(e.structure().with(name, choices.get(k)), e.features()));
                }
                entries.set(i, new Caps.Entry(e.structure().with(name, choices.getFirst()), e.features()));
            }
        }
        return Caps.of(entries);
    }

    private static int firstListField(Structure s) {
        for (int i = 0; i < s.size(); i++) {
            if (s.value(i) instanceof ValueList) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code gst_caps_simplify}: sorts the structures by name (more fields first), then folds
     * each into a later one of the same name and features where subtraction or union allows.
     * The order of the result is not the input's.
     */
    static Caps simplify(Caps caps) {
        if (caps.size() <= 1) {
            return caps;
        }
        List<Caps.Entry> list = new ArrayList<>(caps.entries());
        list.sort(Comparator.<Caps.Entry, String>comparing(e -> e.structure().name())
                .thenComparing(e -> -e.structure().size()));
        int start = list.size() - 1;
        for (int i = start; i >= 0; i--) {
            Caps.Entry simplify = list.get(i);
            if (!sameKind(simplify, list.get(start))) {
                start = i;
            }
            for (int j = start; j >= 0; j--) {
                if (j == i) {
                    continue;
                }
                Caps.Entry compare = list.get(j);
                if (!sameKind(simplify, compare)) {
                    break;
                }
                StructureAlgebra.Simplification r =
                        StructureAlgebra.simplify(simplify.structure(), compare.structure());
                if (!r.applied()) {
                    continue;
                }
                if (r.newCompare() != null) {
                    list.set(j, new Caps.Entry(r.newCompare(), compare.features()));
                }
                if (r.replacement() != null) {
                    simplify = new Caps.Entry(r.replacement(), simplify.features());
                    list.set(i, simplify);
                } else {
                    list.remove(i);
                    start--;
                    break;
                }
            }
        }
        return Caps.of(list);
    }

    private static boolean sameKind(Caps.Entry a, Caps.Entry b) {
        return a.structure().name().equals(b.structure().name()) && a.features().matches(b.features());
    }

    /** {@code gst_caps_merge}: {@code b}'s structures that {@code a} does not already hold, appended. */
    static Caps merge(Caps a, Caps b) {
        if (a.isAny()) {
            return a;
        }
        if (b.isAny()) {
            return b;
        }
        List<Caps.Entry> dest = new ArrayList<>(a.entries());
        for (Caps.Entry e : b.entries()) {
            mergeStructure(dest, e.structure(), e.features());
        }
        return Caps.of(dest);
    }

    /** {@code gst_caps_fixate}: the first structure, fixated, with ANY features turned into system memory. */
    static Caps fixate(Caps caps) {
        if (caps.isAny()) {
            throw new IllegalStateException("ANY caps cannot be fixated: intersect them with concrete caps first");
        }
        if (caps.isEmpty()) {
            return caps;
        }
        Caps.Entry first = caps.entry(0);
        CapsFeatures f = first.features().isAny() ? CapsFeatures.SYSTEM_MEMORY : first.features();
        return Caps.of(List.of(new Caps.Entry(Fixation.fixate(first.structure()), f)));
    }
}
