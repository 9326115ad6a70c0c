package org.zeropipe.core.audio;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Converts frames from one {@link AudioInfo} to another of the same rate: unpack to doubles,
 * mix channels ({@link ChannelMixer}), quantize with optional dither, pack. Either side may be
 * interleaved or non-interleaved (one plane per channel, at the offsets given): planes are
 * read into and written from the interleaved block in the same pass. Works in blocks so its
 * scratch arrays stay small.
 *
 * <p>Dither, as GStreamer: only when the output is an integer format of at most 20 bits that
 * loses precision (the input is float, or deeper). TPDF adds triangular noise of ±1 LSB.
 */
public final class AudioConverter {

    /** Dither modes. */
    public enum Dither { NONE, TPDF }

    private static final int BLOCK = 1024;

    private final AudioInfo in;
    private final AudioInfo out;
    private final ChannelMixer mixer;
    private final boolean dither;
    private final double[] a;
    private final double[] b;
    private final double[] noise;
    private final boolean floatRoute; // S8/U8/S16/U16/F32 to F32: exact in float
    private final float[] f;
    private final double[] plane; // one channel of a block, for non-interleaved sides
    private final double[] planeNoise;
    private final SplittableRandom random = new SplittableRandom(0x7dfL);

    public AudioConverter(AudioInfo in, AudioInfo out, Dither mode) {
        if (in.rate() != out.rate()) {
            throw new IllegalArgumentException("a converter keeps the rate: " + in.rate() + " vs " + out.rate()
                    + " (resample first)");
        }
        this.in = in;
        this.out = out;
        this.mixer = new ChannelMixer(in.positions(), out.positions());
        AudioFormat of = out.format();
        boolean loses = of.isInteger() && (in.format().isFloat() || in.format().width() > of.width());
        this.dither = mode == Dither.TPDF && loses && of.width() <= 20;
        this.a = new double[BLOCK * in.channels()];
        this.b = mixer.isIdentity() ? a : new double[BLOCK * out.channels()];
        this.noise = dither ? new double[BLOCK * out.channels()] : null;
        this.plane = in.interleaved() && out.interleaved() ? null : new double[BLOCK];
        this.planeNoise = dither && !out.interleaved() ? new double[BLOCK] : null;
        this.floatRoute = plane == null && mixer.isIdentity() && out.format() == AudioFormat.F32LE
                && (in.format() == AudioFormat.F32LE || in.format().isInteger() && in.format().width() <= 16);
        this.f = floatRoute ? new float[BLOCK * in.channels()] : null;
    }

    public AudioInfo in() {
        return in;
    }

    public AudioInfo out() {
        return out;
    }

    /** Whether TPDF dither is applied (the mode asked it and the conversion loses precision). */
    public boolean dithers() {
        return dither;
    }

    /** Converts {@code frames} interleaved frames from {@code src} to {@code dst} (both start at byte 0). */
    public void convert(MemorySegment src, MemorySegment dst, int frames) {
        convert(src, null, dst, null, frames);
    }

    /**
     * Converts {@code frames} frames from {@code src} to {@code dst}. A non-interleaved side
     * gives the byte offset of each channel's plane ({@code srcPlanes}, {@code dstPlanes});
     * an interleaved side passes null and starts at byte 0.
     */
    public void convert(MemorySegment src, long[] srcPlanes, MemorySegment dst, long[] dstPlanes, int frames) {
        if (in.interleaved() != (srcPlanes == null) || out.interleaved() != (dstPlanes == null)) {
            throw new IllegalArgumentException("plane offsets are given exactly for the non-interleaved side(s) of "
                    + in + " -> " + out);
        }
        int ic = in.channels();
        int oc = out.channels();
        AudioFormat inf = in.format();
        AudioFormat outf = out.format();
        long ibpf = in.bpf();
        long obpf = out.bpf();
        if (floatRoute) {
            // Same channels, float output: samples go straight through a float block (exact).
            for (int done = 0; done < frames; done += BLOCK) {
                int n = Math.min(BLOCK, frames - done);
                inf.unpackFloats(src, done * ibpf, f, 0, n * ic, a);
                outf.packFloats(f, 0, dst, done * obpf, n * oc, a);
            }
            return;
        }
        for (int done = 0; done < frames; done += BLOCK) {
            int n = Math.min(BLOCK, frames - done);
            if (srcPlanes == null) {
                inf.unpack(src, done * ibpf, a, 0, n * ic);
            } else {
                for (int c = 0; c < ic; c++) {
                    inf.unpack(src, srcPlanes[c] + (long) done * inf.bytes(), plane, 0, n);
                    for (int i = 0; i < n; i++) {
                        a[i * ic + c] = plane[i];
                    }
                }
            }
            if (!mixer.isIdentity()) {
                mixer.mix(a, b, n);
            }
            if (dither) {
                for (int i = 0; i < n * oc; i++) {
                    noise[i] = random.nextDouble() - random.nextDouble();
                }
            }
            if (dstPlanes == null) {
                outf.pack(b, 0, noise, dst, done * obpf, n * oc);
            } else {
                for (int c = 0; c < oc; c++) {
                    for (int i = 0; i < n; i++) {
                        plane[i] = b[i * oc + c];
                        if (planeNoise != null) {
                            planeNoise[i] = noise[i * oc + c];
                        }
                    }
                    outf.pack(plane, 0, planeNoise, dst, dstPlanes[c] + (long) done * outf.bytes(), n);
                }
            }
        }
    }
}
