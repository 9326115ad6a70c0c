package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.aggregate.Aggregator;
import org.zeropipe.core.aggregate.AggregatorPad;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.gpu.gl.GLCompositor.Background;
import org.zeropipe.gpu.gl.GLCompositor.Layer;

/**
 * {@code glvideomixer}: composes its inputs' GL textures into one output frame with
 * {@link GLCompositor} (position, size, alpha, zorder, blend per pad; see
 * {@link GLVideoMixerPad}), on the {@link Aggregator} base.
 *
 * <p>Memory: sink pads accept {@code memory:GLMemory} RGBA only (put {@code glupload} /
 * {@code glcolorconvert} in front for anything else); it proposes a {@link GLBufferPool} on its
 * context upstream, renders into downstream's GL pool or its own and sets a {@link GLSyncMeta};
 * it waits on each input's sync meta on the GPU. No CPU access, no copy. The context is shared
 * with the neighbours (context query / NEED_CONTEXT), as every GL element does.
 *
 * <p>Output: downstream's caps, else (as GStreamer) the bounding box of the pictures
 * ({@code xpos + width}, {@code ypos + height}, negative positions counting 0) and the highest
 * input framerate (25/1 when none says). Output frame n lasts one frame period from the
 * segment start; each pad shows its newest buffer that started before the frame ends and
 * repeats it while none newer is due; an input that ended is no longer drawn after its last
 * frame, and the mixer goes on with the others until every input ended.
 */
public final class GLVideoMixer extends Aggregator {

    private static final PadTemplate SINK = new PadTemplate(SINK_TEMPLATE, PadDirection.SINK, PadPresence.REQUEST,
            GLCaps.GL_RGBA);
    private static final Fraction DEFAULT_FRAMERATE = new Fraction(25, 1);

    private final GLContextHolder gl = new GLContextHolder(this);
    private final Property<Background> background;
    private GLCompositor compositor; // owner thread
    private volatile GLVideoInfo info;
    private long frames; // task thread: outputs since the segment start

    public GLVideoMixer(String name) {
        super(name, SINK, PadTemplate.src(GLCaps.GL_RGBA));
        background = declare(PropertySpec.ofEnum("background", Background.class, Background.CHECKER,
                "under the pictures: checker, black, white or transparent"));
    }

    public GLVideoMixer() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "glvideomixer";
    }

    @Override
    protected AggregatorPad createPad(String padName, PadTemplate template) {
        // as GStreamer's video aggregator: a new pad goes on top of the ones before it
        return new GLVideoMixerPad(padName, template, sinkPads().size());
    }

    @Override
    public void releaseRequestPad(Pad pad) {
        super.releaseRequestPad(pad);
        if (pad instanceof GLVideoMixerPad p) {
            p.clear();
        }
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        StateChangeReturn r = gl.changeState(transition, super::changeState);
        if (r == StateChangeReturn.FAILURE) {
            return r;
        }
        GLContext c = gl.context();
        if (transition == StateChange.READY_TO_PAUSED) {
            try {
                c.run(() -> compositor = GLCompositor.create(c));
            } catch (GLShaderException e) {
                postError(name() + ": " + e.getMessage(), null, e);
                return StateChangeReturn.FAILURE;
            }
        } else if (transition == StateChange.PAUSED_TO_READY && c != null) {
            c.run(() -> {
                if (compositor != null) {
                    compositor.delete();
                    compositor = null;
                }
            });
        }
        return r;
    }

    @Override
    protected void reset() {
        frames = 0;
        for (Pad p : sinkPads()) {
            if (p instanceof GLVideoMixerPad m) {
                m.clear();
            }
        }
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        return gl.answer(query) || super.handleQuery(pad, query);
    }

    @Override
    protected boolean proposeAllocation(AggregatorPad pad, AllocationQuery query) {
        return GLBaseTransform.proposeGLPool(gl.require(), query);
    }

    @Override
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        return GLBaseTransform.decideGLPool(gl.require(), caps, query);
    }

    /** Downstream's caps fixed nearest to the pictures' bounding box and the fastest input framerate. */
    @Override
    protected Caps negotiatedSrcCaps(Caps downstream) {
        int w = 0;
        int h = 0;
        Fraction fps = null;
        for (AggregatorPad a : aggregatorPads()) {
            Caps caps = a.caps();
            if (caps == null || !(a instanceof GLVideoMixerPad p)) {
                continue;
            }
            GLVideoInfo in = GLVideoInfo.of(caps);
            w = Math.max(w, p.right(in));
            h = Math.max(h, p.bottom(in));
            Fraction f = in.framerate();
            if (f.numerator() > 0 && (fps == null || f.compareTo(fps) > 0)) {
                fps = f;
            }
        }
        if (w == 0 || h == 0) {
            return null; // no input told its size yet
        }
        Structure s = downstream.structure(0).fixateFieldNearestInt("width", w).fixateFieldNearestInt("height", h)
                .fixateFieldNearestFraction("framerate", fps == null ? DEFAULT_FRAMERATE : fps);
        return Caps.of(s, downstream.features(0)).fixate();
    }

    @Override
    protected boolean setSrcCaps(Caps caps) {
        info = GLVideoInfo.of(caps);
        return true;
    }

    @Override
    protected long outputSize(Caps caps) {
        return GLVideoInfo.of(caps).size();
    }

    @Override
    protected FlowReturn aggregate(boolean timeout) {
        GLVideoInfo out = info;
        Fraction fps = out.framerate().numerator() > 0 ? out.framerate() : DEFAULT_FRAMERATE;
        long start = srcSegment().start() + frameTime(frames, fps);
        long end = srcSegment().start() + frameTime(frames + 1, fps);
        long rtStart = srcSegment().toRunningTime(start);
        long rtEnd = srcSegment().toRunningTime(end);
        List<GLVideoMixerPad.Frame> shown = new ArrayList<>();
        boolean anyLeft = false;
        for (AggregatorPad a : aggregatorPads()) {
            if (a instanceof GLVideoMixerPad p) {
                p.advance(rtStart, rtEnd);
                GLVideoMixerPad.Frame f = p.takeFrame();
                if (f != null) {
                    shown.add(f);
                }
                anyLeft |= f != null || !p.hasEnded();
            }
        }
        try {
            if (!anyLeft) {
                return FlowReturn.OK; // every input ended: the base sends EOS
            }
            Buffer buffer = allocateOutputBuffer(out.size());
            if (buffer == null) {
                return FlowReturn.FLUSHING;
            }
            try {
                render(buffer, out, shown);
            } catch (GLException | IllegalStateException e) {
                buffer.unref();
                postError(name() + ": " + e.getMessage(), null, e);
                return FlowReturn.ERROR;
            }
            buffer.setPts(start);
            buffer.setDuration(end - start);
            buffer.setOffset(frames);
            frames++;
            return finishBuffer(buffer);
        } finally {
            shown.forEach(f -> f.buffer().unref());
        }
    }

    /** The start of frame {@code n} at {@code fps}, in ns (exact: no drift over long streams). */
    private static long frameTime(long n, Fraction fps) {
        return java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(fps.denominator() * ClockTime.SECOND))
                .divide(java.math.BigInteger.valueOf(fps.numerator())).longValueExact();
    }

    /** Draws the pads' frames into {@code target} on the context's thread, waiting on their fences there. */
    private void render(Buffer target, GLVideoInfo out, List<GLVideoMixerPad.Frame> frames) {
        GLContext c = gl.require();
        List<GLMemory> inputs = new ArrayList<>();
        for (GLVideoMixerPad.Frame f : frames) {
            if (!(f.buffer().peekMemory(0) instanceof GLMemory m)) {
                throw new GLException(f.pad().fullName() + ": expected GL memory, got " + f.buffer().peekMemory(0).type());
            }
            if (m.context() != c) {
                throw new GLException(f.pad().fullName() + ": the input texture lives on another GL context ("
                        + m.context() + ")");
            }
            inputs.add(m);
        }
        GLMemory dst = (GLMemory) target.peekMemory(0);
        Background bg = background.get();
        c.run(() -> {
            List<GLMemory.Texture> held = new ArrayList<>();
            try {
                List<Layer> layers = new ArrayList<>();
                for (int i = 0; i < frames.size(); i++) {
                    GLSyncMeta wait = GLSyncMeta.get(frames.get(i).buffer());
                    if (wait != null) {
                        wait.waitOn(c);
                    }
                    GLMemory.Texture t = inputs.get(i).texture(MapFlags.READ);
                    held.add(t);
                    layers.add(frames.get(i).pad().layer(t.id(), frames.get(i).info()));
                }
                try (GLMemory.Texture to = dst.texture(MapFlags.WRITE)) {
                    compositor.render(to.id(), out.width(), out.height(), bg, layers);
                }
            } finally {
                held.forEach(GLMemory.Texture::close);
            }
            GLSyncMeta.of(target).setSync(c);
        });
    }
}
