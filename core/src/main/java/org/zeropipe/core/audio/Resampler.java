package org.zeropipe.core.audio;

/**
 * A polyphase windowed-sinc sample-rate converter ({@link ResamplerFilter}) for interleaved
 * audio, keeping its own input history so that it can be fed buffers of any size.
 *
 * <p>Output frame {@code j} is the filtered input at instant {@code j * in / out} (in input
 * frames): the filter is centred, so output and input stay aligned in time (no delay to
 * compensate); input before the stream's start is silence. {@link #drain} flushes the last
 * outputs at the end of the stream, for {@code ceil(inputFrames * out / in)} in total.
 */
public final class Resampler {

    private final int channels;
    private final int inRate;
    private final int outRate;
    private final long step;   // input rate / gcd: how far one output moves, in 1/phases input frames
    private final long phases; // output rate / gcd
    private final ResamplerFilter filter;
    private final int taps;
    private final int half;
    private final float[] coeffs; // the interpolated row (oversampled table only)
    private float[][] history;    // per channel: input frames [base, base + fill)
    private long base;
    private int fill;
    private long inFrames;        // input frames pushed
    private long outFrames;       // output frames made

    public Resampler(int inRate, int outRate, int channels, int quality) {
        if (inRate <= 0 || outRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("resampler needs positive rates and channels, not " + inRate + " -> "
                    + outRate + " Hz, " + channels + " channels");
        }
        long g = gcd(inRate, outRate);
        this.channels = channels;
        this.inRate = inRate;
        this.outRate = outRate;
        this.step = inRate / g;
        this.phases = outRate / g;
        this.filter = new ResamplerFilter(quality, inRate, outRate, (int) Math.min(Integer.MAX_VALUE, phases));
        this.taps = filter.taps;
        this.half = taps / 2;
        this.coeffs = new float[taps];
        this.history = new float[channels][Math.max(4096, 4 * taps)];
        reset();
    }

    /** Forgets the stream: empty history, positions back to 0. */
    public void reset() {
        base = -(half - 1);
        fill = half - 1; // silence before the first frame
        for (float[] h : history) {
            java.util.Arrays.fill(h, 0, fill, 0f);
        }
        inFrames = 0;
        outFrames = 0;
    }

    public int taps() {
        return taps;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Output frames made so far. */
    public long outFrames() {
        return outFrames;
    }

    /** The most output frames {@link #process} can make after {@code moreInput} more input frames. */
    public int maxOutput(int moreInput) {
        long avail = inFrames + moreInput;
        return (int) Math.max(0, (avail * phases + step - 1) / step - outFrames + 1);
    }

    /**
     * Takes {@code frames} interleaved input frames from {@code in} and writes the output
     * frames they complete into {@code out} (interleaved). Returns the number of output frames.
     */
    public int process(float[] in, int frames, float[] out) {
        append(in, frames);
        inFrames += frames;
        return produce(out, Long.MAX_VALUE);
    }

    /**
     * Ends the stream: the outputs still owed (up to {@code ceil(inputFrames * out / in)} in
     * all) are made from the history padded with silence. Returns their number.
     */
    public int drain(float[] out) {
        long total = (inFrames * phases + step - 1) / step;
        float[] zeros = new float[(half + 1) * channels];
        append(zeros, half + 1);
        return produce(out, total);
    }

    /** Output frames still owed by {@link #drain}. */
    public int pendingAtDrain() {
        return (int) Math.max(0, (inFrames * phases + step - 1) / step - outFrames);
    }

    private void append(float[] in, int frames) {
        if (fill + frames > history[0].length) {
            int cap = Math.max(history[0].length * 2, fill + frames);
            for (int c = 0; c < channels; c++) {
                history[c] = java.util.Arrays.copyOf(history[c], cap);
            }
        }
        for (int c = 0; c < channels; c++) {
            float[] h = history[c];
            for (int f = 0, i = c; f < frames; f++, i += channels) {
                h[fill + f] = in[i];
            }
        }
        fill += frames;
    }

    private int produce(float[] out, long limit) {
        int made = 0;
        long avail = base + fill; // the first input frame not yet in the history
        long num = outFrames * step;
        long ipos = num / phases;
        long phase = num % phases;
        AudioKernels k = AudioKernels.INSTANCE;
        boolean exact = filter.exact;
        float[] table = filter.table;
        while (outFrames < limit && ipos + half < avail) {
            int start = (int) (ipos - half + 1 - base);
            float[] h = exact ? table : row(phase);
            int hoff = exact ? (int) phase * taps : 0;
            if (channels == 2) {
                k.dot2(history[0], history[1], start, h, hoff, taps, out, made * 2);
            } else {
                for (int c = 0; c < channels; c++) {
                    out[made * channels + c] = k.dot(history[c], start, h, hoff, taps);
                }
            }
            made++;
            outFrames++;
            phase += step; // the next output's instant, kept as ipos + phase / phases
            while (phase >= phases) {
                phase -= phases;
                ipos++;
            }
        }
        discardBefore(outFrames * step / phases - half + 1);
        return made;
    }

    private float[] row(long phase) {
        if (filter.exact) {
            return filter.table;
        }
        double pos = (double) phase / phases * ResamplerFilter.OVERSAMPLE;
        int r = (int) pos;
        float a = (float) (pos - r);
        float[] t = filter.table;
        int o0 = r * taps;
        int o1 = o0 + taps;
        for (int k = 0; k < taps; k++) {
            coeffs[k] = t[o0 + k] + a * (t[o1 + k] - t[o0 + k]);
        }
        return coeffs;
    }

    /** Drops history before input frame {@code first}, moving what is left to the front. */
    private void discardBefore(long first) {
        int drop = (int) Math.min(fill, first - base);
        if (drop <= 0 || drop < history[0].length / 4) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(history[c], drop, history[c], 0, fill - drop);
        }
        fill -= drop;
        base += drop;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
