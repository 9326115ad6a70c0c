package org.zeropipe.core.pipeline;

/** Linking two pads failed; {@link #reason()} says how, the message says why in words. */
public final class PadLinkException extends RuntimeException {

    /** GStreamer's {@code GstPadLinkReturn}, less OK. */
    public enum Reason {
        /** The pads are in different bins (or one has no element). */
        WRONG_HIERARCHY,
        /** One of them is already linked. */
        WAS_LINKED,
        /** Not a source pad linked to a sink pad. */
        WRONG_DIRECTION,
        /** Their caps have nothing in common. */
        NOFORMAT
    }

    private final Reason reason;

    public PadLinkException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
