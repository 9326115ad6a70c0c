package org.zeropipe.core.caps;

import java.util.ArrayList;
import java.util.List;

/** GStreamer's structure algebra: intersection, subset, equality and the helpers of caps subtraction. */
final class StructureAlgebra {

    private StructureAlgebra() {
    }

    /**
     * {@code gst_structure_intersect}: {@code a}'s fields in order (intersected where {@code b}
     * has them too), then {@code b}'s other fields; {@code null} when a common field has no
     * common value or the names differ.
     */
    static Structure intersect(Structure a, Structure b) {
        if (!a.name().equals(b.name())) {
            return null;
        }
        Structure.Builder dest = Structure.builder(a.name());
        for (int i = 0; i < a.size(); i++) {
            String field = a.fieldName(i);
            int j = b.indexOf(field);
            if (j < 0) {
                dest.append(field, a.value(i));
            } else {
                Value common = ValueIntersection.intersect(a.value(i), b.value(j));
                if (common == null) {
                    return null;
                }
                dest.append(field, common);
            }
        }
        for (int j = 0; j < b.size(); j++) {
            if (a.indexOf(b.fieldName(j)) < 0) {
                dest.append(b.fieldName(j), b.value(j));
            }
        }
        return dest.build();
    }

    /** {@code gst_structure_can_intersect}. */
    static boolean canIntersect(Structure a, Structure b) {
        if (!a.name().equals(b.name())) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            int j = b.indexOf(a.fieldName(i));
            if (j < 0) {
                continue;
            }
            Value x = a.value(i);
            Value y = b.value(j);
            if (!ValueIntersection.canIntersect(x, y)) {
                return false;
            }
            ValueOrder order = ValueComparison.compare(x, y);
            if (order == ValueOrder.UNORDERED) {
                if (ValueIntersection.intersect(x, y) == null) {
                    return false;
                }
            } else if (order != ValueOrder.EQUAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code gst_structure_is_subset}: the superset's every field is in the subset, with a value
     * that is equal or a subset; fields only the subset has narrow it further.
     */
    static boolean isSubset(Structure subset, Structure superset) {
        if (!superset.name().equals(subset.name()) || superset.size() > subset.size()) {
            return false;
        }
        for (int j = 0; j < superset.size(); j++) {
            int i = subset.indexOf(superset.fieldName(j));
            if (i < 0) {
                return false;
            }
            Value sub = subset.value(i);
            Value sup = superset.value(j);
            ValueOrder order = ValueComparison.compare(sub, sup);
            if (order == ValueOrder.EQUAL) {
                continue;
            }
            if (order != ValueOrder.UNORDERED || !ValueSubset.isSubset(sub, sup)) {
                return false;
            }
        }
        return true;
    }

    /** {@code gst_structure_is_equal}. */
    static boolean isEqual(Structure a, Structure b) {
        if (a == b) {
            return true;
        }
        if (!a.name().equals(b.name()) || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            int j = b.indexOf(a.fieldName(i));
            if (j < 0 || ValueComparison.compare(a.value(i), b.value(j)) != ValueOrder.EQUAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code gst_caps_structure_subtract}: the pieces of {@code minuend} outside {@code subtrahend},
     * one per field of the subtrahend that cuts something off (in reverse field order, as
     * GStreamer prepends them); {@code null} when nothing can be subtracted: the minuend lacks a
     * field of the subtrahend, or some field does not overlap at all.
     */
    static List<Structure> subtract(Structure minuend, Structure subtrahend) {
        List<Structure> pieces = new ArrayList<>();
        for (int j = 0; j < subtrahend.size(); j++) {
            int i = minuend.indexOf(subtrahend.fieldName(j));
            if (i < 0) {
                return null;
            }
            Value rest = ValueSubtraction.subtract(minuend.value(i), subtrahend.value(j));
            if (rest == null) {
                continue;
            }
            if (ValueComparison.compare(rest, minuend.value(i)) == ValueOrder.EQUAL) {
                return null;
            }
            pieces.addFirst(minuend.toBuilder().set(subtrahend.fieldName(j), rest).build());
        }
        return pieces;
    }

    /**
     * The outcome of {@code gst_caps_structure_simplify}: whether it applied, the structure that
     * replaces the simplified one ({@code null}: drop it), and a replacement for the structure it
     * was compared with ({@code null}: unchanged).
     */
    record Simplification(boolean applied, Structure replacement, Structure newCompare) {
        static final Simplification NONE = new Simplification(false, null, null);
    }

    /**
     * Tries to fold {@code simplify} into {@code compare}: drop it when the subtraction leaves
     * nothing, replace it by the single piece left, or, when the two differ in one field only
     * and have the same fields, widen {@code compare}'s field to the union and drop it.
     */
    static Simplification simplify(Structure simplify, Structure compare) {
        List<Structure> pieces = subtract(simplify, compare);
        if (pieces != null && pieces.size() <= 1) {
            return new Simplification(true, pieces.isEmpty() ? null : pieces.getFirst(), null);
        }
        String unionField = null;
        Value union = null;
        for (int i = 0; i < simplify.size(); i++) {
            int j = compare.indexOf(simplify.fieldName(i));
            if (j < 0) {
                return Simplification.NONE;
            }
            Value theirs = compare.value(j);
            Value ours = simplify.value(i);
            if (ValueComparison.compare(theirs, ours) == ValueOrder.EQUAL) {
                continue;
            }
            if (unionField != null) {
                return Simplification.NONE;
            }
            unionField = simplify.fieldName(i);
            union = ValueUnion.union(theirs, ours);
        }
        if (union != null && simplify.size() == compare.size()) {
            return new Simplification(true, null, compare.toBuilder().set(unionField, union).build());
        }
        return Simplification.NONE;
    }
}
