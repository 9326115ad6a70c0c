package org.zeropipe.core.video.convert;

import java.util.stream.IntStream;

/** Splits a frame's rows into bands of an even number of rows and runs them in parallel. */
final class RowBands {

    /** Bands of fewer rows are not worth a thread. */
    static final int MIN_BAND_ROWS = 64;

    private RowBands() {
    }

    /** Converts rows [y0, y1) of {@code dst}; y0 is even. */
    interface Band {
        void run(FramePlanes src, FramePlanes dst, int y0, int y1);
    }

    /**
     * Runs {@code band} over rows [0, rows) on up to {@code threads} threads (0: one per
     * processor), each band starting on an even row; returns when all are done.
     */
    static void run(int rows, int threads, FramePlanes src, FramePlanes dst, Band band) {
        int cpus = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int bands = Math.max(1, Math.min(cpus, rows / MIN_BAND_ROWS));
        if (bands == 1) {
            band.run(src, dst, 0, rows);
            return;
        }
        FramePlanes from = src.shared();
        FramePlanes to = dst.shared();
        int pairs = (rows + 1) / 2;
        IntStream.range(0, bands).parallel().forEach(b -> {
            int y0 = 2 * (int) ((long) pairs * b / bands);
            int y1 = Math.min(rows, 2 * (int) ((long) pairs * (b + 1) / bands));
            band.run(from, to, y0, y1);
        });
    }
}
