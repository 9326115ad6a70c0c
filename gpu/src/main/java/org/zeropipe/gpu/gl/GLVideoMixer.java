package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.aggregate.AggregatorPad;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
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
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.aggregate.VideoAggregator;
import org.zeropipe.core.video.aggregate.VideoAggregatorPad;
import org.zeropipe.gpu.gl.GLCompositor.Background;
import org.zeropipe.gpu.gl.GLCompositor.Layer;

/**
 * {@code glvideomixer}: composes its inputs' GL textures into one output frame with
 * {@link GLCompositor} (position, size, alpha, zorder, blend per pad; see
 * {@link GLVideoMixerPad}), on core's {@link VideoAggregator} (which picks each pad's frame
 * per output frame, stamps the output, and ends the stream when every input ended).
 *
 * <p>Memory: sink pads accept {@code memory:GLMemory} RGBA only (put {@code glupload} /
 * {@code glcolorconvert} in front for anything else); it proposes a {@link GLBufferPool} on its
 * context upstream, renders into downstream's GL pool or its own and sets a {@link GLSyncMeta};
 * it waits on each input's sync meta on the GPU. No CPU access, no copy. The context is shared
 * with the neighbours (context query / NEED_CONTEXT), as every GL element does.
 *
 * <p>Output size: downstream's caps fixated nearest to the pictures' bounding box
 * ({@code xpos + width}, {@code ypos + height}, negative positions counting 0), as GStreamer.
 */
public final class GLVideoMixer extends VideoAggregator {

    /** GL memory preferred; system memory is uploaded (GStreamer's glvideomixer bin has a glupload per pad). */
    private static final PadTemplate SINK = new PadTemplate(SINK_TEMPLATE, PadDirection.SINK, PadPresence.REQUEST,
            GLCaps.GL_RGBA.append(GLCaps.toSystem(GLCaps.GL_RGBA)));

    private final GLContextHolder gl = new GLContextHolder(this);
    private final Property<Background> background;
    private GLCompositor compositor; // owner thread

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
    protected VideoAggregatorPad createVideoPad(String padName, PadTemplate template) {
        return new GLVideoMixerPad(padName, template);
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        // The programs are made before the pads start streaming, and deleted once they stopped.
        if (transition == StateChange.READY_TO_PAUSED && !createCompositor()) {
            return StateChangeReturn.FAILURE;
        }
        StateChangeReturn r = gl.changeState(transition, super::changeState);
        if (transition == StateChange.PAUSED_TO_READY
                || (transition == StateChange.READY_TO_PAUSED && r == StateChangeReturn.FAILURE)) {
            for (Pad p : sinkPads()) {
                if (p instanceof GLVideoMixerPad m) {
                    m.closeUploader(false);
                }
            }
            deleteCompositor();
        }
        return r;
    }

    @Override
    public void releaseRequestPad(Pad pad) {
        super.releaseRequestPad(pad);
        if (pad instanceof GLVideoMixerPad m) {
            m.closeUploader(true);
        }
    }

    /** Compiles the compositor's programs on the context's thread; false after posting the error. */
    private boolean createCompositor() {
        GLContext c = gl.require();
        try {
            c.run(() -> compositor = GLCompositor.create(c));
            return true;
        } catch (GLException | GLShaderException e) {
            postError(name() + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    private void deleteCompositor() {
        GLContext c = gl.context();
        if (c != null) {
            c.run(() -> {
                if (compositor != null) {
                    compositor.delete();
                    compositor = null;
                }
            });
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

    /** The pictures' bounding box, as GStreamer's glvideomixer. */
    @Override
    protected int[] preferredSize(List<VideoAggregatorPad> pads) {
        int w = 0;
        int h = 0;
        for (VideoAggregatorPad p : pads) {
            VideoInfo in = p.info();
            if (in != null && p instanceof GLVideoMixerPad m) {
                w = Math.max(w, m.right(in));
                h = Math.max(h, m.bottom(in));
            }
        }
        return new int[] {w, h};
    }

    @Override
    protected Buffer aggregateFrames(List<VideoAggregatorPad> pads, VideoInfo out) {
        Buffer buffer = allocateOutputBuffer(out.size());
        if (buffer == null) {
            return null; // flushing
        }
        List<Shown> shown = new ArrayList<>();
        try {
            GLContext c = gl.require();
            for (VideoAggregatorPad p : pads) {
                if (p instanceof GLVideoMixerPad m) {
                    Buffer frame = m.glFrame(c);
                    if (frame != null) {
                        shown.add(new Shown(m, frame));
                    }
                }
            }
            render(buffer, out, shown);
            return buffer;
        } catch (GLException | IllegalStateException | IllegalArgumentException e) {
            buffer.unref();
            postError(name() + ": " + e.getMessage(), null, e);
            return null;
        } finally {
            shown.forEach(s -> s.frame().unref());
        }
    }

    /** A pad's frame in GL memory for this output (owned: unref'd after drawing). */
    private record Shown(GLVideoMixerPad pad, Buffer frame) {
    }

    /** Draws the pads' frames into {@code target} on the context's thread, waiting on their fences there. */
    private void render(Buffer target, VideoInfo out, List<Shown> shown) {
        GLContext c = gl.require();
        List<GLMemory> inputs = new ArrayList<>();
        for (Shown s : shown) {
            if (!(s.frame().peekMemory(0) instanceof GLMemory m)) {
                throw new GLException(s.pad().fullName() + ": expected GL memory, got " + s.frame().peekMemory(0).type());
            }
            if (m.context() != c) {
                throw new GLException(s.pad().fullName() + ": the input texture lives on another GL context ("
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
                for (int i = 0; i < shown.size(); i++) {
                    GLSyncMeta wait = GLSyncMeta.get(shown.get(i).frame());
                    if (wait != null) {
                        wait.waitOn(c);
                    }
                    GLMemory.Texture t = inputs.get(i).texture(MapFlags.READ);
                    held.add(t);
                    layers.add(shown.get(i).pad().layer(t.id(), shown.get(i).pad().info()));
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
