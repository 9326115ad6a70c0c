package org.zeropipe.core.pipeline;

/**
 * A source of monotonic time in nanoseconds that sinks wait on: GStreamer's {@code GstClock}
 * (design doc {@code clocks.md}). A pipeline picks one clock and gives it to every element with
 * a base time; an element's running time is then {@code clock.time() - baseTime}.
 */
public interface Clock {

    /** The current time of this clock, in nanoseconds. */
    long time();

    /** A wait for {@code time}, to be {@linkplain ClockId#await() awaited} once by one thread. */
    ClockId newSingleShotId(long time);

    /** What {@link ClockId#await()} reports. */
    enum WaitResult {
        /** The time was reached (the wait blocked, or was just in time). */
        OK,
        /** The time had already passed when the wait began. */
        EARLY,
        /** {@link ClockId#unschedule()} woke it (flush or state change). */
        UNSCHEDULED
    }

    /** One scheduled wait. {@link #unschedule()} may be called from any thread at any time. */
    interface ClockId {

        /** The time this id waits for. */
        long time();

        /** Blocks until the time, or until unscheduled. */
        WaitResult await();

        /** After {@link #await()}: how late the wait returned (negative: it was early). */
        long jitter();

        /** Wakes the waiting thread (or makes the next await return at once) with UNSCHEDULED. */
        void unschedule();
    }
}
