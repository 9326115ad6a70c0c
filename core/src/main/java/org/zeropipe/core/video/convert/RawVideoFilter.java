package org.zeropipe.core.video.convert;

import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

/**
 * A one-in, one-out filter of raw system-memory video (GStreamer's {@code GstVideoFilter}):
 * reads both sides' {@link VideoInfo} from the negotiated caps, proposes upstream a pool of
 * input-sized buffers and {@link VideoMeta} (frames are read through {@link VideoFrame}, so
 * padded strides and split planes are fine), sizes output buffers by the output info, and maps
 * both frames around {@link #transformFrame}. Errors become ERROR messages naming the element.
 */
abstract class RawVideoFilter extends BaseTransform {

    private volatile VideoInfo inInfo;
    private volatile VideoInfo outInfo;

    protected RawVideoFilter(String name) {
        super(name, PadTemplate.sink(ConvertCaps.TEMPLATE), PadTemplate.src(ConvertCaps.TEMPLATE));
    }

    protected final VideoInfo inInfo() {
        return inInfo;
    }

    protected final VideoInfo outInfo() {
        return outInfo;
    }

    /** Prepares for {@code in} to {@code out}; throws IllegalArgumentException saying why it cannot. */
    protected abstract void setInfo(VideoInfo in, VideoInfo out);

    /** Fills {@code dst} from {@code src} (copying mode). */
    protected abstract void transformFrame(Buffer in, VideoFrame src, VideoFrame dst);

    @Override
    protected final boolean setCaps(Caps in, Caps out) {
        try {
            VideoInfo i = VideoInfo.fromCaps(in);
            VideoInfo o = VideoInfo.fromCaps(out);
            setInfo(i, o);
            inInfo = i;
            outInfo = o;
            return true;
        } catch (IllegalArgumentException e) {
            postError(factoryName() + " " + name() + ": " + e.getMessage(), null, null);
            return false;
        }
    }

    @Override
    protected long transformSize(long inSize) {
        return outInfo.size();
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        VideoInfo info = inInfo;
        if (info != null && query.needPool() && !inPlace()) {
            query.addPool(new AllocationQuery.PoolProposal(new BufferPool(name() + "-in"), info.size(), 0, 0));
        }
        query.addMeta(VideoMeta.API, null);
        return true;
    }

    @Override
    protected final FlowReturn transform(Buffer in, Buffer out) {
        try (VideoFrame src = VideoFrame.map(in, inInfo, MapFlags.READ);
             VideoFrame dst = VideoFrame.map(out, outInfo, MapFlags.WRITE)) {
            transformFrame(in, src, dst);
        } catch (IllegalArgumentException | IllegalStateException e) {
            postError(factoryName() + " " + name() + ": cannot process " + in + ": " + e.getMessage(), null, null);
            return FlowReturn.ERROR;
        }
        return FlowReturn.OK;
    }
}
