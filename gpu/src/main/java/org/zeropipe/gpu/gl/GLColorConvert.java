package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;

import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.convert.ConvertCaps;

/**
 * {@code glcolorconvert}: converts between RGBA, BGRA, RGBx, BGRx, GRAY8, NV12, I420, YV12, YUY2
 * and UYVY in GL memory, one shader pass per output plane ({@link GLColorShaders}); YUV uses the
 * caps' colorimetry (matrix and range, GStreamer's defaults when the caps have none). Same
 * format in and out: passthrough. Memory: accepts and produces {@code memory:GLMemory}; proposes
 * a GL pool upstream, renders into downstream's GL pool or its own. No CPU access.
 */
public final class GLColorConvert extends GLBaseTransform {

    private final List<GLShader> programs = new ArrayList<>(); // owner thread
    private volatile List<GLColorShaders.PlanePass> passes = List.of();
    private volatile GLVideoInfo outInfo;
    private volatile GLVideoInfo inInfo;

    public GLColorConvert(String name) {
        super(name, PadTemplate.sink(GLCaps.GL_ANY), PadTemplate.src(GLCaps.GL_ANY));
    }

    public GLColorConvert() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "glcolorconvert";
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        // Any format on the other side: the same caps without format, colorimetry and chroma-site.
        Caps.Builder b = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.structure(i).without("format").without("colorimetry").without("chroma-site");
            b.add(s, caps.features(i));
        }
        Caps out = b.build().intersect(direction == PadDirection.SINK ? srcPad.templateCaps() : sinkPad.templateCaps(),
                IntersectMode.FIRST);
        Caps preferred = caps.intersect(out, IntersectMode.FIRST); // the same format first: passthrough
        Caps all = preferred.append(out);
        return filter == null ? all : filter.intersect(all, IntersectMode.FIRST);
    }

    @Override
    protected Caps fixateCaps(Caps caps, Caps othercaps) {
        // videoconvert's fixation: the input caps when acceptable (passthrough), else the format that loses
        // least, with the input's colorimetry and chroma-site carried over as videoconvert carries them.
        return ConvertCaps.fixate(caps, othercaps);
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        try {
            VideoInfo vin = VideoInfo.fromCaps(in);
            VideoInfo vout = VideoInfo.fromCaps(out);
            inInfo = GLVideoInfo.of(in);
            outInfo = GLVideoInfo.of(out);
            if (in.equals(out)) {
                return true; // passthrough
            }
            List<GLColorShaders.PlanePass> p = GLColorShaders.passes(vin, vout);
            GLContext c = gl.require();
            c.run(() -> {
                deletePrograms();
                for (GLColorShaders.PlanePass pass : p) {
                    GLShader s = GLShader.compile(c, null, pass.fragment());
                    programs.add(s);
                    s.use(); // the samplers' units never change: set once
                    s.setInt("tex0", 0);
                    s.setInt("tex1", 1);
                    s.setInt("tex2", 2);
                }
            });
            passes = p;
            return true;
        } catch (IllegalArgumentException | GLShaderException e) {
            postError(name() + ": cannot convert " + in + " to " + out + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    private void deletePrograms() {
        for (GLShader s : programs) {
            s.delete();
        }
        programs.clear();
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition == StateChange.PAUSED_TO_READY) {
            GLContext c = gl.context();
            if (c != null) {
                c.run(this::deletePrograms);
            }
        }
        return super.changeState(transition);
    }

    @Override
    protected long transformSize(long inSize) {
        return outInfo.size(); // output frames are the pool's, of the output format
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        return proposeGLPool(query);
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        GLContext c = gl.require();
        GLVideoInfo src = inInfo;
        GLVideoInfo dst = outInfo;
        List<GLColorShaders.PlanePass> p = passes;
        for (int i = 0; i < src.planes().size(); i++) {
            if (!(in.peekMemory(i) instanceof GLMemory m) || m.context() != c) {
                postError(name() + ": input plane " + i + " is not GL memory of this context", null, null);
                return FlowReturn.ERROR;
            }
        }
        for (int i = 0; i < dst.planes().size(); i++) {
            if (!(out.peekMemory(i) instanceof GLMemory)) {
                postError(name() + ": output plane " + i + " is not GL memory (" + out.peekMemory(i).type() + ")", null, null);
                return FlowReturn.ERROR;
            }
        }
        // One hand-over to the GL thread per frame: the inputs' uploads (if any), the draws and the fence.
        c.run(() -> {
            GLSyncMeta wait = GLSyncMeta.get(in);
            if (wait != null) {
                wait.waitOn(c);
            }
            List<GLMemory.Texture> inputs = new ArrayList<>(src.planes().size());
            try {
                for (int i = 0; i < src.planes().size(); i++) {
                    GLMemory.Texture t = ((GLMemory) in.peekMemory(i)).texture(MapFlags.READ);
                    inputs.add(t);
                    glActiveTexture(GL_TEXTURE0 + i);
                    glBindTexture(GL_TEXTURE_2D, t.id());
                }
                for (int k = 0; k < p.size(); k++) {
                    GLColorShaders.PlanePass pass = p.get(k);
                    GLVideoInfo.Plane plane = dst.planes().get(pass.plane());
                    programs.get(k).use();
                    try (GLMemory.Texture t = ((GLMemory) out.peekMemory(pass.plane())).texture(MapFlags.WRITE)) {
                        c.resources().drawInto(t.id(), plane.width(), plane.height());
                    }
                }
            } finally {
                for (int i = inputs.size() - 1; i >= 0; i--) {
                    glActiveTexture(GL_TEXTURE0 + i);
                    glBindTexture(GL_TEXTURE_2D, 0);
                    inputs.get(i).close();
                }
            }
            GLSyncMeta.of(out).setSync(c);
        });
        return FlowReturn.OK;
    }
}
