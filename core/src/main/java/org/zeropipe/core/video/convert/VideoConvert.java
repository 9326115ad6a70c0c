package org.zeropipe.core.video.convert;

import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

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
public final class VideoConvert extends BaseTransform {

    private final Property<Integer> threads;
    private volatile VideoInfo inInfo;
    private volatile VideoInfo outInfo;
    private volatile VideoConverter converter;

    public VideoConvert(String name) {
        super(name, PadTemplate.sink(ConvertCaps.TEMPLATE), PadTemplate.src(ConvertCaps.TEMPLATE));
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
    protected boolean setCaps(Caps in, Caps out) {
        VideoInfo i;
        VideoInfo o;
        try {
            i = VideoInfo.fromCaps(in);
            o = VideoInfo.fromCaps(out);
        } catch (IllegalArgumentException e) {
            postError("videoconvert " + name() + ": " + e.getMessage(), null, null);
            return false;
        }
        if (i.width() != o.width() || i.height() != o.height()) {
            postError("videoconvert " + name() + " does not scale: input " + i.width() + "x" + i.height()
                    + ", output " + o.width() + "x" + o.height() + " (use videoscale)", null, null);
            return false;
        }
        inInfo = i;
        outInfo = o;
        converter = in.equals(out) ? null : VideoConverter.create(ConvertSide.of(i), ConvertSide.of(o));
        return true;
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected long transformSize(long inSize) {
        return outInfo.size();
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        VideoInfo info = inInfo;
        if (info != null && query.needPool()) {
            query.addPool(new AllocationQuery.PoolProposal(new BufferPool(name() + "-in"), info.size(), 0, 0));
        }
        query.addMeta(VideoMeta.API, null);
        return true;
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        VideoConverter c = converter;
        try (VideoFrame src = VideoFrame.map(in, inInfo, MapFlags.READ);
             VideoFrame dst = VideoFrame.map(out, outInfo, MapFlags.WRITE)) {
            c.convert(FramePlanes.of(src), FramePlanes.of(dst), threads.get());
            if (c.isCopy()) {
                CopyTracers.record(in.peekMemory(0).type(), outInfo.size(), CopyReason.ROW_COPY);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            postError("videoconvert " + name() + ": cannot convert " + in + ": " + e.getMessage(), null, null);
            return FlowReturn.ERROR;
        }
        return FlowReturn.OK;
    }
}
