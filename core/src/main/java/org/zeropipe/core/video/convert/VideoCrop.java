package org.zeropipe.core.video.convert;

import java.lang.foreign.MemorySegment;

import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;
import org.zeropipe.core.caps.IntRange;
import org.zeropipe.core.caps.IntValue;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.video.VideoComponent;
import org.zeropipe.core.video.VideoCropMeta;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

/**
 * {@code videocrop}: removes {@code top}, {@code bottom}, {@code left} and {@code right}
 * pixels from each frame; the output caps are the cropped size.
 *
 * <p><b>Memory.</b> Accepts and produces system memory in the raw formats of
 * {@link ConvertCaps#FORMATS}. When downstream's ALLOCATION answer accepts
 * {@link VideoCropMeta}, nothing is copied: the input buffer goes on with a {@link VideoMeta}
 * describing the whole frame and a {@link VideoCropMeta} naming the visible rectangle (GStreamer
 * 1.18's behaviour). Otherwise the visible rows are copied into a buffer of the cropped size and
 * the copy tracer is told ({@link CopyReason#CROP_COPY}: downstream does not accept
 * VideoCropMeta). Upstream is offered {@link VideoMeta}: frames with padded strides are read
 * through it.
 */
public final class VideoCrop extends RawVideoFilter {

    private final Property<Integer> left;
    private final Property<Integer> right;
    private final Property<Integer> top;
    private final Property<Integer> bottom;
    private volatile boolean useMeta;

    public VideoCrop(String name) {
        super(name);
        left = declare(PropertySpec.ofInt("left", 0, 0, Integer.MAX_VALUE, "pixels to crop at the left"));
        right = declare(PropertySpec.ofInt("right", 0, 0, Integer.MAX_VALUE, "pixels to crop at the right"));
        top = declare(PropertySpec.ofInt("top", 0, 0, Integer.MAX_VALUE, "pixels to crop at the top"));
        bottom = declare(PropertySpec.ofInt("bottom", 0, 0, Integer.MAX_VALUE, "pixels to crop at the bottom"));
    }

    public VideoCrop() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "videocrop";
    }

    /** Whether the last negotiation chose VideoCropMeta over copying. */
    public boolean usesCropMeta() {
        return useMeta;
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        if (caps.isAny()) {
            return filter == null ? caps : filter;
        }
        int sign = direction == PadDirection.SINK ? -1 : 1;
        int dw = sign * (left.get() + right.get());
        int dh = sign * (top.get() + bottom.get());
        Caps.Builder b = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i);
            Value w = s.find("width").map(v -> shift(v, dw)).orElse(null);
            Value h = s.find("height").map(v -> shift(v, dh)).orElse(null);
            if ((s.has("width") && w == null) || (s.has("height") && h == null)) {
                continue; // the crop is larger than this structure's frames
            }
            if (w != null) {
                s = s.with("width", w);
            }
            if (h != null) {
                s = s.with("height", h);
            }
            b.add(s, caps.features(i));
        }
        Caps out = b.build();
        return filter == null ? out : filter.intersect(out, IntersectMode.FIRST);
    }

    /** A width or height moved by {@code d}; null when nothing of at least 1 is left. */
    private static Value shift(Value v, int d) {
        return switch (v) {
            case IntValue i -> i.value() + d >= 1 ? new IntValue(i.value() + d) : null;
            case IntRange r -> {
                long max = Math.min(Integer.MAX_VALUE, (long) r.max() + d);
                long min = Math.max(1, (long) r.min() + d);
                yield max < 1 ? null : new IntRange((int) min, (int) max);
            }
            default -> v;
        };
    }

    @Override
    protected void setInfo(VideoInfo in, VideoInfo out) {
        if (in.format() != out.format()) {
            throw new IllegalArgumentException("does not convert formats: " + in.format() + " to " + out.format());
        }
    }

    @Override
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        useMeta = answered && query.hasMeta(VideoCropMeta.API);
        return super.decideAllocation(caps, query, answered);
    }

    @Override
    protected boolean inPlace() {
        return useMeta;
    }

    /** Meta mode: the whole frame stays, the metas say which part to show. */
    @Override
    protected FlowReturn transformInPlace(Buffer buffer) {
        VideoInfo in = inInfo();
        VideoInfo out = outInfo();
        if (VideoMeta.get(buffer) == null) {
            VideoMeta.add(buffer, in.format(), in.width(), in.height(), in.layout().offsets(), in.layout().strides());
        }
        VideoCropMeta crop = VideoCropMeta.get(buffer);
        if (crop != null) {
            crop.set(crop.x() + left.get(), crop.y() + top.get(), out.width(), out.height());
        } else {
            VideoCropMeta.add(buffer, left.get(), top.get(), out.width(), out.height());
        }
        return FlowReturn.OK;
    }

    /** Copy mode: the visible rows of each plane into a buffer of the cropped size. */
    @Override
    protected void transformFrame(Buffer in, VideoFrame src, VideoFrame dst) {
        VideoInfo oi = outInfo();
        VideoFormat f = oi.format();
        long bytes = 0;
        for (int p = 0; p < f.planes(); p++) {
            VideoComponent c = f.planeComponent(p);
            // Packed 4:2:2 keeps whole Y-U-Y-V pairs: the left edge moves to an even pixel.
            int x = f == VideoFormat.YUY2 || f == VideoFormat.UYVY ? (left.get() & ~1) * 2
                    : (left.get() >> c.wSub()) * c.pixelStride();
            int y = top.get() >> c.hSub();
            long rowBytes = oi.planeRowBytes(p);
            for (int r = 0; r < oi.planeHeight(p); r++) {
                MemorySegment.copy(src.plane(p), (long) (y + r) * src.stride(p) + x, dst.plane(p),
                        (long) r * dst.stride(p), rowBytes);
            }
            bytes += rowBytes * oi.planeHeight(p);
        }
        CopyTracers.record(in.peekMemory(0).type(), bytes, CopyReason.CROP_COPY);
    }
}
