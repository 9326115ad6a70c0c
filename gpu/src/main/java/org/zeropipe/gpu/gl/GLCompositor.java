package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.GL_BLEND;
import static org.lwjgl.opengl.GL11.GL_COLOR_BUFFER_BIT;
import static org.lwjgl.opengl.GL11.GL_LINEAR;
import static org.lwjgl.opengl.GL11.GL_ONE;
import static org.lwjgl.opengl.GL11.GL_ONE_MINUS_SRC_ALPHA;
import static org.lwjgl.opengl.GL11.GL_SRC_ALPHA;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MAG_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MIN_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_WRAP_S;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_WRAP_T;
import static org.lwjgl.opengl.GL11.GL_ZERO;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL11.glClear;
import static org.lwjgl.opengl.GL11.glClearColor;
import static org.lwjgl.opengl.GL11.glDisable;
import static org.lwjgl.opengl.GL11.glEnable;
import static org.lwjgl.opengl.GL11.glViewport;
import static org.lwjgl.opengl.GL12.GL_CLAMP_TO_EDGE;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;
import static org.lwjgl.opengl.GL14.GL_FUNC_ADD;
import static org.lwjgl.opengl.GL14.glBlendEquation;
import static org.lwjgl.opengl.GL14.glBlendFuncSeparate;
import static org.lwjgl.opengl.GL20.glUniform4f;
import static org.lwjgl.opengl.GL30.GL_COLOR_ATTACHMENT0;
import static org.lwjgl.opengl.GL30.GL_DRAW_FRAMEBUFFER;
import static org.lwjgl.opengl.GL30.GL_FRAMEBUFFER_COMPLETE;
import static org.lwjgl.opengl.GL30.glBindFramebuffer;
import static org.lwjgl.opengl.GL30.glCheckFramebufferStatus;
import static org.lwjgl.opengl.GL30.glDeleteFramebuffers;
import static org.lwjgl.opengl.GL30.glFramebufferTexture2D;
import static org.lwjgl.opengl.GL30.glGenFramebuffers;

import java.util.Comparator;
import java.util.List;

/**
 * Draws N input textures into one output texture through a framebuffer: the background
 * first, then each layer (ordered by zorder, ties in list order) as a quad at its rectangle,
 * blended onto what is below. The same GL operations as GStreamer's glvideomixer, so the
 * bytes are the same on the same driver: straight (not premultiplied) alpha, the layer's
 * {@code alpha} multiplies the texture's alpha in the shader, scaling samples linearly.
 *
 * <p>Made, used and deleted on the context's owner thread.
 */
final class GLCompositor {

    /** What is under the layers: glvideomixer's {@code background}. */
    enum Background {
        /** 8x8 squares of 0.333 and 0.667 grey (opaque), GStreamer's checker shader. */
        CHECKER,
        BLACK,
        WHITE,
        /** (0, 0, 0, 0): for compositing further downstream. */
        TRANSPARENT
    }

    /**
     * How a layer combines with what is below it. {@code over} is glvideomixer's default blend
     * functions (rgb: src-alpha, one-minus-src-alpha; alpha: one, one-minus-src-alpha);
     * {@code source} replaces (one, zero), as compositor's {@code operator=source};
     * {@code add} adds the layer weighted by its alpha (rgb: src-alpha, one; alpha: one, one).
     */
    enum Blend {
        OVER(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA),
        SOURCE(GL_ONE, GL_ZERO, GL_ONE, GL_ZERO),
        ADD(GL_SRC_ALPHA, GL_ONE, GL_ONE, GL_ONE);

        private final int srcRgb;
        private final int dstRgb;
        private final int srcAlpha;
        private final int dstAlpha;

        Blend(int srcRgb, int dstRgb, int srcAlpha, int dstAlpha) {
            this.srcRgb = srcRgb;
            this.dstRgb = dstRgb;
            this.srcAlpha = srcAlpha;
            this.dstAlpha = dstAlpha;
        }
    }

    /**
     * One input: {@code texture} drawn at ({@code x}, {@code y}) (row 0 of the output is y = 0)
     * scaled to {@code width x height}, with {@code alpha} in [0, 1]. Layers with alpha 0 or an
     * empty size are not drawn.
     */
    record Layer(int texture, int x, int y, int width, int height, double alpha, int zorder, Blend blend) {
    }

    private static final String VERTEX = """
            in vec4 a_position;
            in vec2 a_texcoord;
            out vec2 v_texcoord;
            uniform vec4 rect; // scale (x, y), then offset (x, y), in clip space
            void main() {
                gl_Position = vec4(a_position.xy * rect.xy + rect.zw, 0.0, 1.0);
                v_texcoord = a_texcoord;
            }
            """;
    private static final String LAYER = """
            in vec2 v_texcoord;
            out vec4 fragColor;
            uniform sampler2D tex;
            uniform float alpha;
            void main() {
                vec4 c = texture(tex, v_texcoord);
                fragColor = vec4(c.rgb, c.a * alpha);
            }
            """;
    private static final String CHECKER = """
            out vec4 fragColor;
            void main() {
                const float size = 8.0;
                vec4 high = vec4(0.667, 0.667, 0.667, 1.0);
                vec4 low = vec4(0.333, 0.333, 0.333, 1.0);
                bool right = mod(gl_FragCoord.x, 2.0 * size) >= size;
                bool lower = mod(gl_FragCoord.y, 2.0 * size) >= size;
                fragColor = right == lower ? low : high;
            }
            """;
    private static final Comparator<Layer> BY_ZORDER = Comparator.comparingInt(Layer::zorder);

    private final GLContext context;
    private final GLShader layer;
    private final GLShader checker;
    private final int framebuffer;
    private final int sampler;

    private GLCompositor(GLContext context, GLShader layer, GLShader checker) {
        this.context = context;
        this.layer = layer;
        this.checker = checker;
        framebuffer = glGenFramebuffers();
        // GStreamer's GL textures sample linearly; ours are made nearest, so scaling uses a sampler.
        GLApi api = context.api(); // sampler objects: GL 3.3 / GLES 3.0, through GLApi
        sampler = api.genSampler();
        api.samplerParameteri(sampler, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        api.samplerParameteri(sampler, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        api.samplerParameteri(sampler, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        api.samplerParameteri(sampler, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }

    /** Compiles the programs; owner thread. */
    static GLCompositor create(GLContext context) {
        context.checkOwner();
        GLShader l = GLShader.compile(context, VERTEX, LAYER);
        try {
            return new GLCompositor(context, l, GLShader.compile(context, null, CHECKER));
        } catch (RuntimeException e) {
            l.delete();
            throw e;
        }
    }

    /**
     * Renders the background and the layers into {@code target}, a {@code width x height}
     * texture; owner thread. The caller holds the textures' GL accesses.
     */
    void render(int target, int width, int height, Background background, List<Layer> layers) {
        context.checkOwner();
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, framebuffer);
        glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
        try {
            int status = glCheckFramebufferStatus(GL_DRAW_FRAMEBUFFER);
            if (status != GL_FRAMEBUFFER_COMPLETE) {
                throw new GLException("cannot render into texture " + target + ": framebuffer status 0x"
                        + Integer.toHexString(status));
            }
            glViewport(0, 0, width, height);
            drawBackground(background);
            drawLayers(width, height, layers);
        } finally {
            glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, 0, 0);
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
        }
    }

    private void drawBackground(Background background) {
        switch (background) {
            case CHECKER -> {
                checker.use();
                context.resources().drawQuad();
                return;
            }
            case BLACK -> glClearColor(0, 0, 0, 1);
            case WHITE -> glClearColor(1, 1, 1, 1);
            case TRANSPARENT -> glClearColor(0, 0, 0, 0);
        }
        glClear(GL_COLOR_BUFFER_BIT);
    }

    private void drawLayers(int width, int height, List<Layer> layers) {
        layer.use();
        layer.setInt("tex", 0);
        glActiveTexture(GL_TEXTURE0);
        context.api().bindSampler(0, sampler);
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        try {
            for (Layer l : layers.stream().sorted(BY_ZORDER).toList()) {
                if (l.alpha() <= 0 || l.width() <= 0 || l.height() <= 0) {
                    continue;
                }
                glBlendFuncSeparate(l.blend().srcRgb, l.blend().dstRgb, l.blend().srcAlpha, l.blend().dstAlpha);
                // The full-frame quad scaled to the layer's size and moved to its place (clip space).
                float sx = (float) l.width() / width;
                float sy = (float) l.height() / height;
                glUniform4f(layer.location("rect"), sx, sy, 2f * l.x() / width - (1 - sx), 2f * l.y() / height - (1 - sy));
                layer.setFloat("alpha", (float) l.alpha());
                glBindTexture(GL_TEXTURE_2D, l.texture());
                context.resources().drawQuad();
            }
        } finally {
            glBindTexture(GL_TEXTURE_2D, 0);
            glDisable(GL_BLEND);
            context.api().bindSampler(0, 0);
        }
    }

    /** Deletes the programs, framebuffer and sampler; owner thread. */
    void delete() {
        layer.delete();
        checker.delete();
        glDeleteFramebuffers(framebuffer);
        context.api().deleteSampler(sampler);
    }
}
