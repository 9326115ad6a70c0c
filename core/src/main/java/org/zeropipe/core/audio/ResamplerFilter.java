package org.zeropipe.core.audio;

/**
 * The windowed-sinc low-pass filter of {@link Resampler}: a Kaiser-windowed sinc designed from
 * the quality level as GStreamer's audio-resampler does (stopband attenuation, transition
 * band and cutoff per level; taps = (A - 8) / (2.285 * 2π * Δf) rounded up to a multiple of
 * 8: 8 taps at level 0, 64 at the default 4, 256 at 10), stretched by in/out when
 * downsampling. Each phase's taps are normalised to a DC gain of 1.
 *
 * <p>Coefficients are kept in a table of {@code rows} phases of {@code taps} floats: one row per
 * output phase when the reduced output rate is small (exact), else an oversampled table whose
 * neighbouring rows are interpolated linearly.
 */
public final class ResamplerFilter {

    /** Per quality level: cutoff (of the lower Nyquist), downsampling cutoff factor, attenuation dB, transition band. */
    private static final double[][] KAISER = {
        {0.860, 0.96511, 60, 0.7}, {0.880, 0.96591, 65, 0.29}, {0.910, 0.96923, 70, 0.145},
        {0.920, 0.97600, 80, 0.105}, {0.940, 0.97979, 85, 0.087}, {0.940, 0.98085, 95, 0.077},
        {0.945, 0.99471, 100, 0.068}, {0.950, 1.0, 105, 0.055}, {0.960, 1.0, 110, 0.045},
        {0.968, 1.0, 115, 0.039}, {0.975, 1.0, 120, 0.0305},
    };

    /** Rows of the oversampled table when the exact one would be too large. */
    static final int OVERSAMPLE = 1024;
    private static final int MAX_EXACT_PHASES = 2048;

    final int taps;
    final int rows;
    final boolean exact;
    /** {@code rows + 1} rows of {@code taps} coefficients (the extra row closes the interpolation). */
    final float[] table;

    ResamplerFilter(int quality, int inRate, int outRate, int phases) {
        if (quality < 0 || quality > 10) {
            throw new IllegalArgumentException("quality must be 0..10, not " + quality);
        }
        double[] q = KAISER[quality];
        double attenuation = q[2];
        double tbw = q[3];
        int base = (int) Math.ceil((attenuation - 8) / (2.285 * 2 * Math.PI * tbw));
        double cutoff = q[0];
        double stretch = 1;
        if (outRate < inRate) {
            stretch = (double) inRate / outRate;
            cutoff = cutoff * q[1] / stretch;
        }
        this.taps = roundUp8((int) Math.ceil(base * stretch));
        this.exact = phases <= MAX_EXACT_PHASES;
        this.rows = exact ? phases : OVERSAMPLE;
        this.table = new float[(rows + 1) * taps];
        double beta = attenuation > 50 ? 0.1102 * (attenuation - 8.7)
                : attenuation >= 21 ? 0.5842 * Math.pow(attenuation - 21, 0.4) + 0.07886 * (attenuation - 21) : 0;
        double i0beta = besselI0(beta);
        int half = taps / 2;
        double[] row = new double[taps];
        for (int r = 0; r <= rows; r++) {
            double frac = (double) r / rows;
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                double d = k - half + 1 - frac; // distance of tap k from the output instant, in input frames
                double x = d / half;
                double w = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0beta;
                row[k] = cutoff * sinc(cutoff * d) * w;
                sum += row[k];
            }
            for (int k = 0; k < taps; k++) {
                table[r * taps + k] = (float) (row[k] / sum);
            }
        }
    }

    private static int roundUp8(int n) {
        return Math.max(8, (n + 7) & ~7);
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** The modified Bessel function of the first kind, order 0 (its power series). */
    static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
