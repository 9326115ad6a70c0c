package org.zeropipe.core.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The bounded touch records of a tracked object (Netty's ResourceLeakDetector records). */
class TouchHistoryTest {

    private static List<Long> numbers(TouchHistory h) {
        return h.recorded().stream().map(TouchHistory.Touch::number).toList();
    }

    @Test
    void trackingRecordsEveryTouchAndKeepsTheFirstAndTheLatest() {
        TouchHistory h = new TouchHistory(8, true);
        for (int i = 1; i <= 100; i++) {
            h.touch("t" + i);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 97L, 98L, 99L, 100L), numbers(h));
        assertEquals(100, h.recordedCount(), "a stack walk per touch when tracking");
        assertEquals("t100", h.last().site().what());
        assertSame(h.last().site(), h.released(), "the release site is the last touch");
    }

    @Test
    void samplingKeepsTheFirstTouchesAndAThinnedTailEndingNearTheLastTouch() {
        TouchHistory h = new TouchHistory(8, false);
        int touches = 1_000_000;
        for (int i = 0; i < touches; i++) {
            h.touch("poke");
        }
        List<Long> kept = numbers(h);
        assertEquals(8, kept.size(), "at most 8 records: " + kept);
        assertEquals(List.of(1L, 2L, 3L, 4L), kept.subList(0, 4), "the first touches are kept");
        assertEquals(touches, h.count());
        assertTrue(h.last().number() > touches - 2 * TouchHistory.MAX_GAP,
                "the last record is one of the latest touches: " + kept);
        // After the first touches about one touch in MAX_GAP walks the stack (mean gap ~1024,
        // so ~1000 walks here; 3000 is far beyond any random spread), the others only count.
        assertTrue(h.recordedCount() < 3 * touches / TouchHistory.MAX_GAP, "stack walks: " + h.recordedCount());
    }

    @Test
    void aReleaseAfterAnUnrecordedTouchIsRecordedWhereItHappens() {
        TouchHistory h = new TouchHistory(2, false);
        long recordedBefore;
        do {
            recordedBefore = h.recordedCount();
            h.touch("poke");
        } while (h.recordedCount() > recordedBefore); // until a touch goes unrecorded
        LeakRecord.Site released = h.released();
        assertEquals("released", released.what());
        assertTrue(released.where().contains("aReleaseAfterAnUnrecordedTouchIsRecordedWhereItHappens"),
                released.where());
    }

    @Test
    void aSampledRecordReportsWhereItWasAllocatedFirstAndLastTouched() {
        LeakTracker.Mode mode = LeakTracker.mode();
        int interval = LeakTracker.sampleInterval();
        int records = LeakTracker.maxTouchRecords();
        LeakTracker.setMode(LeakTracker.Mode.SAMPLE);
        LeakTracker.setSampleInterval(1);
        LeakTracker.setMaxTouchRecords(4);
        LeakRecord record;
        try {
            record = LeakTracker.track(new Object(), LeakTracker.ORDER_MEMORY, o -> { });
        } finally {
            LeakTracker.setMode(mode);
            LeakTracker.setSampleInterval(interval);
            LeakTracker.setMaxTouchRecords(records);
        }
        for (int i = 0; i < 50_000; i++) {
            pokeInALoop(record);
        }
        assertEquals(50_000, record.touchCount());
        assertEquals(4, record.recordedTouches().size(), "the configured cap");
        String report = record.report();
        assertTrue(report.contains("allocated at org.zeropipe.core.leak.TouchHistoryTest.aSampledRecord"), report);
        assertTrue(report.contains("touched (poke, #1) at org.zeropipe.core.leak.TouchHistoryTest.pokeInALoop"),
                report);
        assertEquals(3, report.split("  touched \\(poke, #", -1).length - 1, "3 touches, then the last: " + report);
        assertTrue(report.contains("last recorded touch (poke, #") || report.contains("last touched (poke, 50000"),
                report);
        assertTrue(report.contains(" of 50000 touches)") || report.contains("50000 touches)"), report);
        record.close();
        assertTrue(record.isClosed());
    }

    private static void pokeInALoop(LeakRecord record) {
        record.touch("poke");
    }

    @Test
    void theCapIsAtLeastTwo() {
        assertThrows(IllegalArgumentException.class, () -> LeakTracker.setMaxTouchRecords(1));
        assertThrows(IllegalArgumentException.class, () -> new TouchHistory(1, false));
    }
}
