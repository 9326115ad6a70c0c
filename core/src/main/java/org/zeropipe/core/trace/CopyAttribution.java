package org.zeropipe.core.trace;

/**
 * Says who is copying on the current thread, so copy events name their cause. The pipeline
 * runtime sets the current element's name around each call into an element:
 *
 * <pre>{@code
 * String previous = CopyAttribution.enter(element.name());
 * try { element.chain(buffer); } finally { CopyAttribution.exit(previous); }
 * }</pre>
 *
 * A thread-local rather than a {@code ScopedValue}: entering and leaving must not allocate
 * (it happens per buffer per element), and {@code ScopedValue.where(...).run(...)} needs a
 * capturing lambda.
 */
public final class CopyAttribution {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CopyAttribution() {
    }

    /** Sets {@code who} for this thread and returns the previous value, for {@link #exit}. */
    public static String enter(String who) {
        String previous = CURRENT.get();
        CURRENT.set(who);
        return previous;
    }

    /** Restores the value {@link #enter} returned. */
    public static void exit(String previous) {
        CURRENT.set(previous);
    }

    /** Who is copying on this thread, or {@code null}. */
    public static String current() {
        return CURRENT.get();
    }
}
