package org.zeropipe.core.buffer;

/** Times in nanoseconds, as GStreamer's {@code GstClockTime}; {@link #NONE} means unset. */
public final class ClockTime {
    /** No time (GStreamer's {@code GST_CLOCK_TIME_NONE}, all bits set). */
    public static final long NONE = -1L;
    public static final long NSECOND = 1L;
    public static final long USECOND = 1_000L;
    public static final long MSECOND = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;

    private ClockTime() {
    }

    /** Whether {@code time} is set. */
    public static boolean isValid(long time) {
        return time != NONE;
    }

    /** {@code h:mm:ss.nnnnnnnnn}, or {@code NONE}. */
    public static String toString(long time) {
        if (time == NONE) {
            return "NONE";
        }
        long s = time / SECOND;
        return String.format("%d:%02d:%02d.%09d", s / 3600, (s / 60) % 60, s % 60, time % SECOND);
    }
}
