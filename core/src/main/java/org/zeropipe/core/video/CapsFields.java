package org.zeropipe.core.video;

import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.IntValue;
import org.zeropipe.core.caps.StringValue;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;

/** Reads fixed fields of a caps structure with errors that name the field and the caps. */
final class CapsFields {

    private CapsFields() {
    }

    static Value required(Structure s, String field) {
        return s.find(field).orElseThrow(() -> new IllegalArgumentException("caps " + s + ": missing field '"
                + field + "'"));
    }

    static String string(Structure s, String field) {
        if (required(s, field) instanceof StringValue v && v.value() != null) {
            return v.value();
        }
        throw notFixed(s, field, "a string");
    }

    static int positiveInt(Structure s, String field) {
        if (required(s, field) instanceof IntValue v) {
            if (v.value() <= 0) {
                throw new IllegalArgumentException("caps " + s + ": " + field + " must be positive, not " + v.value());
            }
            return v.value();
        }
        throw notFixed(s, field, "an int");
    }

    static Fraction fraction(Structure s, String field, Fraction fallback) {
        if (!s.has(field)) {
            return fallback;
        }
        if (s.get(field) instanceof Fraction f) {
            return f;
        }
        throw notFixed(s, field, "a fraction");
    }

    private static IllegalArgumentException notFixed(Structure s, String field, String what) {
        return new IllegalArgumentException("caps " + s + ": field '" + field + "' must be " + what + " (fixed), not "
                + s.get(field));
    }
}
