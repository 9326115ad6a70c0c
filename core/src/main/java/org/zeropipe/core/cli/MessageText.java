package org.zeropipe.core.cli;

import java.util.Locale;

import org.zeropipe.core.pipeline.Message;

/** One bus message as a line, for {@code launch -m} (gst-launch-1.0's "Got message #N ..."). */
final class MessageText {

    private MessageText() {
    }

    static String of(long number, Message m) {
        String from = m.source() == null ? "the application"
                : (m.source() instanceof org.zeropipe.core.pipeline.Pipeline ? "pipeline" : "element") + " \""
                        + m.sourceName() + "\"";
        return "Got message #" + number + " from " + from + " (" + kind(m) + "): " + details(m);
    }

    /** The record's name in GStreamer's spelling: StateChanged → state-changed. */
    static String kind(Message m) {
        return m.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String details(Message m) {
        return switch (m) {
            case Message.Error e -> e.text() + (e.debug() == null ? "" : " (" + e.debug() + ")");
            case Message.Warning w -> w.text() + (w.debug() == null ? "" : " (" + w.debug() + ")");
            case Message.Info i -> i.text();
            case Message.StateChanged s -> "old-state=" + s.oldState() + ", new-state=" + s.newState()
                    + ", pending-state=" + s.pending();
            case Message.Qos q -> String.format(Locale.ROOT,
                    "live=%b, running-time=%d, jitter=%d, processed=%d, dropped=%d", q.live(), q.runningTime(),
                    q.jitter(), q.processed(), q.dropped());
            case Message.NewClock c -> "clock=" + c.clock();
            case Message.Custom c -> c.structure().toString();
            case Message.Eos e -> "end of stream";
            case Message.AsyncStart a -> "asynchronous state change started";
            case Message.AsyncDone a -> "asynchronous state change done";
            case Message.StreamStart s -> "stream started";
            case Message.Latency l -> "latency changed";
            case Message.NeedContext n -> "need-context " + n.contextType();
            case Message.HaveContext h -> "have-context " + h.contextType();
        };
    }
}
