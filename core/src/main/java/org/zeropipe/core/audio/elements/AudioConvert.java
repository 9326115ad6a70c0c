package org.zeropipe.core.audio.elements;

import java.lang.foreign.MemorySegment;

import org.zeropipe.core.audio.AudioConverter;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
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
public final class AudioConvert extends BaseTransform {

    private final Property<AudioConverter.Dither> dithering;
    private volatile AudioConverter converter;

    public AudioConvert(String name) {
        super(name, PadTemplate.sink(AudioTestSrc.TEMPLATE), PadTemplate.src(AudioTestSrc.TEMPLATE));
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
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps result = AudioCaps.widen(caps, AudioTestSrc.TEMPLATE, "format", "channels", "channel-mask");
        return filter == null ? result : filter.intersect(result, IntersectMode.FIRST);
    }

    @Override
    protected Caps fixateCaps(Caps caps, Caps othercaps) {
        return AudioCaps.fixateNear(caps, othercaps);
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
    protected boolean inPlace() {
        return false;
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
            postError(name() + ": a buffer came before any caps: upstream must send audio/x-raw caps first",
                    null, null);
            return FlowReturn.NOT_NEGOTIATED;
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
