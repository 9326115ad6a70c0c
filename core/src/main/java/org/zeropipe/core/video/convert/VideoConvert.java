package org.zeropipe.core.video.convert;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;

/**
 * {@code videoconvert}: converts raw video between the 20 formats, colorimetries and chroma
 * sitings of {@link ConvertCaps#FORMATS}, with GStreamer's arithmetic ({@link VideoConverter}).
 *
 * <p><b>Memory.</b> Accepts and produces system memory. Equal caps make it passthrough: the
 * buffer goes on untouched and upstream's ALLOCATION query is forwarded downstream. Otherwise
 * it proposes upstream a pool of input-sized buffers and accepts {@link VideoMeta} (it reads
 * any strides and plane offsets through {@link VideoFrame}); it takes its output buffers from
 * what downstream answers. Converting writes new pixels and is not a copy; when the two sides
 * differ only in ways that do not change the pixels (a colorimetry GStreamer does not apply,
 * the same format with other strides), the rows are memcpy'd and reported to the copy tracer.
 */
public final class VideoConvert extends RawVideoFilter {

    private final Property<Integer> threads;
    private volatile VideoConverter converter;

    public VideoConvert(String name) {
        super(name);
        threads = declare(PropertySpec.ofInt("n-threads", 0, 0, 256,
                "threads converting bands of rows, 0 for one per processor"));
    }

    public VideoConvert() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "videoconvert";
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps out = ConvertCaps.removeFormatInfo(caps);
        return filter == null ? out : filter.intersect(out, IntersectMode.FIRST);
    }

    @Override
    protected Caps fixateCaps(Caps caps, Caps othercaps) {
        return ConvertCaps.fixate(caps, othercaps);
    }

    @Override
    protected void setInfo(VideoInfo in, VideoInfo out) {
        if (in.width() != out.width() || in.height() != out.height()) {
            throw new IllegalArgumentException("does not scale: input " + in.width() + "x" + in.height()
                    + ", output " + out.width() + "x" + out.height() + " (use videoscale)");
        }
        converter = in.equals(out) ? null : VideoConverter.create(ConvertSide.of(in), ConvertSide.of(out));
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected void transformFrame(Buffer in, VideoFrame src, VideoFrame dst) {
        VideoConverter c = converter;
        c.convert(FramePlanes.of(src), FramePlanes.of(dst), threads.get());
        if (c.isCopy()) {
            CopyTracers.record(in.peekMemory(0).type(), outInfo().size(), CopyReason.ROW_COPY);
        }
    }
}
