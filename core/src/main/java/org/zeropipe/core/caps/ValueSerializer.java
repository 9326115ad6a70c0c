package org.zeropipe.core.caps;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** GStreamer's printing of values ({@code gst_value_serialize}), character for character. */
final class ValueSerializer {

    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);

    private ValueSerializer() {
    }

    static String serialize(Value value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    /**
     * Appends a field's value as {@code gst_structure_to_string} does: the elements of a top-level
     * list or array carry no cast (the field's cast names their type), nested ones do.
     */
    static void appendFieldValue(StringBuilder sb, Value value) {
        switch (value) {
            case ValueList l -> appendElements(sb, l.values(), "{ ", " }", false);
            case ValueArray a -> appendElements(sb, a.values(), "< ", " >", false);
            default -> append(sb, value);
        }
    }

    static void append(StringBuilder sb, Value value) {
        switch (value) {
            case IntValue v -> sb.append(v.value());
            case UIntValue v -> sb.append(v.value());
            case Int64Value v -> sb.append(v.value());
            case UInt64Value v -> sb.append(Long.toUnsignedString(v.bits()));
            case DoubleValue v -> sb.append(formatDouble(v.value()));
            case BooleanValue v -> sb.append(v.value());
            case StringValue v -> sb.append(v.isNull() ? "NULL" : wrap(v.value()));
            case Fraction v -> sb.append(v.numerator()).append('/').append(v.denominator());
            case Bitmask v -> appendBitmask(sb, v.bits());
            case FlagSet v -> sb.append(Integer.toHexString(v.flags())).append(':')
                    .append(Integer.toHexString(v.mask()));
            case IntRange v -> appendRange(sb, Integer.toString(v.min()), Integer.toString(v.max()),
                    v.step() == 1 ? null : Integer.toString(v.step()));
            case Int64Range v -> appendRange(sb, Long.toString(v.min()), Long.toString(v.max()),
                    v.step() == 1 ? null : Long.toString(v.step()));
            case DoubleRange v -> appendRange(sb, formatDouble(v.min()), formatDouble(v.max()), null);
            case FractionRange v -> appendRange(sb, v.min().toString(), v.max().toString(), null);
            case ValueList v -> appendElements(sb, v.values(), "{ ", " }", true);
            case ValueArray v -> appendElements(sb, v.values(), "< ", " >", true);
        }
    }

    private static void appendRange(StringBuilder sb, String min, String max, String step) {
        sb.append("[ ").append(min).append(", ").append(max);
        if (step != null) {
            sb.append(", ").append(step);
        }
        sb.append(" ]");
    }

    private static void appendElements(StringBuilder sb, List<Value> values, String open, String close,
            boolean withTypes) {
        sb.append(open);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Value v = values.get(i);
            if (withTypes) {
                sb.append('(').append(v.type().serializedName()).append(')');
            }
            append(sb, v);
        }
        sb.append(close);
    }

    private static void appendBitmask(StringBuilder sb, long bits) {
        String hex = Long.toHexString(bits);
        sb.append("0x");
        sb.repeat('0', 16 - hex.length());
        sb.append(hex);
    }

    /**
     * {@code g_ascii_dtostr}: C's {@code %.17g}, i.e. 17 significant digits, trailing zeros
     * dropped, exponent form below 1e-4 or from 1e17; {@code inf}, {@code nan} and {@code -0} as C
     * prints them.
     */
    static String formatDouble(double d) {
        boolean negative = (Double.doubleToRawLongBits(d) & Long.MIN_VALUE) != 0;
        String sign = negative ? "-" : "";
        if (Double.isNaN(d)) {
            return sign + "nan";
        }
        if (Double.isInfinite(d)) {
            return sign + "inf";
        }
        if (d == 0) {
            return sign + "0";
        }
        BigDecimal rounded = new BigDecimal(d).abs().round(SEVENTEEN_DIGITS).stripTrailingZeros();
        String digits = rounded.unscaledValue().toString();
        int exponent = rounded.precision() - rounded.scale() - 1;
        StringBuilder sb = new StringBuilder(sign);
        if (exponent < -4 || exponent >= 17) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append(exponent < 0 ? "e-" : "e+");
            int e = Math.abs(exponent);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        } else if (exponent < 0) {
            sb.append("0.").repeat('0', -exponent - 1).append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits).repeat('0', exponent + 1 - digits.length());
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    /** The characters GStreamer writes without quotes ({@code GST_ASCII_IS_STRING}). */
    static boolean isSimpleChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '+' || c == '/' || c == ':' || c == '.';
    }

    /**
     * {@code gst_string_wrap}: a string made of simple characters is written as is; any other
     * (and the empty string, and the word NULL) is quoted, printable ASCII escaped with a
     * backslash and every other byte of its UTF-8 form as a 3-digit octal escape.
     */
    static String wrap(String s) {
        boolean simple = !s.isEmpty() && !s.equals("NULL");
        for (int i = 0; simple && i < s.length(); i++) {
            simple = isSimpleChar(s.charAt(i));
        }
        if (simple) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isSimpleChar(c)) {
                sb.append((char) c);
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                sb.append('\\').append((char) c);
            }
        }
        return sb.append('"').toString();
    }
}
