package org.zeropipe.core.cli;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;

/** What {@code ./zeropipe caps A B} reports about a pair, computed once for both output forms. */
record CapsReport(Caps a, Caps b, Caps intersection, Caps intersectionFirst, boolean aSubsetOfB,
        boolean bSubsetOfA, boolean canIntersect, boolean equal, boolean intersectionFixed, String fixated) {

    /** What GStreamer's oracle prints for {@code fixate(A∩B)} when A∩B is ANY. */
    static final String ANY_NOT_FIXATABLE = "<ANY: not fixatable>";

    static CapsReport of(Caps a, Caps b) {
        Caps ab = a.intersect(b);
        return new CapsReport(a, b, ab, a.intersect(b, IntersectMode.FIRST), a.isSubsetOf(b), b.isSubsetOf(a),
                a.canIntersect(b), a.equals(b), ab.isFixed(), ab.isAny() ? ANY_NOT_FIXATABLE : ab.fixate().toString());
    }

    /** One line of {@code --jsonl} output, with the keys of the conformance vectors in their order. */
    String toJson(String inA, String inB) {
        return new Json().put("in_A", inA).put("in_B", inB).put("A", a.toString()).put("B", b.toString())
                .put("A∩B", intersection.toString()).put("A∩B first", intersectionFirst.toString())
                .put("A⊆B", aSubsetOfB).put("B⊆A", bSubsetOfA).put("can_intersect", canIntersect)
                .put("equal", equal).put("A∩B is_fixed", intersectionFixed).put("fixate(A∩B)", fixated)
                .toString();
    }

    /** The human form: one labelled line per result. */
    String toText() {
        return String.join("\n",
                "A:              " + a,
                "B:              " + b,
                "A∩B:            " + intersection,
                "A∩B (first):    " + intersectionFirst,
                "A⊆B:            " + aSubsetOfB,
                "B⊆A:            " + bSubsetOfA,
                "can-intersect:  " + canIntersect,
                "equal:          " + equal,
                "is-fixed(A∩B):  " + intersectionFixed,
                "fixate(A∩B):    " + fixated);
    }
}
