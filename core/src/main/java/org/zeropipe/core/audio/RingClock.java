package org.zeropipe.core.audio;

import java.util.concurrent.locks.LockSupport;

import org.zeropipe.core.pipeline.Clock;

/**
 * The clock of an audio sink: the time of the sample being played, read from its
 * {@link AudioRingBuffer} (GStreamer's {@code GstAudioClock}). It stands still while the ring
 * does not play and never goes back.
 */
public final class RingClock implements Clock {

    private volatile AudioRingBuffer ring;
    private long last;

    /** Reads {@code ring} (null: stands still until {@link #attach}). */
    public RingClock(AudioRingBuffer ring) {
        this.ring = ring;
    }

    /** Follows another ring (a sink made a new one for new caps); the time never goes back. */
    public void attach(AudioRingBuffer newRing) {
        ring = newRing;
    }

    @Override
    public synchronized long time() {
        AudioRingBuffer r = ring;
        long t = r == null ? last : r.playedTime();
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

    /** A wait on the ring's time: it sleeps at most a millisecond at a time and looks again. */
    private final class Id implements ClockId {
        private final long time;
        private volatile boolean unscheduled;
        private volatile Thread waiter;
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
            if (unscheduled) {
                return WaitResult.UNSCHEDULED;
            }
            if (now >= time) {
                return WaitResult.EARLY;
            }
            waiter = Thread.currentThread();
            try {
                while (!unscheduled) {
                    now = RingClock.this.time();
                    if (now >= time) {
                        jitter = now - time;
                        return WaitResult.OK;
                    }
                    LockSupport.parkNanos(this, Math.min(time - now, 1_000_000));
                }
                return WaitResult.UNSCHEDULED;
            } finally {
                waiter = null;
            }
        }

        @Override
        public long jitter() {
            return jitter;
        }

        @Override
        public void unschedule() {
            unscheduled = true;
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
