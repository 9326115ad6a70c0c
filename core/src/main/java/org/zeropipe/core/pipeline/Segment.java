package org.zeropipe.core.pipeline;

import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.ClockTime;

/**
 * The part of a stream that is played, and how its timestamps map to running time: GStreamer's
 * {@code GstSegment} (design doc {@code segments.md}).
 *
 * <p>Running time of a timestamp {@code t} in {@code [start, stop]} is
 * {@code (t - start) / |rate| + base}; outside the segment it has none ({@link ClockTime#NONE}).
 *
 * @param format   unit of start, stop, time and position
 * @param rate     playback rate (not 0)
 * @param start    first timestamp played
 * @param stop     last timestamp played, or NONE (-1) for "to the end"
 * @param time     stream time at {@code start}
 * @param base     running time already elapsed before this segment (sum of earlier segments)
 * @param position the last position reached, for position queries
 */
public record Segment(Format format, double rate, long start, long stop, long time, long base, long position) {

    public Segment {
        if (rate == 0.0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("segment rate must be non-zero, not " + rate);
        }
        if (start < 0) {
            throw new IllegalArgumentException("segment start must be >= 0, not " + start);
        }
        if (stop != ClockTime.NONE && stop < start) {
            throw new IllegalArgumentException("segment stop " + stop + " is before start " + start);
        }
    }

    /** The default segment of a format: everything, from 0, at rate 1. */
    public static Segment of(Format format) {
        return new Segment(format, 1.0, 0, ClockTime.NONE, 0, 0, 0);
    }

    /**
     * The running time of timestamp {@code t}, NONE if it is outside the segment
     * ({@code gst_segment_to_running_time}): played forwards, {@code (t - start) / rate + base};
     * backwards (rate &lt; 0, which needs a stop), {@code (stop - t) / |rate| + base}.
     */
    public long toRunningTime(long t) {
        if (t == ClockTime.NONE || t < start || (stop != ClockTime.NONE && t > stop)) {
            return ClockTime.NONE;
        }
        long delta;
        if (rate > 0) {
            delta = t - start;
        } else if (stop != ClockTime.NONE) {
            delta = stop - t;
        } else {
            return ClockTime.NONE;
        }
        if (rate != 1.0) {
            delta = (long) (delta / Math.abs(rate));
        }
        return delta + base;
    }

    /**
     * The stream time of timestamp {@code t} (for position queries), NONE outside the segment:
     * {@code t - start + time}. The rate changes how fast the stream is played, not where in it
     * a timestamp lies (GStreamer's applied rate, always 1 here).
     */
    public long toStreamTime(long t) {
        if (t == ClockTime.NONE || t < start || (stop != ClockTime.NONE && t > stop)) {
            return ClockTime.NONE;
        }
        return t - start + time;
    }

    /** Whether a buffer {@code [t, t + duration)} touches the segment (no timestamp: yes). */
    public boolean clips(long t, long duration) {
        if (t == ClockTime.NONE) {
            return true;
        }
        long end = duration == ClockTime.NONE ? t : t + duration;
        if (stop != ClockTime.NONE && t > stop) {
            return false;
        }
        return end >= start;
    }

    /** This segment with another position. */
    public Segment withPosition(long newPosition) {
        return new Segment(format, rate, start, stop, time, base, newPosition);
    }

    /** This segment with another base (running time before it). */
    public Segment withBase(long newBase) {
        return new Segment(format, rate, start, stop, time, newBase, position);
    }

    @Override
    public String toString() {
        return "segment[" + format + ", rate=" + rate + ", start=" + ClockTime.toString(start)
                + ", stop=" + ClockTime.toString(stop) + ", time=" + ClockTime.toString(time)
                + ", base=" + ClockTime.toString(base) + "]";
    }
}
