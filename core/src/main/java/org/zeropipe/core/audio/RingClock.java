package org.zeropipe.core.audio;

import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.SystemClock;

/**
 * The clock of an audio sink: the time of the sample being played, read from its
 * {@link AudioRingBuffer} (GStreamer's {@code GstAudioClock}). It stands still while the ring
 * does not play, never goes back, and goes on from where it was with a new ring.
 */
public final class RingClock implements Clock {

    private volatile AudioRingBuffer ring;
    private long last;
    private long offset;                  // clock time - the ring's time, set when a ring is attached

    /** Reads {@code ring} (null: stands still until {@link #attach}). */
    public RingClock(AudioRingBuffer ring) {
        this.ring = ring;
    }

    /**
     * Follows another ring (a sink made a new one for new caps): the time goes on from where it
     * was, not from the new ring's 0.
     */
    public synchronized void attach(AudioRingBuffer newRing) {
        time();
        ring = newRing;
        offset = newRing == null ? 0 : last - newRing.playedTime();
    }

    @Override
    public synchronized long time() {
        AudioRingBuffer r = ring;
        long t = r == null ? last : offset + r.playedTime();
        if (t > last) {
            last = t;
        }
        return last;
    }

    @Override
    public ClockId newSingleShotId(long time) {
        return new Id(time);
    }

    @Override
    public String toString() {
        return "RingClock[" + ring + "]";
    }

    /**
     * A wait on the ring's time: short waits on the system clock (at most a millisecond each,
     * the ring may pause) until the ring's time has come.
     */
    private final class Id implements ClockId {
        private final long time;
        private volatile boolean unscheduled;
        private volatile ClockId current;
        private long jitter;

        Id(long time) {
            this.time = time;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        public WaitResult await() {
            long now = RingClock.this.time();
            jitter = now - time;
            if (now >= time) {
                return unscheduled ? WaitResult.UNSCHEDULED : WaitResult.EARLY;
            }
            while (!unscheduled) {
                now = RingClock.this.time();
                if (now >= time) {
                    jitter = now - time;
                    return WaitResult.OK;
                }
                ClockId step = SystemClock.get().newSingleShotId(System.nanoTime() + Math.min(time - now, 1_000_000));
                current = step;
                if (!unscheduled) {
                    step.await();
                }
                current = null;
            }
            return WaitResult.UNSCHEDULED;
        }

        @Override
        public long jitter() {
            return jitter;
        }

        @Override
        public void unschedule() {
            unscheduled = true;
            ClockId c = current;
            if (c != null) {
                c.unschedule();
            }
        }
    }
}
