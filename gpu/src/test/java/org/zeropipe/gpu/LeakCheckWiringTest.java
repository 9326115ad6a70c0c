package org.zeropipe.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.zeropipe.core.leak.LeakCheckExtension;
import org.zeropipe.core.leak.LeakTracker;

/** The leak check from core's test jar watches this module's tests too. */
class LeakCheckWiringTest {

    @Test
    void theLeakCheckWatchesThisModule(TestInfo test) {
        assertEquals(LeakTracker.Mode.TRACK, LeakTracker.mode());
        String id = LeakCheckExtension.watching();
        assertEquals(true, id != null && id.contains(LeakCheckWiringTest.class.getName()) && id.contains(test.getTestMethod().orElseThrow().getName()),
                "watching " + id);
    }
}
