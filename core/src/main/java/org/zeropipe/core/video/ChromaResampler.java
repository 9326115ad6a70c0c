package org.zeropipe.core.video;

/**
 * Chroma subsampling of unpacked lines before they are packed, as GStreamer's
 * {@code GstVideoChromaResample} does it when a source writes a subsampled format
 * ({@code video-chroma.c}, 1.22): horizontally each chroma sample is the average of its pixel
 * pair, or a [1 2 1] filter when chroma is horizontally co-sited (mpeg2); vertically 4:2:0
 * averages two lines unless chroma is vertically co-sited. Lines hold 4 values per pixel
 * (A, Y, U, V); only U and V change.
 */
final class ChromaResampler {

    private enum Horizontal { NONE, H2, H2_COSITED }

    private final Horizontal horizontal;
    private final boolean vertical;

    private ChromaResampler(Horizontal horizontal, boolean vertical) {
        this.horizontal = horizontal;
        this.vertical = vertical;
    }

    static ChromaResampler of(VideoInfo info) {
        VideoFormat f = info.format();
        if (!f.isYuv()) {
            return new ChromaResampler(Horizontal.NONE, false);
        }
        VideoComponent u = f.component(1);
        Horizontal h = u.wSub() == 0 ? Horizontal.NONE
                : (info.chromaSite().flags() & ChromaSite.FLAG_H_COSITED) != 0 ? Horizontal.H2_COSITED
                : Horizontal.H2;
        boolean v = u.hSub() > 0 && (info.chromaSite().flags() & ChromaSite.FLAG_V_COSITED) == 0;
        return new ChromaResampler(h, v);
    }

    /** How many lines {@link #resample} takes at once (2 when averaging lines vertically). */
    int lines() {
        return vertical ? 2 : 1;
    }

    /** Resamples the group in place; the result is in {@code lines[0]}'s U and V. */
    void resample(int[][] lines, int width) {
        int[] l0 = lines[0];
        if (vertical && lines[1] != l0) {
            int[] l1 = lines[1];
            for (int i = 0; i < width; i++) {
                int k = 4 * i;
                l0[k + 2] = (l0[k + 2] + l1[k + 2] + 1) >> 1;
                l0[k + 3] = (l0[k + 3] + l1[k + 3] + 1) >> 1;
            }
        }
        switch (horizontal) {
            case H2 -> downH2(l0, width);
            case H2_COSITED -> downH2Cosited(l0, width);
            case NONE -> { }
        }
    }

    private static void downH2(int[] p, int width) {
        for (int i = 0; i < width - 1; i += 2) {
            int k = 4 * i;
            p[k + 2] = (p[k + 2] + p[k + 6] + 1) >> 1;
            p[k + 3] = (p[k + 3] + p[k + 7] + 1) >> 1;
        }
    }

    private static void downH2Cosited(int[] p, int width) {
        if (width < 2) {
            return;
        }
        for (int c = 2; c <= 3; c++) {
            p[c] = (3 * p[c] + p[4 + c] + 2) >> 2;
            int i = 2;
            for (; i < width - 2; i += 2) {
                int k = 4 * i + c;
                p[k] = (p[k - 4] + 2 * p[k] + p[k + 4] + 2) >> 2;
            }
            if (i < width) {
                int k = 4 * i + c;
                p[k] = (p[k - 4] + 3 * p[k] + 2) >> 2;
            }
        }
    }
}
