package org.zeropipe.core.pipeline;

import java.util.Objects;

import org.zeropipe.core.caps.Structure;

/**
 * What elements tell the application, through the pipeline's {@link Bus}: GStreamer's
 * {@code GstMessage} (design doc {@code messages.md}). {@link #source()} is the element that
 * posted it (or {@code null} for the application's own).
 */
public sealed interface Message {

    /** The element that posted it. */
    Element source();

    /** The poster's name, or {@code "?"}. */
    default String sourceName() {
        return source() == null ? "?" : source().name();
    }

    /** A run-time failure: the pipeline cannot go on. {@code text} says what, for users. */
    record Error(Element source, String text, String debug, Throwable cause) implements Message {
        public Error {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return "ERROR from " + sourceName() + ": " + text + (debug == null ? "" : " (" + debug + ")");
        }
    }

    /** Something went wrong that the pipeline survives. */
    record Warning(Element source, String text, String debug) implements Message {
    }

    /** Something users may want to know. */
    record Info(Element source, String text) implements Message {
    }

    /** Every sink of the pipeline got EOS (posted by the pipeline), or a sink got it. */
    record Eos(Element source) implements Message {
    }

    /** An element's state changed. */
    record StateChanged(Element source, State oldState, State newState, State pending) implements Message {
    }

    /** An element began an asynchronous state change (a sink waiting for its preroll). */
    record AsyncStart(Element source) implements Message {
    }

    /** An asynchronous state change completed (the sink prerolled). */
    record AsyncDone(Element source) implements Message {
    }

    /** The first buffer of a new stream reached a sink. */
    record StreamStart(Element source) implements Message {
    }

    /** A sink dropped or rendered late (quality of service, design doc {@code qos.md}). */
    record Qos(Element source, boolean live, long runningTime, long streamTime, long timestamp,
               long duration, long jitter, long processed, long dropped) implements Message {
    }

    /** An element's latency changed; the application should recompute it. */
    record Latency(Element source) implements Message {
    }

    /** The pipeline selected a new clock. */
    record NewClock(Element source, Clock clock) implements Message {
    }

    /**
     * An element needs a shared context of {@code contextType} (a GL display, …) that neither
     * its own store nor a context query found: GStreamer's NEED_CONTEXT. Posted synchronously,
     * so a bus sync handler may answer at once with {@link Element#setContext} on the source.
     */
    record NeedContext(Element source, String contextType) implements Message {
        public NeedContext {
            Objects.requireNonNull(contextType, "contextType");
        }
    }

    /**
     * An element made a shared context that others may use: GStreamer's HAVE_CONTEXT. The bins
     * it passes keep it and hand it to their children (present and later ones).
     */
    record HaveContext(Element source, String contextType, Object context) implements Message {
        public HaveContext {
            Objects.requireNonNull(contextType, "contextType");
            Objects.requireNonNull(context, "context");
        }
    }

    /** Element- or application-specific information. */
    record Custom(Element source, Structure structure) implements Message {
        public Custom {
            Objects.requireNonNull(structure, "structure");
        }
    }
}
