package org.zeropipe.core.caps;

/**
 * A caps string that is not valid caps. It carries the input, the 0-based position of the
 * problem and what was expected there; its message shows the input with a caret under the
 * position:
 *
 * <pre>
 * at position 22: expected ']' to close the range
 *   video/x-raw,width=[1,2
 *                         ^
 * </pre>
 */
public final class CapsParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final int position;
    private final String expected;

    public CapsParseException(String input, int position, String expected) {
        super("at position " + position + ": " + expected);
        if (position < 0 || position > input.length()) {
            throw new IllegalArgumentException("position " + position + " is outside the input");
        }
        this.input = input;
        this.position = position;
        this.expected = expected;
    }

    /** The whole string that was parsed. */
    public String input() {
        return input;
    }

    /** Where the problem is: an index into {@link #input()}, or its length for "at the end". */
    public int position() {
        return position;
    }

    /** What was expected at {@link #position()}, e.g. {@code expected ',' or '}'}. */
    public String expected() {
        return expected;
    }

    @Override
    public String getMessage() {
        return "at position " + position + ": " + expected + "\n  " + printable(input) + "\n  "
                + " ".repeat(input.codePointCount(0, position)) + "^";
    }

    /** The input on one line, control characters shown as spaces so the caret stays aligned. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
    }
}
