package org.zeropipe.core.video.compositor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.aggregate.AggregatorPad;
import org.zeropipe.core.video.VideoColorimetry;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;
import org.zeropipe.core.video.aggregate.VideoAggregator;
import org.zeropipe.core.video.aggregate.VideoAggregatorPad;
import org.zeropipe.core.video.convert.FramePlanes;
import org.zeropipe.core.video.convert.Scaler;

/**
 * {@code compositor}: draws its inputs into one picture on the CPU (GStreamer's compositor,
 * 8-bit RGBA, BGRA, ARGB, ABGR and I420, bit for bit): a background ({@code background}:
 * checker, black, white, transparent), then each input in zorder at its pad's {@code xpos},
 * {@code ypos}, {@code width}×{@code height} (scaled with {@code scaling-method} when that differs
 * from the input's size), {@code alpha} and {@code operator}. All inputs must be in the output's
 * format (put a {@code videoconvert} before one that is not).
 *
 * <p>Memory: system memory in and out. Upstream is proposed a pool of input-sized buffers and
 * {@link VideoMeta}; the output comes from downstream's pool (or one of our own). Composing
 * draws new pixels, which the copy tracer does not count; when one input alone makes the whole
 * output (opaque, unscaled, covering it, nothing above it), its buffer itself goes downstream:
 * no pixel is drawn or copied. Skips what is hidden: a background an opaque input covers, and
 * inputs covered by an opaque one above them.
 */
public final class Compositor extends VideoAggregator {

    /** The background under the inputs. */
    public enum Background { CHECKER, BLACK, WHITE, TRANSPARENT }

    static final Caps CAPS = Caps.parse("video/x-raw, format=(string){ RGBA, BGRA, ARGB, ABGR, I420 }, "
            + "width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ], framerate=(fraction)[ 0/1, 2147483647/1 ]");
    private static final PadTemplate SINK = new PadTemplate(SINK_TEMPLATE, PadDirection.SINK, PadPresence.REQUEST, CAPS);
    private static final PadTemplate SRC = PadTemplate.src(CAPS);

    private final Property<Background> background;
    private final Property<Scaler.Method> scaling;
    // Task thread only: scaled pictures, per pad.
    private final Map<CompositorPad, Scaled> scaled = new HashMap<>();
    private volatile int scaledCount; // scaled.size() for other threads

    private record Scaled(Buffer buffer, VideoInfo info, Scaler scaler, VideoInfo from, Scaler.Method method) {
        boolean fits(VideoInfo in, CompositorPad.Placement at, Scaler.Method m) {
            return from.equals(in) && info.width() == at.width() && info.height() == at.height() && method == m;
        }
    }

    /** An input to draw this frame. */
    private record Layer(CompositorPad pad, VideoInfo info, Buffer buffer, CompositorPad.Placement at) {
        /** GStreamer's _pad_obscures_rectangle: opaque and containing the rectangle. */
        boolean obscures(int x, int y, int w, int h) {
            return !info.format().hasAlpha() && at.alpha() == 1.0 && at.x() <= x && at.y() <= y
                    && at.x() + at.width() >= x + w && at.y() + at.height() >= y + h;
        }

        /** Whether the output is exactly this input (unscaled, at 0,0, replacing what is below). */
        boolean isWholeOutput(VideoInfo out) {
            return at.x() == 0 && at.y() == 0 && at.width() == out.width() && at.height() == out.height()
                    && info.width() == out.width() && info.height() == out.height() && at.alpha() == 1.0
                    && (!info.format().hasAlpha() || at.operator() == CompositorPad.Operator.SOURCE);
        }
    }

    public Compositor(String name) {
        super(name, SINK, SRC);
        background = declare(PropertySpec.ofEnum("background", Background.class, Background.CHECKER,
                "what is under the inputs"));
        scaling = declare(PropertySpec.ofEnum("scaling-method", Scaler.Method.class, Scaler.Method.BILINEAR,
                "how inputs are scaled to their pad's width and height"));
    }

    public Compositor() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "compositor";
    }

    @Override
    protected VideoAggregatorPad createVideoPad(String padName, PadTemplate template) {
        return new CompositorPad(padName, template);
    }

    /** Each input's right and bottom edge: the picture holds every input where it is placed. */
    @Override
    protected int[] preferredSize(List<VideoAggregatorPad> pads) {
        int w = 0;
        int h = 0;
        for (VideoAggregatorPad p : pads) {
            CompositorPad.Placement at = ((CompositorPad) p).placement(p.info());
            if (at != null && at.width() > 0 && at.height() > 0) {
                w = Math.max(w, at.width() + Math.max(at.x(), 0));
                h = Math.max(h, at.height() + Math.max(at.y(), 0));
            }
        }
        return new int[] {w, h};
    }

    /** A pool of input-sized buffers (as GStreamer's compositor) and {@link VideoMeta}. */
    @Override
    protected boolean proposeAllocation(AggregatorPad pad, AllocationQuery query) {
        if (query.needPool() && query.caps() != null && !query.caps().isAny()) {
            try {
                VideoInfo in = VideoInfo.fromCaps(query.caps());
                query.addPool(new AllocationQuery.PoolProposal(new BufferPool(name() + ":" + pad.name()), in.size(), 0, 0));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return super.proposeAllocation(pad, query);
    }

    @Override
    protected void reset() {
        super.reset();
        for (Scaled s : scaled.values()) {
            s.buffer().unref();
        }
        scaled.clear();
        scaledCount = 0;
    }

    /** How many scaled pictures are kept (one per pad drawn scaled; for tests). */
    int scaledPictures() {
        return scaledCount;
    }

    @Override
    protected Buffer aggregateFrames(List<VideoAggregatorPad> pads, VideoInfo out) {
        // A released pad's scaled picture is given back now, not at the next reset.
        scaled.entrySet().removeIf(e -> {
            boolean gone = !pads.contains(e.getKey());
            if (gone) {
                e.getValue().buffer().unref();
            }
            return gone;
        });
        scaledCount = scaled.size();
        List<Layer> layers = new ArrayList<>();
        for (VideoAggregatorPad p : pads) {
            CompositorPad cp = (CompositorPad) p;
            Buffer b = cp.currentBuffer();
            VideoInfo info = cp.info();
            CompositorPad.Placement at = cp.placement(info);
            if (b == null || at == null || at.alpha() == 0.0 || !visible(at, out)) {
                continue;
            }
            if (info.format() != out.format()) {
                postError("compositor " + name() + ": " + cp.name() + " is " + info.format().capsName()
                        + " but the output is " + out.format().capsName()
                        + ": convert it first (videoconvert before " + name() + "." + cp.name() + ")", null, null);
                return null;
            }
            layers.add(new Layer(cp, info, b, at));
        }
        dropHidden(layers);
        boolean drawBackground = layers.stream().noneMatch(l -> l.obscures(0, 0, out.width(), out.height()));
        int whole = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).isWholeOutput(out)) {
                whole = i;
            }
        }
        if (whole >= 0 && whole == layers.size() - 1 && sameLayout(layers.get(whole).buffer(), out)) {
            return layers.get(whole).buffer().ref(); // the output is this input: nothing to draw
        }
        Buffer result = allocateOutputBuffer(out.size());
        if (result == null) {
            return null;
        }
        try (VideoFrame dst = VideoFrame.map(result, out, MapFlags.WRITE)) {
            boolean overlay = drawBackground && background.get() == Background.TRANSPARENT;
            if (drawBackground || layers.isEmpty()) {
                drawBackground(dst, out);
            }
            for (Layer l : layers) {
                draw(l, dst, out, overlay);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            result.unref();
            postError("compositor " + name() + ": cannot draw: " + e.getMessage(), null, e);
            return null;
        }
        return result;
    }

    private static boolean visible(CompositorPad.Placement at, VideoInfo out) {
        int x0 = Math.clamp(at.x(), 0, out.width());
        int y0 = Math.clamp(at.y(), 0, out.height());
        int x1 = Math.clamp((long) at.x() + at.width(), 0, out.width());
        int y1 = Math.clamp((long) at.y() + at.height(), 0, out.height());
        return x1 > x0 && y1 > y0;
    }

    /** Removes layers an opaque layer above covers (their clamped rectangle), as GStreamer skips them. */
    private static void dropHidden(List<Layer> layers) {
        for (int i = layers.size() - 2; i >= 0; i--) {
            CompositorPad.Placement at = layers.get(i).at();
            int x = Math.max(at.x(), 0);
            int y = Math.max(at.y(), 0);
            int w = at.x() + at.width() - x;
            int h = at.y() + at.height() - y;
            for (int j = i + 1; j < layers.size(); j++) {
                if (layers.get(j).obscures(x, y, w, h)) {
                    layers.remove(i);
                    break;
                }
            }
        }
    }

    /** Whether {@code b}'s planes lie where {@code out}'s default layout puts them (no meta, or an equal one). */
    private static boolean sameLayout(Buffer b, VideoInfo out) {
        VideoMeta m = VideoMeta.get(b);
        if (m == null) {
            return b.size() >= out.size();
        }
        for (int p = 0; p < out.planes(); p++) {
            if (m.offset(p) != out.offset(p) || m.stride(p) != out.stride(p)) {
                return false;
            }
        }
        return true;
    }

    private void drawBackground(VideoFrame dst, VideoInfo out) {
        int ai = alphaIndex(out.format());
        switch (background.get()) {
            case CHECKER -> Blend.checker(dst, ai);
            case BLACK -> Blend.color(dst, solid(out, false));
            case WHITE -> Blend.color(dst, solid(out, true));
            case TRANSPARENT -> Blend.clear(dst);
        }
    }

    /** Black or white: per byte of a four-byte pixel (alpha 255), or Y, U, V by the output's range. */
    private static int[] solid(VideoInfo out, boolean white) {
        int ai = alphaIndex(out.format());
        if (ai < 0) {
            boolean full = out.colorimetry().range() == VideoColorimetry.Range.FULL;
            int y = white ? (full ? 255 : 235) : (full ? 0 : 16);
            return new int[] {y, 128, 128};
        }
        int v = white ? 255 : 0;
        int[] px = {v, v, v, v};
        px[ai] = 255;
        return px;
    }

    private static int alphaIndex(VideoFormat f) {
        return switch (f) {
            case ARGB, ABGR -> 0;
            case RGBA, BGRA -> 3;
            default -> -1;
        };
    }

    private void draw(Layer l, VideoFrame dst, VideoInfo out, boolean overlay) {
        CompositorPad.Placement at = l.at();
        Blend.Mode mode = switch (at.operator()) {
            case SOURCE -> Blend.Mode.SOURCE;
            case OVER -> Blend.Mode.OVER;
            case ADD -> Blend.Mode.ADD;
        };
        Buffer picture = l.buffer();
        VideoInfo info = l.info();
        if (at.width() != info.width() || at.height() != info.height()) {
            Scaled s = scale(l);
            picture = s.buffer();
            info = s.info();
        }
        try (VideoFrame src = VideoFrame.map(picture, info, MapFlags.READ)) {
            int ai = alphaIndex(out.format());
            if (ai >= 0) {
                Blend.packed(src, info.width(), info.height(), at.x(), at.y(), at.alpha(), dst, ai, mode, overlay);
            } else {
                Blend.planar420(src, info.width(), info.height(), at.x(), at.y(), at.alpha(), dst, mode);
            }
        }
    }

    /** The layer's picture scaled to its pad's size, into a buffer kept for the pad. */
    private Scaled scale(Layer l) {
        CompositorPad.Placement at = l.at();
        Scaled s = scaled.get(l.pad());
        Scaler.Method method = scaling.get();
        if (s == null || !s.fits(l.info(), at, method)) {
            if (s != null) {
                s.buffer().unref();
            }
            VideoInfo info = VideoInfo.of(l.info().format(), at.width(), at.height());
            Scaler scaler = new Scaler(l.info().format().capsName(), l.info().width(), l.info().height(),
                    at.width(), at.height(), method);
            s = new Scaled(Buffer.allocate(info.size()), info, scaler, l.info(), method);
            scaled.put(l.pad(), s);
            scaledCount = scaled.size();
        }
        try (VideoFrame in = VideoFrame.map(l.buffer(), l.info(), MapFlags.READ);
             VideoFrame outFrame = VideoFrame.map(s.buffer(), s.info(), MapFlags.WRITE)) {
            s.scaler().scale(FramePlanes.of(in), FramePlanes.of(outFrame), 1);
        }
        return s;
    }
}
