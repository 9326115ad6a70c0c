package org.zeropipe.core.launch;

/**
 * A pipeline description that cannot be built: it carries the whole text, the 0-based position
 * of the problem and what was wrong there; the message shows the text with a caret under it:
 *
 * <pre>
 * at position 10: no element "fakesnk"; did you mean fakesink?
 *   fakesrc ! fakesnk
 *             ^
 * </pre>
 */
public final class LaunchParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final int position;
    private final String problem;

    public LaunchParseException(String input, int position, String problem) {
        this(input, position, problem, null);
    }

    public LaunchParseException(String input, int position, String problem, Throwable cause) {
        super(problem, cause);
        this.input = input;
        this.position = Math.clamp(position, 0, input.length());
        this.problem = problem;
    }

    /** The whole description that was parsed. */
    public String input() {
        return input;
    }

    /** Where the problem is: an index into {@link #input()}, or its length for "at the end". */
    public int position() {
        return position;
    }

    /** What was wrong, without the position and caret. */
    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        StringBuilder line = new StringBuilder(input.length());
        input.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return "at position " + position + ": " + problem + "\n  " + line + "\n  "
                + " ".repeat(input.codePointCount(0, position)) + "^";
    }
}
