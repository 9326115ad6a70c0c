package org.zeropipe.core.video.elements;

import java.util.ArrayList;
import java.util.List;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;

/**
 * GStreamer's {@code pngenc}: each RGBA, RGB or GRAY8 frame becomes one {@code image/png}
 * buffer. Memory: reads system memory through {@link VideoFrame} (honouring VideoMeta strides),
 * writes the PNG into an output buffer from the negotiated allocator; encoding is not a copy.
 * Property {@code compression-level} (0-9, default 6, as GStreamer).
 */
public final class PngEnc extends BaseTransform {

    static final Caps SINK = Caps.of(Structure.builder(VideoInfo.MEDIA_TYPE).setList("format", "RGBA", "RGB", "GRAY8")
            .setRange("width", 1, Integer.MAX_VALUE).setRange("height", 1, Integer.MAX_VALUE)
            .setRange("framerate", new Fraction(0, 1), new Fraction(Integer.MAX_VALUE, 1)).build());
    static final Caps SRC = Caps.of(Structure.builder("image/png")
            .setRange("width", 1, Integer.MAX_VALUE).setRange("height", 1, Integer.MAX_VALUE)
            .setRange("framerate", new Fraction(0, 1), new Fraction(Integer.MAX_VALUE, 1)).build());

    private final Property<Integer> level;
    private VideoInfo info;

    public PngEnc(String name) {
        super(name, PadTemplate.sink(SINK), PadTemplate.src(SRC));
        level = declare(PropertySpec.ofInt("compression-level", 6, 0, 9, "zlib compression level"));
    }

    public PngEnc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "pngenc";
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected boolean passthroughOnSameCaps() {
        return false;
    }

    /** Raw video and PNG share width, height and framerate. */
    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps other = direction == PadDirection.SINK ? SRC : SINK;
        List<Structure> out = new ArrayList<>();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i);
            Structure.Builder b = other.structure(0).toBuilder();
            for (String field : List.of("width", "height", "framerate")) {
                s.find(field).ifPresent(v -> b.set(field, v));
            }
            out.add(b.build());
        }
        Caps result = Caps.of(out.toArray(Structure[]::new)).intersect(other);
        return filter == null ? result : filter.intersect(result, IntersectMode.FIRST);
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        try {
            info = VideoInfo.fromCaps(in);
            PngWriter.colorType(info.format());
            return true;
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot encode " + in + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    @Override
    protected long transformSize(long inSize) {
        return PngWriter.maxSize(info.format(), info.width(), info.height());
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        long length;
        try (VideoFrame frame = VideoFrame.map(in, info, MapFlags.READ);
                Mapping target = out.map(MapFlags.WRITE)) {
            length = PngWriter.write(frame, level.get(), target.segment());
        } catch (IllegalArgumentException | IllegalStateException e) {
            postError(name() + ": cannot encode " + in + ": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        }
        out.setSize(length);
        return FlowReturn.OK;
    }
}
