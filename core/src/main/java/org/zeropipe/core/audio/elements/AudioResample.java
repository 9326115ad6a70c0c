package org.zeropipe.core.audio.elements;

import org.zeropipe.core.audio.AudioChunks;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.audio.Resampler;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Changes the sample rate (GStreamer's {@code audioresample}) with a windowed-sinc
 * {@link Resampler}; {@code quality} 0..10 (default 4: 64 taps). Equal rates make it
 * passthrough. Output buffers are stamped from the first input timestamp plus the output
 * frames made ({@code offset} counts output frames); at EOS the last frames are drained.
 *
 * <p>Memory: system memory in and out; resampling computes a new output buffer, which is not
 * a copy and is not reported to the copy tracer. Input spread over several memories is read
 * memory by memory, without merging.
 */
public final class AudioResample extends RawAudioFilter {

    private final Property<Integer> quality;
    private volatile Resampler resampler;
    private volatile AudioInfo inInfo;
    private volatile AudioInfo outInfo;
    private long firstPts = ClockTime.NONE;
    private float[] in = new float[0];
    private float[] out = new float[0];
    private double[] scratch = new double[0];

    public AudioResample(String name) {
        super(name, "rate");
        quality = declare(PropertySpec.ofInt("quality", 4, 0, 10, "resample quality, 0 (fastest) to 10 (best)"));
    }

    public AudioResample() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "audioresample";
    }



    @Override
    protected boolean setCaps(Caps inCaps, Caps outCaps) {
        try {
            AudioInfo i = AudioInfo.fromCaps(inCaps);
            AudioInfo o = AudioInfo.fromCaps(outCaps);
            if (i.format() != o.format() || i.channels() != o.channels()) {
                throw new IllegalArgumentException("only the rate may change");
            }
            inInfo = i;
            outInfo = o;
            resampler = new Resampler(i.rate(), o.rate(), i.channels(), quality.get());
            firstPts = ClockTime.NONE;
            return true;
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot resample " + inCaps + " to " + outCaps + ": " + e.getMessage(), null, null);
            return false;
        }
    }


    @Override
    protected long transformSize(long inSize) {
        Resampler r = resampler;
        AudioInfo i = inInfo;
        if (r == null) {
            return inSize;
        }
        return (long) r.maxOutput((int) (inSize / i.bpf())) * outInfo.bpf();
    }

    @Override
    protected FlowReturn transform(Buffer inBuf, Buffer outBuf) {
        Resampler r = resampler;
        if (r == null) {
            return noCaps();
        }
        AudioInfo i = inInfo;
        int ch = i.channels();
        int frames = (int) (inBuf.size() / i.bpf());
        if (firstPts == ClockTime.NONE) {
            firstPts = ClockTime.isValid(inBuf.pts()) ? inBuf.pts() : 0;
        }
        if (in.length < frames * ch) {
            in = new float[frames * ch];
        }
        int max = r.maxOutput(frames);
        if (out.length < max * ch) {
            out = new float[max * ch];
        }
        if (scratch.length < Math.max(frames, max) * ch) {
            scratch = new double[Math.max(frames, max) * ch];
        }
        float[] samples = in;
        double[] tmp = scratch;
        AudioChunks.forEach(inBuf, i.bpf(), MapFlags.READ,
                (bytes, first, n) -> i.format().unpackFloats(bytes, 0, samples, first * ch, n * ch, tmp));
        long before = r.outFrames();
        int made = r.process(in, frames, out);
        finish(outBuf, before, made);
        return FlowReturn.OK;
    }

    /** Packs {@code made} frames from {@link #out} into {@code b} and stamps it. */
    private void finish(Buffer b, long firstOut, int made) {
        AudioInfo o = outInfo;
        b.setSize((long) made * o.bpf());
        if (made > 0) {
            try (Mapping m = b.map(MapFlags.WRITE)) {
                o.format().packFloats(out, 0, m.segment(), 0, made * o.channels(), scratch);
            }
        }
        long pts = firstPts + o.framesToTime(firstOut);
        b.setPts(pts);
        b.setDuration(firstPts + o.framesToTime(firstOut + made) - pts);
        b.setOffset(firstOut);
        b.setOffsetEnd(firstOut + made);
        b.unsetFlag(BufferFlag.GAP);
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == sinkPad && event instanceof Event.Eos && !isPassthrough() && resampler != null) {
            drain();
        } else if (pad == sinkPad && (event instanceof Event.FlushStop || event instanceof Event.SegmentEvent)) {
            Resampler r = resampler;
            if (r != null && event instanceof Event.FlushStop) {
                r.reset();
                firstPts = ClockTime.NONE;
            }
        }
        return super.handleEvent(pad, event);
    }

    /** Pushes the frames still owed at the end of the stream. */
    private void drain() {
        Resampler r = resampler;
        int pending = r.pendingAtDrain();
        if (pending <= 0 || firstPts == ClockTime.NONE) {
            return;
        }
        int ch = outInfo.channels();
        if (out.length < (pending + 1) * ch) {
            out = new float[(pending + 1) * ch];
        }
        if (scratch.length < (pending + 1) * ch) {
            scratch = new double[(pending + 1) * ch];
        }
        long before = r.outFrames();
        int made = r.drain(out);
        Buffer b = Buffer.allocate((long) made * outInfo.bpf());
        finish(b, before, made);
        srcPad.push(b);
    }
}
