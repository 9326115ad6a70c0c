package org.zeropipe.core.caps;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads GStreamer's caps syntax as {@code gst_caps_from_string} does, with the same type
 * inference, and rejects with a {@link CapsParseException} what GStreamer either rejects or turns
 * into garbage (criticals, silently wrapped numbers). The choices where zeropipe is stricter are
 * listed in {@code docs/caps.md}.
 */
final class CapsParser {

    private final String in;
    private int pos;

    private CapsParser(String in) {
        this.in = in;
    }

    static Caps parse(String input) {
        Objects.requireNonNull(input, "caps string");
        // GStreamer compares the whole string: " ANY" is not ANY (and is rejected below).
        if (input.equals("ANY")) {
            return Caps.ANY;
        }
        if (input.equals("EMPTY") || input.equals("NONE")) {
            return Caps.EMPTY;
        }
        return new CapsParser(input).caps();
    }

    private Caps caps() {
        Caps.Builder caps = Caps.builder();
        while (true) {
            skipSpace();
            if (atEnd()) {
                return caps.build();
            }
            Structure.Builder structure = structureName();
            CapsFeatures features = CapsFeatures.SYSTEM_MEMORY;
            if (!atEnd() && peek() == '(') {
                features = features();
            }
            if (!atEnd()) {
                fields(structure);
            }
            caps.add(structure.build(), features);
            if (atEnd()) {
                return caps.build();
            }
        }
    }

    private Structure.Builder structureName() {
        skipSpaceOrEscapedSpace();
        int start = pos;
        String name;
        if (!atEnd() && peek() == '"') {
            name = quotedName();
        } else {
            name = simpleString();
        }
        if (name.isEmpty()) {
            throw error(start, "expected a structure name (an ASCII letter, then letters, digits or /-_.:+)");
        }
        if (Structure.isReservedName(name)) {
            throw error(start, "expected a structure name, not '" + name
                    + "': ANY, EMPTY and NONE are caps on their own, without anything around them");
        }
        if (!Structure.isValidName(name)) {
            throw error(start, "expected a structure name starting with an ASCII letter, then letters, "
                    + "digits or /-_.:+, got '" + name + "'");
        }
        return Structure.builder(name);
    }

    /** A structure name in quotes; a backslash keeps the next character, as GStreamer unescapes names. */
    private String quotedName() {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(start, "expected a closing '\"' for the structure name");
            }
            char c = in.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw error(start, "expected a closing '\"' for the structure name");
                }
                c = in.charAt(pos++);
            }
            sb.append(c);
        }
    }

    /**
     * The features between parentheses: {@code ANY} or names separated by commas. Unlike
     * GStreamer, a missing ')' and an invalid name are errors (GStreamer reads to the end of the
     * string, or drops the name with a warning).
     */
    private CapsFeatures features() {
        int open = pos++;
        int close = in.indexOf(')', pos);
        if (close < 0) {
            throw error(in.length(), "expected ')' to close the caps features opened at position " + open);
        }
        String content = in.substring(pos, close);
        CapsFeatures features;
        if (content.equals("ANY")) {
            features = CapsFeatures.ANY;
        } else {
            features = featureList(pos, content);
        }
        pos = close + 1;
        return features;
    }

    private CapsFeatures featureList(int offset, String content) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < content.length() && content.charAt(i) == ' ') {
            i++;
        }
        if (i == content.length()) {
            if (i == 0) {
                return CapsFeatures.SYSTEM_MEMORY; // "()" is no features, as in GStreamer
            }
            throw error(offset + i, "expected a caps feature such as memory:GLMemory");
        }
        while (true) {
            int comma = content.indexOf(',', i);
            int end = comma < 0 ? content.length() : comma;
            String name = content.substring(i, end);
            if (name.isEmpty()) {
                throw error(offset + i, "expected a caps feature such as memory:GLMemory");
            }
            int space = name.indexOf(' ');
            if (space >= 0) {
                throw error(offset + i + space, "expected ',' or ')' after the caps feature '"
                        + name.substring(0, space) + "' (no space may follow a feature)");
            }
            if (!CapsFeatures.isValidName(name)) {
                throw error(offset + i, "expected a caps feature namespace:Name such as memory:GLMemory, got '"
                        + name + "'");
            }
            names.add(name);
            if (comma < 0) {
                return CapsFeatures.of(names);
            }
            i = comma + 1;
            while (i < content.length() && content.charAt(i) == ' ') {
                i++;
            }
        }
    }

    /** The fields after the name: {@code , name=value} until the end or a {@code ;}. */
    private void fields(Structure.Builder structure) {
        while (true) {
            skipSpaceOrEscapedSpace();
            if (atEnd()) {
                return;
            }
            char c = peek();
            if (c == ';') {
                pos++;
                return;
            }
            if (c != ',') {
                throw error(pos, "expected ',' before the next field or ';' before the next structure");
            }
            pos++;
            skipSpaceOrEscapedSpace();
            // A trailing comma is accepted, as GStreamer does.
            if (atEnd()) {
                return;
            }
            if (peek() == ';') {
                pos++;
                return;
            }
            field(structure);
        }
    }

    private void field(Structure.Builder structure) {
        int start = pos;
        String name = simpleString();
        if (name.isEmpty()) {
            throw error(start, "expected a field name (letters, digits or _-+/:.)");
        }
        skipSpaceOrEscapedSpace();
        if (atEnd() || peek() != '=') {
            throw error(pos, "expected '=' after the field name '" + name + "'");
        }
        pos++;
        structure.set(name, value(null));
    }

    /** A value, with an optional {@code (type)} cast; {@code type} is the enclosing cast, if any. */
    private Value value(ValueType type) {
        skipSpace();
        if (!atEnd() && peek() == '(') {
            type = cast();
        }
        skipSpace();
        if (atEnd()) {
            throw error(pos, "expected a value");
        }
        return switch (peek()) {
            case '[' -> range(type);
            case '{' -> list(type, '{', '}', "list");
            case '<' -> list(type, '<', '>', "array");
            default -> scalar(type);
        };
    }

    private ValueType cast() {
        pos++;
        skipSpace();
        int start = pos;
        String name = simpleString();
        if (name.isEmpty()) {
            throw error(start, "expected a type name such as int, string or fraction");
        }
        skipSpace();
        if (atEnd() || peek() != ')') {
            throw error(pos, "expected ')' after the type name '" + name + "'");
        }
        pos++;
        ValueType type = ValueType.byName(name);
        if (type == null) {
            throw error(start, ValueType.isUnsupportedGStreamerType(name)
                    ? "expected a type zeropipe caps support (int, uint, gint64, guint64, double, boolean, "
                            + "string, fraction, bitmask, flagset), not '" + name + "'"
                    : "expected a known type such as int, string or fraction, not '" + name + "'");
        }
        return type;
    }

    /**
     * {@code [min, max]} or, for int and gint64, {@code [min, max, step]}. Bounds that GStreamer
     * turns into {@code [ 0, 0 ]} with a critical are rejected here, naming the culprit.
     */
    private Value range(ValueType type) {
        int open = pos++;
        ValueType bound = type == null ? null : type.boundType();
        int minAt = skipSpaceAt();
        Value min = value(bound);
        skipSpace();
        expect(',', "expected ',' after the start of the range");
        int maxAt = skipSpaceAt();
        Value max = value(bound);
        skipSpace();
        Value step = null;
        int stepAt = pos;
        boolean integral = min instanceof IntValue || min instanceof Int64Value;
        if (integral && !atEnd() && peek() == ',') {
            pos++;
            stepAt = skipSpaceAt();
            step = value(bound);
            skipSpace();
        }
        expect(']', integral && step == null ? "expected ',' and a step, or ']' to close the range"
                : "expected ']' to close the range");
        if (min.getClass() != max.getClass()) {
            throw error(maxAt, "expected the end of the range to have the type of its start ("
                    + min.type().serializedName() + "), got " + max.type().serializedName());
        }
        if (step != null && step.getClass() != min.getClass()) {
            throw error(stepAt, "expected the step of the range to have the type of its bounds ("
                    + min.type().serializedName() + "), got " + step.type().serializedName());
        }
        return switch (min) {
            case IntValue a -> intRange(a.value(), ((IntValue) max).value(),
                    step == null ? 1 : ((IntValue) step).value(), open, minAt, maxAt, stepAt);
            case Int64Value a -> {
                long s = step == null ? 1 : ((Int64Value) step).value();
                checkRange(a.value(), ((Int64Value) max).value(), s, open, minAt, maxAt, stepAt);
                yield new Int64Range(a.value(), ((Int64Value) max).value(), s);
            }
            case DoubleValue a -> {
                double b = ((DoubleValue) max).value();
                if (!(a.value() < b)) {
                    throw error(open, "expected a range whose start is below its end, got [ "
                            + ValueSerializer.formatDouble(a.value()) + ", " + ValueSerializer.formatDouble(b) + " ]");
                }
                yield new DoubleRange(a.value(), b);
            }
            case Fraction a -> {
                Fraction b = (Fraction) max;
                if (a.compareTo(b) >= 0) {
                    throw error(open, "expected a range whose start is below its end, got [ " + a + ", " + b + " ]");
                }
                yield new FractionRange(a, b);
            }
            default -> throw error(minAt, "expected int, gint64, double or fraction bounds for the range, got "
                    + min.type().serializedName());
        };
    }

    private IntRange intRange(int min, int max, int step, int open, int minAt, int maxAt, int stepAt) {
        checkRange(min, max, step, open, minAt, maxAt, stepAt);
        return new IntRange(min, max, step);
    }

    private void checkRange(long min, long max, long step, int open, int minAt, int maxAt, int stepAt) {
        if (step <= 0) {
            throw error(stepAt, "expected a positive step, got " + step);
        }
        if (min >= max) {
            throw error(open, "expected a range whose start is below its end, got [ " + min + ", " + max
                    + " ] (a single value is written without brackets)");
        }
        if (min % step != 0) {
            throw error(minAt, "expected a range start that is a multiple of the step " + step + ", got " + min);
        }
        if (max % step != 0) {
            throw error(maxAt, "expected a range end that is a multiple of the step " + step + ", got " + max);
        }
    }

    /**
     * {@code { ... }} or {@code < ... >}. As in GStreamer a leading or trailing comma is skipped,
     * a doubled one is an error; elements of different types are an error here (GStreamer keeps
     * them but then prints a list it cannot read back).
     */
    private Value list(ValueType type, char open, char close, String kind) {
        int start = pos++;
        List<Value> values = new ArrayList<>();
        skipSpace();
        while (true) {
            if (atEnd()) {
                throw error(pos, "expected '" + close + "' to close the " + kind + " opened at position " + start);
            }
            char c = peek();
            if (c == close) {
                break;
            }
            if (c == ',') {
                pos++;
                skipSpace();
                if (!atEnd() && peek() == ',') {
                    throw error(pos, "expected a value between the commas");
                }
                continue;
            }
            int at = pos;
            values.add(value(type));
            ValueType wrong = Values.mismatchedElementType(values);
            if (wrong != null) {
                throw error(at, "expected a value of the " + kind + "'s type, ("
                        + Values.genericType(values.getFirst()).serializedName() + ") like its first element, got ("
                        + wrong.serializedName() + ")");
            }
            skipSpace();
            if (atEnd() || (peek() != ',' && peek() != close)) {
                throw error(pos, "expected ',' or '" + close + "' in the " + kind);
            }
        }
        pos++;
        return open == '{' ? new ValueList(values) : new ValueArray(values);
    }

    private Value scalar(ValueType type) {
        int start = pos;
        boolean quoted = peek() == '"';
        String token = quoted ? quotedToken() : simpleString();
        if (token.isEmpty()) {
            throw error(start, "expected a value");
        }
        if (type == null) {
            return quoted ? new StringValue(unwrap(token, start)) : infer(token, start);
        }
        return typed(type, token, quoted, start);
    }

    /** A quoted string token, quotes and escapes included, as GStreamer delimits it. */
    private String quotedToken() {
        int start = pos++;
        while (true) {
            if (atEnd()) {
                throw error(start, "expected a closing '\"' for the string opened here");
            }
            char c = in.charAt(pos++);
            if (c == '"') {
                return in.substring(start, pos);
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw error(start, "expected a closing '\"' for the string opened here");
                }
                pos++;
            }
        }
    }

    /**
     * The type of an unquoted value, tried in GStreamer's order: int, double, fraction, flag set,
     * boolean, string. A quoted value is a string (GStreamer 1.22 still reads {@code "2"} as an
     * int, with a warning that this will change; zeropipe makes the change).
     */
    private Value infer(String token, int at) {
        Value v = inferredInt(token, at);
        if (v != null) {
            return v;
        }
        Double d = CNumbers.parseDouble(token);
        if (d != null) {
            return new DoubleValue(d);
        }
        CNumbers.FractionScan f = CNumbers.parseFraction(token);
        if (f != null) {
            if (f.problem() != null) {
                throw error(at, "expected " + f.problem());
            }
            return f.value();
        }
        FlagSet flags = CNumbers.parseFlagSet(token);
        if (flags != null) {
            return flags;
        }
        Boolean b = CNumbers.parseBoolean(token);
        if (b != null) {
            return new BooleanValue(b);
        }
        return token.equals("NULL") ? StringValue.NULL : new StringValue(token);
    }

    /**
     * An int as GStreamer's inference reads it, or {@code null} when it is no int (so GStreamer
     * goes on to double: 4294967296 is a double). Between 2^31 and 2^32 GStreamer keeps an int
     * wrapped to a negative value; that is an error here.
     */
    private Value inferredInt(String token, int at) {
        CNumbers.Scan scan = CNumbers.scanUnsigned(token, 0, 0);
        if (scan.end() != token.length()) {
            Long named = CNumbers.namedInteger(token, Integer.MIN_VALUE, Integer.MAX_VALUE);
            return named == null ? null : new IntValue(named.intValue());
        }
        if (scan.overflow()) {
            return null;
        }
        if (scan.exactlyWithin(Integer.MIN_VALUE, Integer.MAX_VALUE)) {
            return new IntValue((int) scan.wrapped());
        }
        long wrapped = scan.wrapped();
        if ((wrapped >= 0 && wrapped < (1L << 32)) || (wrapped < 0 && wrapped >= Integer.MIN_VALUE)) {
            throw error(at, "expected an int within -2147483648..2147483647, got " + token
                    + " (GStreamer would wrap it to " + (int) wrapped + "); write (gint64)" + token
                    + " or (double)" + token);
        }
        return null;
    }

    /** A value of an explicit type; quoted tokens are only strings, as in GStreamer. */
    private Value typed(ValueType type, String token, boolean quoted, int at) {
        if (type == ValueType.STRING) {
            if (quoted) {
                return new StringValue(unwrap(token, at));
            }
            return token.equals("NULL") ? StringValue.NULL : new StringValue(token);
        }
        String what = describe(type);
        if (quoted) {
            throw error(at, "expected " + what + ", not a quoted string");
        }
        Value v = switch (type) {
            case INT, UINT, INT64 -> integer(type, token, at, what);
            case UINT64 -> unsigned64(token, at, what);
            case DOUBLE -> {
                Double d = CNumbers.parseDouble(token);
                if (d == null && token.equalsIgnoreCase("min")) {
                    d = -Double.MAX_VALUE;
                } else if (d == null && token.equalsIgnoreCase("max")) {
                    d = Double.MAX_VALUE;
                }
                yield d == null ? null : new DoubleValue(d);
            }
            case BOOLEAN -> {
                Boolean b = CNumbers.parseBoolean(token);
                yield b == null ? null : new BooleanValue(b);
            }
            case FRACTION -> {
                CNumbers.FractionScan f = CNumbers.parseFraction(token);
                if (f != null && f.problem() != null) {
                    throw error(at, "expected " + f.problem());
                }
                yield f == null ? null : f.value();
            }
            case BITMASK -> bitmask(token);
            case FLAG_SET -> CNumbers.parseFlagSet(token);
            default -> null;
        };
        if (v == null) {
            throw error(at, "expected " + what + ", got '" + token + "'");
        }
        return v;
    }

    private static String describe(ValueType type) {
        return switch (type) {
            case INT -> "an int (like 42, -7 or 0x1F)";
            case UINT -> "a uint (0..4294967295)";
            case INT64 -> "a gint64";
            case UINT64 -> "a guint64 (0..18446744073709551615)";
            case DOUBLE -> "a double (like 1.5, 2e-3 or inf)";
            case BOOLEAN -> "a boolean (true, false, yes, no, t, f, 1 or 0)";
            case FRACTION -> "a fraction (like 30/1 or 30000/1001)";
            case BITMASK -> "a hexadecimal bitmask (like 0x0000000000000003)";
            case FLAG_SET -> "a flag set (hexadecimal flags:mask)";
            case INT_RANGE, INT64_RANGE, DOUBLE_RANGE, FRACTION_RANGE -> "'[' to start a range";
            case LIST -> "'{' to start a list";
            case ARRAY -> "'<' to start an array";
            case STRING -> "a string";
        };
    }

    /** An int, uint or gint64; values GStreamer would wrap around are errors here. */
    private Value integer(ValueType type, String token, int at, String what) {
        long min = type == ValueType.INT ? Integer.MIN_VALUE : type == ValueType.UINT ? 0 : Long.MIN_VALUE;
        long max = type == ValueType.INT ? Integer.MAX_VALUE : type == ValueType.UINT ? 0xFFFF_FFFFL : Long.MAX_VALUE;
        CNumbers.Scan scan = CNumbers.scanUnsigned(token, 0, 0);
        long v;
        if (scan.end() != token.length()) {
            Long named = CNumbers.namedInteger(token, min, max);
            if (named == null) {
                return null;
            }
            v = named;
        } else if (scan.exactlyWithin(min, max)) {
            v = scan.wrapped();
        } else {
            String kind = type == ValueType.INT ? "an int" : type == ValueType.UINT ? "a uint" : "a gint64";
            throw error(at, "expected " + kind + " within " + min + ".." + max + ", got " + token
                    + " (GStreamer would wrap it around)");
        }
        return switch (type) {
            case INT -> new IntValue((int) v);
            case UINT -> new UIntValue(v);
            default -> new Int64Value(v);
        };
    }

    private Value unsigned64(String token, int at, String what) {
        CNumbers.Scan scan = CNumbers.scanUnsigned(token, 0, 0);
        if (scan.end() != token.length()) {
            Long named = CNumbers.namedInteger(token, 0, -1L);
            return named == null ? null : new UInt64Value(named);
        }
        if (scan.overflow() || (scan.negative() && scan.magnitude() != 0)) {
            throw error(at, "expected " + what + ", got " + token + " (GStreamer would wrap it around)");
        }
        return new UInt64Value(scan.magnitude());
    }

    /** {@code gst_value_deserialize_bitmask}, but trailing characters and signs are errors here. */
    private static Value bitmask(String token) {
        if (token.startsWith("-") || token.startsWith("+")) {
            return null;
        }
        CNumbers.Scan scan = CNumbers.scanUnsigned(token, 0, 16);
        if (!scan.hasDigits(0) || scan.end() != token.length() || scan.overflow()) {
            return null;
        }
        return new Bitmask(scan.magnitude());
    }

    /**
     * {@code gst_string_unwrap}: the text between the quotes, where a backslash keeps the next
     * character and {@code \ooo} (first digit 0-3) is one byte in octal; the bytes must be UTF-8.
     */
    private String unwrap(String token, int at) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
        int i = 1;
        int end = token.length() - 1;
        while (i < end) {
            char c = token.charAt(i);
            if (c != '\\') {
                int cp = token.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            char next = token.charAt(i + 1);
            if (next >= '0' && next <= '3') {
                if (i + 3 >= end || !isOctal(token.charAt(i + 2)) || !isOctal(token.charAt(i + 3))) {
                    throw error(at + i, "expected three octal digits after '\\' (like \\303), got '\\"
                            + token.substring(i + 1, Math.min(i + 4, end)) + "'");
                }
                int b = ((next - '0') << 6) | ((token.charAt(i + 2) - '0') << 3) | (token.charAt(i + 3) - '0');
                if (b == 0) {
                    throw error(at + i, "expected a character other than NUL (\\000) in the string");
                }
                bytes.write(b);
                i += 4;
            } else {
                int cp = token.codePointAt(i + 1);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += 1 + Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw error(at, "expected a string whose escaped bytes form UTF-8");
        }
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /** The longest run of {@code GST_ASCII_IS_STRING} characters at the position; may be empty. */
    private String simpleString() {
        int start = pos;
        while (!atEnd() && ValueSerializer.isSimpleChar(peek())) {
            pos++;
        }
        return in.substring(start, pos);
    }

    private void expect(char c, String expected) {
        if (atEnd() || peek() != c) {
            throw error(pos, expected);
        }
        pos++;
    }

    /** {@code g_ascii_isspace}: space, tab, newline, form feed, carriage return (not vertical tab). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private void skipSpace() {
        while (!atEnd() && isSpace(peek())) {
            pos++;
        }
    }

    private int skipSpaceAt() {
        skipSpace();
        return pos;
    }

    /** Between names and fields GStreamer also skips a backslash that escapes white space. */
    private void skipSpaceOrEscapedSpace() {
        while (!atEnd() && (isSpace(peek())
                || (peek() == '\\' && pos + 1 < in.length() && isSpace(in.charAt(pos + 1))))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= in.length();
    }

    private char peek() {
        return in.charAt(pos);
    }

    private CapsParseException error(int at, String expected) {
        return new CapsParseException(in, at, expected);
    }
}
