package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ResamplerTest {

    /** A sine's fit: amplitude, phase (radians at sample 0) and the RMS of what is left (noise and distortion). */
    record Fit(double amplitude, double phase, double residualRms) {
        double thdnDb() {
            return 20 * Math.log10(residualRms / (amplitude / Math.sqrt(2)));
        }
    }

    /** Least-squares fit of a sine at {@code freq} to {@code x[from, to)}. */
    static Fit fit(double[] x, int from, int to, double freq, double rate) {
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (int n = from; n < to; n++) {
            double s = Math.sin(2 * Math.PI * freq * n / rate), c = Math.cos(2 * Math.PI * freq * n / rate);
            ss += s * s; cc += c * c; sc += s * c; xs += x[n] * s; xc += x[n] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det, b = (xc * ss - xs * sc) / det;
        double e = 0;
        for (int n = from; n < to; n++) {
            double r = x[n] - a * Math.sin(2 * Math.PI * freq * n / rate) - b * Math.cos(2 * Math.PI * freq * n / rate);
            e += r * r;
        }
        return new Fit(Math.hypot(a, b), Math.atan2(b, a), Math.sqrt(e / (to - from)));
    }

    /** Resamples {@code seconds} of a sine in blocks of 1024 frames, drained at the end. */
    static double[] resampleSine(int inRate, int outRate, int quality, double freq, double seconds) {
        Resampler r = new Resampler(inRate, outRate, 1, quality);
        int total = (int) (inRate * seconds);
        double[] out = new double[(int) ((long) total * outRate / inRate) + 2];
        int made = 0;
        float[] in = new float[1024];
        float[] tmp = new float[r.maxOutput(1024) + 1];
        for (int f = 0; f < total; f += 1024) {
            int n = Math.min(1024, total - f);
            for (int i = 0; i < n; i++) {
                in[i] = (float) (0.5 * Math.sin(2 * Math.PI * freq * (f + i) / inRate));
            }
            int m = r.process(in, n, tmp);
            for (int i = 0; i < m; i++) {
                out[made + i] = tmp[i];
            }
            made += m;
        }
        float[] last = new float[r.pendingAtDrain() + 1];
        int m = r.drain(last);
        for (int i = 0; i < m; i++) {
            out[made + i] = last[i];
        }
        made += m;
        assertEquals((long) Math.ceil((double) total * outRate / inRate), made, "output frames");
        return java.util.Arrays.copyOf(out, made);
    }

    @Test
    void thdPlusNoiseImprovesWithQuality() {
        double prevUp = 0;
        StringBuilder report = new StringBuilder("THD+N of a 1 kHz sine (dB), 44100->48000 / 48000->44100 / taps:");
        for (int q = 0; q <= 10; q++) {
            double[] up = resampleSine(44100, 48000, q, 1000, 0.5);
            Fit fu = fit(up, 2000, up.length - 2000, 1000, 48000);
            double[] down = resampleSine(48000, 44100, q, 1000, 0.5);
            Fit fd = fit(down, 2000, down.length - 2000, 1000, 44100);
            report.append(String.format("%n  q%-2d %7.1f %7.1f  %d", q, fu.thdnDb(), fd.thdnDb(), new Resampler(44100, 48000, 1, q).taps()));
            assertEquals(0.5, fu.amplitude(), 0.5 * 0.002, "passband gain at q" + q);
            assertEquals(0, fu.phase(), 1e-3, "no delay at q" + q); // the filter is centred
            assertTrue(fu.thdnDb() < -40, "q" + q + ": " + fu.thdnDb());
            if (q > 0) {
                assertTrue(fu.thdnDb() < prevUp + 3, "q" + q + " is not worse than q" + (q - 1));
            }
            prevUp = fu.thdnDb();
        }
        System.out.println(report);
        assertTrue(prevUp < -100, "quality 10 reaches " + prevUp + " dB");
    }

    @Test
    void theVectorAndScalarKernelsAgree() {
        AudioKernels scalar = new AudioKernels.Scalar();
        AudioKernels chosen = AudioKernels.INSTANCE;
        java.util.Random rnd = new java.util.Random(3);
        float[] x0 = new float[300], x1 = new float[300], h = new float[300];
        for (int i = 0; i < 300; i++) {
            x0[i] = rnd.nextFloat() - 0.5f;
            x1[i] = rnd.nextFloat() - 0.5f;
            h[i] = rnd.nextFloat() - 0.5f;
        }
        for (int n : new int[] {8, 64, 69, 256}) {
            float[] a = new float[2], b = new float[2];
            scalar.dot2(x0, x1, 5, h, 7, n, a, 0);
            chosen.dot2(x0, x1, 5, h, 7, n, b, 0);
            assertEquals(a[0], b[0], 1e-4, chosen.name() + " n=" + n);
            assertEquals(a[1], b[1], 1e-4, chosen.name() + " n=" + n);
            assertEquals(scalar.dot(x0, 3, h, 1, n), chosen.dot(x0, 3, h, 1, n), 1e-4);
        }
        double[] phase = new double[37], s1 = new double[37], s2 = new double[37];
        for (int i = 0; i < phase.length; i++) {
            phase[i] = i * 0.17;
        }
        scalar.sinScaled(phase, 37, 0.8, s1);
        chosen.sinScaled(phase, 37, 0.8, s2);
        for (int i = 0; i < 37; i++) {
            assertEquals(s1[i], s2[i], 1e-15, "sin at " + phase[i]);
        }
    }

    @Test
    void aToneAboveTheNewNyquistIsRemovedWhenDownsampling() {
        double[] down = resampleSine(48000, 22050, 4, 15000, 0.3); // 15 kHz > 11.025 kHz
        double rms = 0;
        for (int i = 500; i < down.length - 500; i++) {
            rms += down[i] * down[i];
        }
        rms = Math.sqrt(rms / (down.length - 1000));
        double db = 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
        assertTrue(db < -60, "alias of a 15 kHz tone at 22050 Hz: " + db + " dB");
    }

    @Test
    void ratesWithLargeReducedFractionsUseTheInterpolatedTable() {
        double[] up = resampleSine(44100, 48001, 4, 1000, 0.3);
        Fit f = fit(up, 2000, up.length - 2000, 1000, 48001);
        assertTrue(f.thdnDb() < -70, "44100->48001: " + f.thdnDb());
        assertEquals(0.5, f.amplitude(), 0.002);
    }
}
