package org.zeropipe.core.video.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RowBands: every band has finished when run returns, also when a band throws. */
@Timeout(20)
class RowBandsTest {

    private static FramePlanes planes(int rows) {
        return new FramePlanes(new MemorySegment[] {MemorySegment.ofArray(new byte[4 * rows])}, new int[] {4}, 4, rows);
    }

    @Test
    void aFailingBandIsRethrownOnlyAfterEveryOtherBandFinished() {
        int rows = 4 * RowBands.MIN_BAND_ROWS;
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("band at row 0 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> RowBands.run(rows, 4, planes(rows), planes(rows), (s, d, y0, y1) -> {
                    running.incrementAndGet();
                    try {
                        if (y0 == 0) {
                            throw boom;
                        }
                        // The other bands are slow: the caller must not return (and unmap the
                        // frames they write) before they end.
                        Thread.sleep(100L * y0 / RowBands.MIN_BAND_ROWS + 100);
                        finished.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        running.decrementAndGet();
                    }
                }));
        assertEquals(0, running.get(), "no band still runs once run threw");
        assertEquals(3, finished.get(), "every other band ran to its end");
        assertSame(boom, thrown, "the band's own exception, not a wrapper");
    }

    @Test
    void everyFailureIsReportedTheFirstWithTheOthersSuppressed() {
        int rows = 4 * RowBands.MIN_BAND_ROWS;
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> RowBands.run(rows, 4, planes(rows), planes(rows), (s, d, y0, y1) -> {
                    throw new IllegalArgumentException("band at row " + y0);
                }));
        assertEquals("band at row 0", thrown.getMessage());
        assertEquals(3, thrown.getSuppressed().length);
    }

    @Test
    void theBandsCoverEveryRowOnceStartingOnEvenRows() {
        int rows = 4 * RowBands.MIN_BAND_ROWS + 3;
        int[] seen = new int[rows];
        RowBands.run(rows, 4, planes(rows), planes(rows), (s, d, y0, y1) -> {
            assertEquals(0, y0 % 2);
            for (int y = y0; y < y1; y++) {
                synchronized (seen) {
                    seen[y]++;
                }
            }
        });
        for (int y = 0; y < rows; y++) {
            assertEquals(1, seen[y], "row " + y);
        }
    }
}
