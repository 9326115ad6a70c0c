package org.zeropipe.core.video.convert;

import java.util.concurrent.ForkJoinTask;

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
     * processor), each band starting on an even row; returns when all are done. If bands fail,
     * it still waits for every band before rethrowing the first failure (the others
     * suppressed): the bands write through {@link FramePlanes#shared} views, which outlive the
     * mapping the caller closes once this returns, so no band may still run by then.
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
        Throwable[] failures = new Throwable[bands];
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[bands];
        for (int b = 1; b < bands; b++) {
            int index = b;
            tasks[b] = ForkJoinTask.adapt(() -> runBand(index, bands, pairs, rows, from, to, band, failures)).fork();
        }
        runBand(0, bands, pairs, rows, from, to, band, failures); // the caller takes a band too
        for (int b = 1; b < bands; b++) {
            tasks[b].join(); // runBand catches everything: join only waits
        }
        Throwable first = null;
        for (Throwable t : failures) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            } else {
                first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException("a row band failed", first);
        }
    }

    private static void runBand(int b, int bands, int pairs, int rows, FramePlanes from, FramePlanes to, Band band,
            Throwable[] failures) {
        int y0 = 2 * (int) ((long) pairs * b / bands);
        int y1 = Math.min(rows, 2 * (int) ((long) pairs * (b + 1) / bands));
        try {
            band.run(from, to, y0, y1);
        } catch (Throwable t) {
            failures[b] = t; // read after join: the join orders this write before the read
        }
    }
}
