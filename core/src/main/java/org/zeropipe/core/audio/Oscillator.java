package org.zeropipe.core.audio;

import java.util.SplittableRandom;

/**
 * The waveforms of {@code audiotestsrc}, computed as GStreamer's {@code gstaudiotestsrc.c}
 * does (the phase accumulator advances before each sample; values are {@code volume * scale}
 * times the wave, where scale is the full scale of the format the samples are made in), so
 * that a sine matches GStreamer's within float rounding.
 */
public final class Oscillator {

    /** The waveforms. */
    public enum Wave { SINE, SQUARE, SAW, TRIANGLE, SILENCE, WHITE_NOISE, TICKS }

    private static final double TWO_PI = Math.PI + Math.PI;

    private final double[] sineTable = new double[1024];
    private final SplittableRandom random = new SplittableRandom(0x5eed);
    private double accumulator;
    private double[] phases = new double[0];
    private double[] values = new double[0];

    public Oscillator() {
        double step = TWO_PI / 1024.0;
        double ang = 0;
        for (int i = 0; i < 1024; i++) {
            sineTable[i] = Math.sin(ang);
            ang += step;
        }
    }

    /** Back to phase 0 (a new stream). */
    public void reset() {
        accumulator = 0;
    }

    /**
     * Fills {@code out} with {@code frames} interleaved frames of {@code channels} samples.
     *
     * @param firstSample the stream position of the first frame (ticks start each interval)
     * @param samplesBetweenTicks frames from one tick to the next (ticks only)
     */
    public void generate(Wave wave, double freq, double volume, double scale, int rate, int channels,
                         long firstSample, long samplesBetweenTicks, double[] out, int frames) {
        double step = TWO_PI * freq / rate;
        int i = 0;
        switch (wave) {
            case SINE -> {
                // The phases first (sequential), then all sines at once (SIMD where available).
                if (phases.length < frames) {
                    phases = new double[frames];
                    values = new double[frames];
                }
                for (int f = 0; f < frames; f++) {
                    advance(step);
                    phases[f] = accumulator;
                }
                AudioKernels.INSTANCE.sinScaled(phases, frames, volume * scale, values);
                spread(values, frames, channels, out);
            }
            case SQUARE -> {
                double amp = volume * scale;
                for (int f = 0; f < frames; f++) {
                    advance(step);
                    double v = accumulator < Math.PI ? amp : -amp;
                    for (int c = 0; c < channels; c++) {
                        out[i++] = v;
                    }
                }
            }
            case SAW -> {
                double amp = volume * scale / Math.PI;
                for (int f = 0; f < frames; f++) {
                    advance(step);
                    double v = accumulator < Math.PI ? accumulator * amp : (TWO_PI - accumulator) * -amp;
                    for (int c = 0; c < channels; c++) {
                        out[i++] = v;
                    }
                }
            }
            case TRIANGLE -> {
                double amp = volume * scale / (Math.PI / 2);
                for (int f = 0; f < frames; f++) {
                    advance(step);
                    double a = accumulator;
                    double v = a < Math.PI / 2 ? a * amp : a < Math.PI * 1.5 ? (a - Math.PI) * -amp : (TWO_PI - a) * -amp;
                    for (int c = 0; c < channels; c++) {
                        out[i++] = v;
                    }
                }
            }
            case SILENCE -> java.util.Arrays.fill(out, 0, frames * channels, 0.0);
            case WHITE_NOISE -> {
                double amp = volume * scale;
                for (int n = 0; n < frames * channels; n++) {
                    out[n] = amp * (random.nextDouble() * 2 - 1);
                }
            }
            case TICKS -> {
                // A tick: 10 sine periods from the table at the start of each interval.
                int nonZero = (int) (rate * 10 / freq);
                double amp = volume * scale;
                double scl = 1024.0 / TWO_PI;
                for (int f = 0; f < frames; f++) {
                    long mod = (firstSample + f) % samplesBetweenTicks;
                    double v;
                    if (mod == 0) {
                        accumulator = 0;
                        v = 0;
                    } else if (mod < nonZero) {
                        v = amp * sineTable[(int) (accumulator * scl)];
                    } else {
                        v = 0;
                    }
                    for (int c = 0; c < channels; c++) {
                        out[i++] = v;
                    }
                    advance(step);
                }
            }
        }
    }

    /** Copies one value per frame to every channel of the frame. */
    private static void spread(double[] values, int frames, int channels, double[] out) {
        if (channels == 1) {
            System.arraycopy(values, 0, out, 0, frames);
            return;
        }
        int i = 0;
        for (int f = 0; f < frames; f++) {
            double v = values[f];
            for (int c = 0; c < channels; c++) {
                out[i++] = v;
            }
        }
    }

    private void advance(double step) {
        accumulator += step;
        if (accumulator >= TWO_PI) {
            accumulator -= TWO_PI;
        }
    }
}
