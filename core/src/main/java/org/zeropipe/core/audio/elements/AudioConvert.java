package org.zeropipe.core.audio.elements;

import java.lang.foreign.MemorySegment;

import org.zeropipe.core.audio.AudioConverter;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Converts sample format and channels (GStreamer's {@code audioconvert}): any format of
 * {@link org.zeropipe.core.audio.AudioFormat} to any other, channel mixing and reordering by
 * position, TPDF dither ({@code dithering=none|tpdf}, tpdf by default as GStreamer). Equal caps
 * make it passthrough: the buffer goes on untouched.
 *
 * <p>Memory: system memory in and out. Converting, it reads the input once and writes a new
 * output buffer (allocated as negotiated): conversion is computation, not a copy, and is not
 * reported to the copy tracer. It proposes no pool of its own.
 */
public final class AudioConvert extends RawAudioFilter {

    private final Property<AudioConverter.Dither> dithering;
    private volatile AudioConverter converter;

    public AudioConvert(String name) {
        super(name, "format", "channels", "channel-mask");
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

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        AudioConverter c = converter;
        if (c == null) {
            return noCaps();
        }
        int bpf = c.in().bpf();
        if (in.size() % bpf != 0) {
            postError(name() + ": a buffer of " + in.size() + " bytes is not whole frames of " + bpf + " bytes ("
                    + c.in() + ")", null, null);
            return FlowReturn.ERROR;
        }
        int frames = (int) (in.size() / bpf);
        try (Mapping src = in.map(MapFlags.READ); Mapping dst = out.map(MapFlags.WRITE)) {
            MemorySegment s = src.segment();
            c.convert(s, dst.segment(), frames);
        }
        return FlowReturn.OK;
    }
}
