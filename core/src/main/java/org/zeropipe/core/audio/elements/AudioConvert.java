package org.zeropipe.core.audio.elements;

import java.lang.foreign.MemorySegment;

import org.zeropipe.core.audio.AudioConverter;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.audio.AudioMeta;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Converts sample format and channels (GStreamer's {@code audioconvert}): any format of
 * {@link org.zeropipe.core.audio.AudioFormat} to any other, channel mixing and reordering by
 * position, interleaved to non-interleaved ({@code layout}) and back, all in one pass, TPDF
 * dither ({@code dithering=none|tpdf}, tpdf by default as GStreamer). Equal caps make it
 * passthrough: the buffer goes on untouched. Non-interleaved input is read where its
 * {@link AudioMeta} says (planes back to back without one); non-interleaved output is written
 * with planes back to back and gets an {@link AudioMeta} saying so.
 *
 * <p>Memory: system memory in and out. Converting, it reads the input once and writes a new
 * output buffer (allocated as negotiated): conversion is computation, not a copy, and is not
 * reported to the copy tracer. It proposes no pool of its own, and accepts {@link AudioMeta}.
 */
public final class AudioConvert extends RawAudioFilter {

    private final Property<AudioConverter.Dither> dithering;
    private volatile AudioConverter converter;

    public AudioConvert(String name) {
        super(name, AudioCaps.ANY_LAYOUT, "format", "channels", "channel-mask", "layout");
        dithering = declare(PropertySpec.ofEnum("dithering", AudioConverter.Dither.class, AudioConverter.Dither.TPDF,
                "dither when quantizing to 20 bits or fewer"));
    }

    public AudioConvert() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "audioconvert";
    }



    @Override
    protected boolean setCaps(Caps in, Caps out) {
        try {
            converter = new AudioConverter(AudioInfo.fromCaps(in), AudioInfo.fromCaps(out), dithering.get());
            return true;
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot convert " + in + " to " + out + ": " + e.getMessage(), null, null);
            return false;
        }
    }


    @Override
    protected long transformSize(long inSize) {
        AudioConverter c = converter;
        return c == null ? inSize : inSize / c.in().bpf() * c.out().bpf();
    }

    /** Upstream may lay out non-interleaved planes with gaps: we read them where the AudioMeta says. */
    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        query.addMeta(AudioMeta.API, null);
        super.proposeAllocation(decideQuery, query); // downstream's metas, when it answered
        return true; // our own meta is an answer even when downstream gave none
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        AudioConverter c = converter;
        if (c == null) {
            return noCaps();
        }
        AudioInfo ii = c.in();
        AudioInfo oi = c.out();
        int frames;
        long[] srcPlanes = null;
        if (ii.interleaved()) {
            if (in.size() % ii.bpf() != 0) {
                postError(name() + ": a buffer of " + in.size() + " bytes is not whole frames of " + ii.bpf()
                        + " bytes (" + ii + ")", null, null);
                return FlowReturn.ERROR;
            }
            frames = (int) (in.size() / ii.bpf());
        } else {
            try {
                AudioMeta.Planes p = AudioMeta.planes(in, ii);
                frames = p.samples();
                srcPlanes = p.offsets();
            } catch (IllegalArgumentException e) {
                postError(name() + ": " + e.getMessage(), null, null);
                return FlowReturn.ERROR;
            }
        }
        if (out.size() < (long) frames * oi.bpf()) {
            postError(name() + ": output buffer of " + out.size() + " bytes cannot hold " + frames + " frames of "
                    + oi, null, null);
            return FlowReturn.ERROR;
        }
        out.setSize((long) frames * oi.bpf()); // input planes with gaps gave a larger estimate
        long[] dstPlanes = null;
        if (!oi.interleaved()) {
            dstPlanes = AudioMeta.contiguous(oi, frames);
            AudioMeta.add(out, oi, frames, dstPlanes);
        }
        try (Mapping src = in.map(MapFlags.READ); Mapping dst = out.map(MapFlags.WRITE)) {
            MemorySegment s = src.segment();
            c.convert(s, srcPlanes, dst.segment(), dstPlanes, frames);
        }
        return FlowReturn.OK;
    }
}
