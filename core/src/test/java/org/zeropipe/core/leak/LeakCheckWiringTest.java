package org.zeropipe.core.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The leak check watches every test class without being named in it. */
class LeakCheckWiringTest {

    @Test
    void theLeakCheckWatchesThisTest(TestInfo test) {
        assertEquals(LeakTracker.Mode.TRACK, LeakTracker.mode());
        String id = LeakCheckExtension.watching();
        assertTrue(id != null && id.contains(LeakCheckWiringTest.class.getName())
                && id.contains(test.getTestMethod().orElseThrow().getName()), "watching " + id);
    }
}
