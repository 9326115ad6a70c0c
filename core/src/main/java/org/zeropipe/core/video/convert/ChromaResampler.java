package org.zeropipe.core.video.convert;

/**
 * Chroma up- and down-sampling by two on intermediate lines (U at index 2 and V at index 3 of
 * each pixel's four ints), GStreamer's {@code video-chroma.c} filters with their rounding:
 * centred chroma is interpolated 3:1 / 1:3 and averaged in pairs; horizontally co-sited chroma
 * is interpolated 1:1 and filtered 1:2:1. GStreamer leaves vertically co-sited chroma
 * unfiltered, and so does this.
 *
 * @param horizontal resample across a line
 * @param vertical resample across line pairs
 * @param hCosited the chroma is co-sited with the first luma sample horizontally
 */
public record ChromaResampler(boolean horizontal, boolean vertical, boolean hCosited) {

    /** The resampler for a format whose chroma is subsampled by {@code wSub}, {@code hSub} (log2) at {@code site}, or null. */
    static ChromaResampler of(int wSub, int hSub, int site) {
        boolean vCosited = (site & ColorSpec.SITE_V_COSITED) != 0;
        boolean vertical = hSub == 1 && !vCosited;
        if (wSub == 0 && !vertical) {
            return null;
        }
        return new ChromaResampler(wSub == 1, vertical, (site & ColorSpec.SITE_H_COSITED) != 0);
    }

    /** Interpolates the repeated chroma of one line in place. */
    void upH(int[] p, int width) {
        if (!horizontal) {
            return;
        }
        for (int c = 2; c <= 3; c++) {
            if (hCosited) {
                for (int i = 1; i < width - 1; i += 2) {
                    p[c + 4 * i] = (p[c + 4 * (i - 1)] + p[c + 4 * (i + 1)] + 1) >> 1;
                }
            } else {
                int t1 = p[c];
                for (int i = 1; i < width - 1; i += 2) {
                    int t0 = t1;
                    t1 = p[c + 4 * (i + 1)];
                    p[c + 4 * i] = (3 * t0 + t1 + 2) >> 2;
                    p[c + 4 * (i + 1)] = (t0 + 3 * t1 + 2) >> 2;
                }
            }
        }
    }

    /**
     * Vertical interpolation of line {@code row} (already horizontally upsampled) from
     * {@code partner}: for an odd row the next one, for an even row the previous one (clamped).
     */
    void upV(int[] line, int[] partner, boolean oddRow, int width) {
        if (!vertical) {
            return;
        }
        for (int o = 0, n = width * 4; o < n; o += 4) {
            for (int c = 2; c <= 3; c++) {
                line[o + c] = oddRow ? (3 * line[o + c] + partner[o + c] + 2) >> 2
                        : (partner[o + c] + 3 * line[o + c] + 2) >> 2;
            }
        }
    }

    /** Averages the chroma of an even line with the next one into the even line, then filters it horizontally. */
    void down(int[] even, int[] odd, int width) {
        if (vertical) {
            for (int o = 0, n = width * 4; o < n; o += 4) {
                even[o + 2] = (even[o + 2] + odd[o + 2] + 1) >> 1;
                even[o + 3] = (even[o + 3] + odd[o + 3] + 1) >> 1;
            }
        }
        downH(even, width);
    }

    void downH(int[] p, int width) {
        if (!horizontal) {
            return;
        }
        for (int c = 2; c <= 3; c++) {
            if (hCosited) {
                if (width < 2) {
                    continue;
                }
                p[c] = (3 * p[c] + p[c + 4] + 2) >> 2;
                int i;
                for (i = 2; i < width - 2; i += 2) {
                    p[c + 4 * i] = (p[c + 4 * (i - 1)] + 2 * p[c + 4 * i] + p[c + 4 * (i + 1)] + 2) >> 2;
                }
                if (i < width) {
                    p[c + 4 * i] = (p[c + 4 * (i - 1)] + 3 * p[c + 4 * i] + 2) >> 2;
                }
            } else {
                for (int i = 0; i < width - 1; i += 2) {
                    p[c + 4 * i] = (p[c + 4 * i] + p[c + 4 * (i + 1)] + 1) >> 1;
                }
            }
        }
    }
}
