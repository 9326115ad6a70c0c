package org.zeropipe.core.caps;

import java.util.regex.Pattern;

/**
 * The C library number parsing GStreamer relies on ({@code strtoull}, {@code strtoul},
 * {@code g_ascii_strtod}, {@code sscanf("%d/%d")}), reproduced so that zeropipe reads a number
 * token exactly as GStreamer does: {@code 010} is octal 8, {@code 0x10} is 16, {@code 1e5} and
 * {@code inf} are doubles. Tokens never hold white space (the parser stops at it).
 */
final class CNumbers {

    private static final Pattern DECIMAL_FLOAT =
            Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern HEX_FLOAT =
            Pattern.compile("([+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+))([pP][+-]?[0-9]+)?");
    private static final long NEGATIVE_NAN_BITS = 0xFFF8_0000_0000_0000L;

    private CNumbers() {
    }

    /**
     * What {@code strtoull}/{@code strtoul} read from {@code s} at {@code from}: the magnitude
     * of the digits (unsigned), their sign, whether the magnitude exceeded 64 bits (ERANGE),
     * and where reading stopped ({@code from} itself when there was no digit).
     */
    record Scan(long magnitude, boolean negative, boolean overflow, int end) {

        boolean hasDigits(int from) {
            return end != from;
        }

        /** The 64-bit result C returns: the negated magnitude wraps, overflow gives all ones. */
        long wrapped() {
            return overflow ? -1L : negative ? -magnitude : magnitude;
        }

        /** Whether the exact value, sign included, lies within {@code [min, max]}. */
        boolean exactlyWithin(long min, long max) {
            if (overflow) {
                return false;
            }
            if (negative) {
                if (magnitude < 0) { // 2^63 or more: only -2^63 itself fits in a long
                    return magnitude == Long.MIN_VALUE && min == Long.MIN_VALUE;
                }
                return -magnitude >= min;
            }
            return magnitude >= 0 && magnitude <= max;
        }
    }

    /** {@code strtoull(s + from, &end, base)} with base 0 (decimal, 0x hex, 0 octal) or 16. */
    static Scan scanUnsigned(String s, int from, int base) {
        int n = s.length();
        int i = from;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if ((base == 0 || base == 16) && i + 2 < n && s.charAt(i) == '0'
                && (s.charAt(i + 1) | 0x20) == 'x' && digit(s.charAt(i + 2), 16) >= 0) {
            i += 2;
            base = 16;
        } else if (base == 0) {
            base = i < n && s.charAt(i) == '0' ? 8 : 10;
        }
        int digitsStart = i;
        long magnitude = 0;
        boolean overflow = false;
        long limit = Long.divideUnsigned(-1L, base);
        for (; i < n; i++) {
            int d = digit(s.charAt(i), base);
            if (d < 0) {
                break;
            }
            if (!overflow) {
                if (Long.compareUnsigned(magnitude, limit) > 0
                        || Long.compareUnsigned(magnitude * base, -1L - d) > 0) {
                    overflow = true;
                } else {
                    magnitude = magnitude * base + d;
                }
            }
        }
        if (i == digitsStart) {
            return new Scan(0, false, false, from);
        }
        return new Scan(magnitude, negative, overflow, i);
    }

    private static int digit(char c, int base) {
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            d = c - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }

    /** The value of GStreamer's named integer constants, or {@code null}. */
    static Long namedInteger(String s, long min, long max) {
        if (s.equalsIgnoreCase("little_endian") || s.equalsIgnoreCase("byte_order")) {
            return 1234L;
        }
        if (s.equalsIgnoreCase("big_endian")) {
            return 4321L;
        }
        if (s.equalsIgnoreCase("min")) {
            return min;
        }
        if (s.equalsIgnoreCase("max")) {
            return max;
        }
        return null;
    }

    /**
     * {@code g_ascii_strtod} on a whole token: decimal and hexadecimal floats, {@code inf},
     * {@code infinity} and {@code nan} (any case, signed); {@code null} when the token is not one.
     */
    static Double parseDouble(String s) {
        if (DECIMAL_FLOAT.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        var hex = HEX_FLOAT.matcher(s);
        if (hex.matches()) {
            return Double.parseDouble(hex.group(2) == null ? s + "p0" : s);
        }
        boolean negative = s.startsWith("-");
        String word = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (word.equalsIgnoreCase("nan")) {
            return negative ? Double.longBitsToDouble(NEGATIVE_NAN_BITS) : Double.NaN;
        }
        return null;
    }

    /** The result of reading a fraction; {@code problem} is set for GStreamer's garbage cases. */
    record FractionScan(Fraction value, String problem) {
    }

    /**
     * {@code gst_value_deserialize_fraction}: {@code n/d}, {@code 1/max}, a plain integer,
     * {@code min} or {@code max}. Returns {@code null} when the token is no fraction; a
     * {@code problem} when GStreamer would silently wrap a component or store garbage.
     */
    static FractionScan parseFraction(String s) {
        int numEnd = decimalEnd(s, 0);
        if (numEnd > 0 && numEnd < s.length() && s.charAt(numEnd) == '/') {
            int denEnd = decimalEnd(s, numEnd + 1);
            if (denEnd > 0) {
                if (denEnd != s.length()) {
                    return null;
                }
                return fraction(s.substring(0, numEnd), s.substring(numEnd + 1));
            }
        }
        if (s.equalsIgnoreCase("1/max")) {
            return new FractionScan(new Fraction(1, Integer.MAX_VALUE), null);
        }
        if (numEnd > 0) {
            return numEnd == s.length() ? fraction(s, "1") : null;
        }
        if (s.equalsIgnoreCase("min")) {
            return new FractionScan(new Fraction(-Integer.MAX_VALUE, 1), null);
        }
        if (s.equalsIgnoreCase("max")) {
            return new FractionScan(new Fraction(Integer.MAX_VALUE, 1), null);
        }
        return null;
    }

    private static FractionScan fraction(String numerator, String denominator) {
        long n = parseDecimalSaturated(numerator);
        long d = parseDecimalSaturated(denominator);
        if (d == 0) {
            return null;
        }
        if (n <= Integer.MIN_VALUE || n > Integer.MAX_VALUE || d <= Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            return new FractionScan(null, "a fraction whose numerator and denominator are within "
                    + "-2147483647..2147483647, got " + numerator + "/" + denominator);
        }
        return new FractionScan(new Fraction((int) n, (int) d), null);
    }

    /** Where {@code %d} stops reading an optionally signed decimal at {@code from}, or -1. */
    private static int decimalEnd(String s, int from) {
        int i = from;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i == digits ? -1 : i;
    }

    /** A signed decimal, clamped far outside the int range so callers can reject it. */
    private static long parseDecimalSaturated(String s) {
        boolean negative = s.charAt(0) == '-';
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        long v = 0;
        for (; i < s.length(); i++) {
            v = Math.min(v * 10 + (s.charAt(i) - '0'), 1L << 40);
        }
        return negative ? -v : v;
    }

    /**
     * {@code gst_value_deserialize_flagset} for the generic {@code GstFlagSet}: hexadecimal
     * {@code flags:mask}, optionally followed by {@code :+flag/flag} names; {@code null} otherwise.
     * The two numbers are read with {@code strtoul}, so a sign or a {@code 0x} prefix is accepted
     * and each is cut to 32 bits, as GStreamer 1.22 does.
     */
    static FlagSet parseFlagSet(String s) {
        Scan flags = scanUnsigned(s, 0, 16);
        if (!flags.hasDigits(0)) {
            return null;
        }
        int next = flags.end();
        if (next < s.length() && s.charAt(next) == ':') {
            next++;
        }
        Scan mask = scanUnsigned(s, next, 16);
        if (!mask.hasDigits(next)) {
            return null;
        }
        int end = mask.end();
        if (end != s.length()) {
            if (s.charAt(end) != ':' || !isFlagNames(s.substring(end + 1))) {
                return null;
            }
        }
        return new FlagSet((int) flags.wrapped(), (int) mask.wrapped());
    }

    /** GStreamer's {@code ^([\+\/][\w\d-]+)+$} check of the flag names after {@code flags:mask:}. */
    private static boolean isFlagNames(String s) {
        int i = 0;
        if (s.isEmpty()) {
            return false;
        }
        while (i < s.length()) {
            if (s.charAt(i) != '+' && s.charAt(i) != '/') {
                return false;
            }
            int start = ++i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128
                    || s.charAt(i) == '_' || s.charAt(i) == '-')) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        return true;
    }

    /** {@code gst_value_deserialize_boolean}. */
    static Boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes") || s.equalsIgnoreCase("t") || s.equals("1")) {
            return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no") || s.equalsIgnoreCase("f") || s.equals("0")) {
            return Boolean.FALSE;
        }
        return null;
    }
}
