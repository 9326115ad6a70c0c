package org.zeropipe.core.video.convert;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntRange;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;

/**
 * {@code videoscale}: resizes raw video ({@code method} nearest-neighbour or bilinear), format
 * kept. Any size to any size; when downstream fixes only one dimension the other keeps the
 * input's aspect ratio; when it fixes neither the size stays (and the element is passthrough).
 * The pixel-aspect-ratio is carried over unchanged.
 *
 * <p><b>Memory.</b> System memory in and out. Equal caps: passthrough, allocation forwarded.
 * Otherwise it proposes a pool of input-sized buffers and {@link VideoMeta} upstream and writes
 * into the buffers downstream's answer gives; scaling computes new pixels, no copy.
 */
public final class VideoScale extends RawVideoFilter {

    private final Property<Scaler.Method> method;
    private final Property<Integer> threads;
    private volatile Scaler scaler;

    public VideoScale(String name) {
        super(name);
        method = declare(PropertySpec.ofEnum("method", Scaler.Method.class, Scaler.Method.BILINEAR,
                "interpolation: nearest-neighbour or bilinear"));
        threads = declare(PropertySpec.ofInt("n-threads", 0, 0, 256,
                "threads scaling bands of rows, 0 for one per processor"));
    }

    public VideoScale() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "videoscale";
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        if (caps.isAny()) {
            return filter == null ? caps : filter;
        }
        Caps.Builder b = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i);
            if (caps.features(i).isSystemMemory()) {
                s = s.with("width", new IntRange(1, Integer.MAX_VALUE)).with("height", new IntRange(1, Integer.MAX_VALUE));
            }
            b.add(s, caps.features(i));
        }
        Caps out = b.build().simplify();
        return filter == null ? out : filter.intersect(out, IntersectMode.FIRST);
    }

    @Override
    protected Caps fixateCaps(Caps caps, Caps othercaps) {
        Structure in = caps.structure(0);
        Caps result = othercaps.truncate();
        Structure s = result.structure(0);
        int inW = in.getInt("width");
        int inH = in.getInt("height");
        boolean wFixed = s.find("width").map(v -> v instanceof org.zeropipe.core.caps.IntValue).orElse(false);
        boolean hFixed = s.find("height").map(v -> v instanceof org.zeropipe.core.caps.IntValue).orElse(false);
        if (wFixed && !hFixed) {
            int w = s.getInt("width");
            s = s.with("height", nearest(s, "height", (int) Math.max(1, Math.round((double) w * inH / inW))));
        } else if (hFixed && !wFixed) {
            int h = s.getInt("height");
            s = s.with("width", nearest(s, "width", (int) Math.max(1, Math.round((double) h * inW / inH))));
        } else if (!wFixed && !hFixed) {
            s = s.with("width", nearest(s, "width", inW)).with("height", nearest(s, "height", inH));
        }
        return Caps.of(s, result.features(0)).fixate();
    }

    /** {@code want} if the field allows it, else the closest value of its range. */
    private static int nearest(Structure s, String field, int want) {
        return switch (s.find(field).orElse(null)) {
            case IntRange r -> Math.max(r.min(), Math.min(r.max(), want));
            case null, default -> want;
        };
    }

    @Override
    protected void setInfo(VideoInfo in, VideoInfo out) {
        if (in.format() != out.format()) {
            throw new IllegalArgumentException("does not convert formats: " + in.format() + " to " + out.format()
                    + " (use videoconvert)");
        }
        scaler = new Scaler(in.format().capsName(), in.width(), in.height(), out.width(), out.height(), method.get());
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected void transformFrame(Buffer in, VideoFrame src, VideoFrame dst) {
        scaler.scale(FramePlanes.of(src), FramePlanes.of(dst), threads.get());
    }
}
