package org.zeropipe.core.event;

import java.util.Objects;

import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.Format;
import org.zeropipe.core.pipeline.Segment;

/**
 * Something that travels along a link besides buffers: GStreamer's {@code GstEvent} (design doc
 * {@code events.md}). Events are immutable values, so one event may be stored on several pads.
 *
 * <p>Each kind says which way it travels ({@link #isDownstream()}/{@link #isUpstream()}),
 * whether it is <em>serialized</em> with the buffers (it goes through the streaming thread in
 * order, under the pad's stream lock) and whether it is <em>sticky</em>: a pad keeps the last
 * sticky event of each kind and re-sends them, in {@link #stickyRank()} order, to a newly linked
 * peer before the next buffer, so a late-linked element still learns the stream's caps and segment.
 */
public sealed interface Event {

    /** Whether it flows downstream (source to sink). */
    boolean isDownstream();

    /** Whether it flows upstream (sink to source). */
    default boolean isUpstream() {
        return !isDownstream();
    }

    /** Whether it is ordered with buffers (handled on the streaming thread). */
    boolean isSerialized();

    /** Whether pads keep it and re-send it on a new link; see {@link #stickyRank()}. */
    default boolean isSticky() {
        return stickyRank() >= 0;
    }

    /**
     * The order sticky events are sent in (stream-start, caps, segment, EOS), or -1 for a
     * non-sticky event. A pad keeps one event per rank.
     */
    default int stickyRank() {
        return -1;
    }

    /** The short GStreamer name of the kind, e.g. {@code "caps"}. */
    String typeName();

    /** Start of a new stream; the first event of every stream. Sticky. */
    record StreamStart(String streamId) implements Event {
        public StreamStart {
            Objects.requireNonNull(streamId, "streamId");
        }

        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return true;
        }

        public int stickyRank() {
            return 0;
        }

        public String typeName() {
            return "stream-start";
        }
    }

    /** The format of the buffers that follow (fixed caps). Sticky. */
    record CapsEvent(Caps caps) implements Event {
        public CapsEvent {
            Objects.requireNonNull(caps, "caps");
            if (!caps.isFixed()) {
                throw new IllegalArgumentException("a caps event needs fixed caps, not " + caps);
            }
        }

        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return true;
        }

        public int stickyRank() {
            return 1;
        }

        public String typeName() {
            return "caps";
        }
    }

    /** How the timestamps of the buffers that follow map to running time. Sticky. */
    record SegmentEvent(Segment segment) implements Event {
        public SegmentEvent {
            Objects.requireNonNull(segment, "segment");
        }

        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return true;
        }

        public int stickyRank() {
            return 2;
        }

        public String typeName() {
            return "segment";
        }
    }

    /** No more data. Sticky: a pad that saw EOS refuses buffers until a flush-stop. */
    record Eos() implements Event {
        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return true;
        }

        public int stickyRank() {
            return 3;
        }

        public String typeName() {
            return "eos";
        }
    }

    /** A time without data (a gap in a sparse stream); sinks preroll on it. */
    record Gap(long timestamp, long duration) implements Event {
        public Gap {
            if (!ClockTime.isValid(timestamp)) {
                throw new IllegalArgumentException("a gap needs a timestamp");
            }
        }

        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return true;
        }

        public String typeName() {
            return "gap";
        }
    }

    /**
     * Start flushing: not serialized (it overtakes the data), pads downstream refuse data with
     * FLUSHING and blocked elements wake up.
     */
    record FlushStart() implements Event {
        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return false;
        }

        public String typeName() {
            return "flush-start";
        }
    }

    /** Stop flushing: serialized; clears the pads' EOS and segment. */
    record FlushStop(boolean resetTime) implements Event {
        public boolean isDownstream() {
            return true;
        }

        public boolean isSerialized() {
            return true;
        }

        public String typeName() {
            return "flush-stop";
        }
    }

    /** Upstream: "renegotiate caps and allocation" (a caps filter or a sink changed its mind). */
    record Reconfigure() implements Event {
        public boolean isDownstream() {
            return false;
        }

        public boolean isSerialized() {
            return false;
        }

        public String typeName() {
            return "reconfigure";
        }
    }

    /**
     * Upstream, from a sink that syncs to the clock (GStreamer's QOS event, {@code qos.md}): the
     * buffer of running time {@code timestamp} was rendered {@code diff} ns late (negative:
     * early), and the pipeline needs {@code proportion} of real time to produce its data (above
     * 1: it is too slow). Transforms with {@code qos} on drop buffers that would be late anyway.
     */
    record Qos(double proportion, long diff, long timestamp) implements Event {
        public Qos {
            if (!(proportion >= 0) || Double.isInfinite(proportion)) {
                throw new IllegalArgumentException("qos proportion must be a finite number >= 0, not " + proportion);
            }
        }

        public boolean isDownstream() {
            return false;
        }

        public boolean isSerialized() {
            return false;
        }

        public String typeName() {
            return "qos";
        }
    }

    /**
     * Upstream, to sinks: the pipeline's latency (ns), computed from a latency query when a
     * live pipeline goes to PLAYING. Sinks render each buffer that much after its running time.
     */
    record Latency(long latency) implements Event {
        public Latency {
            if (latency < 0) {
                throw new IllegalArgumentException("latency must be >= 0, not " + latency);
            }
        }

        public boolean isDownstream() {
            return false;
        }

        public boolean isSerialized() {
            return false;
        }

        public String typeName() {
            return "latency";
        }
    }

    /** Upstream: play from {@code start} to {@code stop} (NONE: the end), optionally flushing. */
    record Seek(double rate, Format format, boolean flush, long start, long stop) implements Event {
        public Seek {
            Objects.requireNonNull(format, "format");
            if (rate == 0.0) {
                throw new IllegalArgumentException("seek rate must be non-zero");
            }
        }

        public boolean isDownstream() {
            return false;
        }

        public boolean isSerialized() {
            return false;
        }

        public String typeName() {
            return "seek";
        }
    }
}
