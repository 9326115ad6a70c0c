package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;

/**
 * Base class of GL filters: one RGBA texture in, one out, drawn by a fragment shader over the
 * whole frame. A filter is a shader and a few lines:
 *
 * <pre>{@code
 * public final class Invert extends GLFilter {
 *     public Invert(String name) { super(name); }
 *     public String factoryName() { return "glinvert"; }
 *     protected String fragmentShader() {
 *         return """
 *             in vec2 v_texcoord; out vec4 fragColor; uniform sampler2D tex;
 *             void main() { vec4 c = texture(tex, v_texcoord); fragColor = vec4(1.0 - c.rgb, c.a); }
 *             """;
 *     }
 * }
 * }</pre>
 *
 * <p>Memory: accepts and produces {@code memory:GLMemory} (RGBA); proposes a GL pool upstream,
 * renders into frames of downstream's GL pool or its own, waits on the input's
 * {@link GLSyncMeta} and sets one on the output. No CPU access, no copy. The shader is compiled
 * at READY→PAUSED (and again when {@link #shaderChanged} says so); a compile or link error is a
 * bus ERROR quoting the GLSL log and fails the state change. Uniforms: {@code tex} (unit 0),
 * {@code width}, {@code height}, {@code time} (the buffer's PTS in seconds), plus
 * {@link #setUniforms}.
 */
public abstract class GLFilter extends GLBaseTransform {

    private GLShader shader; // owner thread
    private volatile boolean recompile;
    private volatile GLVideoInfo info;

    protected GLFilter(String name) {
        super(name, PadTemplate.sink(GLCaps.GL_RGBA), PadTemplate.src(GLCaps.GL_RGBA));
    }

    /** The fragment stage (without {@code #version}: the context's is added). */
    protected abstract String fragmentShader();

    /** The vertex stage, or null for {@link GLShader#DEFAULT_VERTEX}. */
    protected String vertexShader() {
        return null;
    }

    /** Sets the filter's own uniforms before each frame is drawn; owner thread. */
    protected void setUniforms(GLShader program, Buffer in) {
    }

    /** Whether the drawing covers the whole output; false clears it to transparent black first. */
    protected boolean coversOutput() {
        return true;
    }

    /** Whether {@code tex} is sampled bilinearly (a filter that scales) rather than nearest. */
    protected boolean linearSampling() {
        return false;
    }

    /** Makes the next frame recompile the shader (a property changed). */
    protected final void shaderChanged() {
        recompile = true;
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected boolean passthroughOnSameCaps() {
        return false; // a filter always draws
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        StateChangeReturn r = super.changeState(transition);
        if (r == StateChangeReturn.FAILURE) {
            return r;
        }
        if (transition == StateChange.READY_TO_PAUSED && !compile()) {
            return StateChangeReturn.FAILURE;
        }
        if (transition == StateChange.PAUSED_TO_READY) {
            GLContext c = gl.context();
            if (c != null) {
                c.run(this::deleteShader);
            }
        }
        return r;
    }

    /** Compiles the shader on the context's thread; false after posting the error. */
    private boolean compile() {
        try {
            GLContext c = gl.require();
            c.run(() -> {
                GLShader s = GLShader.compile(c, vertexShader(), fragmentShader());
                deleteShader();
                shader = s;
            });
            recompile = false;
            return true;
        } catch (GLShaderException e) {
            postError(name() + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    private void deleteShader() {
        if (shader != null) {
            shader.delete();
            shader = null;
        }
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        info = GLVideoInfo.of(out);
        return true;
    }

    /** Output frames are of the output caps' size (a filter may scale). */
    @Override
    protected long transformSize(long inSize) {
        GLVideoInfo i = info;
        return i == null ? inSize : i.size();
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        return proposeGLPool(query);
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        if (recompile && !compile()) {
            return FlowReturn.ERROR;
        }
        if (!(in.peekMemory(0) instanceof GLMemory src) || !(out.peekMemory(0) instanceof GLMemory dst)) {
            postError(name() + ": expected GL memory, got " + in.peekMemory(0).type() + " in and "
                    + out.peekMemory(0).type() + " out", null, null);
            return FlowReturn.ERROR;
        }
        GLContext c = gl.require();
        if (src.context() != c) {
            postError(name() + ": the input texture lives on another GL context (" + src.context() + ")", null, null);
            return FlowReturn.ERROR;
        }
        GLVideoInfo i = info;
        c.run(() -> {
            GLSyncMeta wait = GLSyncMeta.get(in);
            if (wait != null) {
                wait.waitOn(c);
            }
            try (GLMemory.Texture from = src.texture(MapFlags.READ); GLMemory.Texture to = dst.texture(MapFlags.WRITE)) {
                shader.use();
                glActiveTexture(GL_TEXTURE0);
                glBindTexture(GL_TEXTURE_2D, from.id());
                shader.setInt("tex", 0);
                shader.setFloat("width", i.width());
                shader.setFloat("height", i.height());
                shader.setFloat("time", in.pts() < 0 ? 0f : in.pts() / 1e9f);
                setUniforms(shader, in);
                boolean linear = linearSampling();
                if (linear) {
                    c.api().bindSampler(0, c.resources().linearSampler());
                }
                c.resources().drawInto(to.id(), i.width(), i.height(), !coversOutput());
                if (linear) {
                    c.api().bindSampler(0, 0);
                }
                glBindTexture(GL_TEXTURE_2D, 0);
            }
            GLSyncMeta.of(out).setSync(c);
        });
        return FlowReturn.OK;
    }
}
