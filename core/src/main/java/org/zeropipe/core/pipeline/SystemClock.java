package org.zeropipe.core.pipeline;

import java.util.concurrent.locks.LockSupport;

/** The clock of {@link System#nanoTime()}: monotonic, the default pipeline clock. */
public final class SystemClock implements Clock {

    private static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    /** The one system clock. */
    public static SystemClock get() {
        return INSTANCE;
    }

    @Override
    public long time() {
        return System.nanoTime();
    }

    @Override
    public ClockId newSingleShotId(long time) {
        return new Id(this, time);
    }

    @Override
    public String toString() {
        return "SystemClock";
    }

    private static final class Id implements ClockId {
        private final Clock clock;
        private final long time;
        private volatile boolean unscheduled;
        private volatile Thread waiter;
        private long jitter;

        Id(Clock clock, long time) {
            this.clock = clock;
            this.time = time;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        public WaitResult await() {
            long now = clock.time();
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
                    now = clock.time();
                    if (now >= time) {
                        jitter = now - time;
                        return WaitResult.OK;
                    }
                    LockSupport.parkNanos(this, time - now);
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
