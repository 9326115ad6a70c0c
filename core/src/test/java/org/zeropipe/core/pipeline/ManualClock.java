package org.zeropipe.core.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A clock for deterministic timing tests: its time moves only when the test says, and every
 * wait returns at once (OK, or EARLY with the jitter the test set), recording the time it was
 * for.
 */
final class ManualClock implements Clock {
    volatile long now = 1_000_000_000L;
    volatile long jitter;
    final List<Long> waits = Collections.synchronizedList(new ArrayList<>());

    @Override
    public long time() {
        return now;
    }

    @Override
    public ClockId newSingleShotId(long time) {
        return new ClockId() {
            @Override
            public long time() {
                return time;
            }

            @Override
            public WaitResult await() {
                waits.add(time);
                return jitter > 0 ? WaitResult.EARLY : WaitResult.OK;
            }

            @Override
            public long jitter() {
                return jitter;
            }

            @Override
            public void unschedule() {
            }
        };
    }
}
