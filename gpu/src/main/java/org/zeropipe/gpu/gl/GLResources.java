package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.GL_FLOAT;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.GL_TRIANGLE_STRIP;
import static org.lwjgl.opengl.GL11.glDrawArrays;
import static org.lwjgl.opengl.GL11.GL_COLOR_BUFFER_BIT;
import static org.lwjgl.opengl.GL11.GL_LINEAR;
import static org.lwjgl.opengl.GL11.GL_SCISSOR_TEST;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MAG_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MIN_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_WRAP_S;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_WRAP_T;
import static org.lwjgl.opengl.GL11.glClear;
import static org.lwjgl.opengl.GL11.glClearColor;
import static org.lwjgl.opengl.GL12.GL_CLAMP_TO_EDGE;
import static org.lwjgl.opengl.GL11.glDisable;
import static org.lwjgl.opengl.GL11.glEnable;
import static org.lwjgl.opengl.GL11.glScissor;
import static org.lwjgl.opengl.GL11.glViewport;
import static org.lwjgl.opengl.GL15.GL_ARRAY_BUFFER;
import static org.lwjgl.opengl.GL15.GL_STATIC_DRAW;
import static org.lwjgl.opengl.GL15.glBindBuffer;
import static org.lwjgl.opengl.GL15.glBufferData;
import static org.lwjgl.opengl.GL15.glDeleteBuffers;
import static org.lwjgl.opengl.GL15.glGenBuffers;
import static org.lwjgl.opengl.GL20.glEnableVertexAttribArray;
import static org.lwjgl.opengl.GL20.glVertexAttribPointer;
import static org.lwjgl.opengl.GL30.GL_COLOR_ATTACHMENT0;
import static org.lwjgl.opengl.GL30.GL_DRAW_FRAMEBUFFER;
import static org.lwjgl.opengl.GL30.GL_FRAMEBUFFER_COMPLETE;
import static org.lwjgl.opengl.GL30.glBindFramebuffer;
import static org.lwjgl.opengl.GL30.glBindVertexArray;
import static org.lwjgl.opengl.GL30.glCheckFramebufferStatus;
import static org.lwjgl.opengl.GL30.glDeleteFramebuffers;
import static org.lwjgl.opengl.GL30.glDeleteVertexArrays;
import static org.lwjgl.opengl.GL30.glFramebufferTexture2D;
import static org.lwjgl.opengl.GL30.glGenFramebuffers;
import static org.lwjgl.opengl.GL30.glGenVertexArrays;

/**
 * What every GL element of a context shares, made once per context on its owner thread: the
 * full-frame quad (attribute 0 {@code a_position}, 1 {@code a_texcoord}), a framebuffer to
 * render into a texture and one to read a texture back.
 *
 * <p>Orientation: row 0 of a frame in memory is texture row 0 (GL's y = 0) and framebuffer
 * row 0; the quad maps texture coordinate (0, 0) to position (-1, -1). Nothing is flipped.
 */
final class GLResources {

    /** Attribute locations every program is linked with. */
    static final int POSITION = 0;
    static final int TEXCOORD = 1;

    private final int vao;
    private final int vbo;
    private final int drawFbo;
    private final int readFbo;
    private final GLApi api;
    private int linearSampler; // made at first use

    GLResources(GLContext context) {
        context.checkOwner();
        api = context.api();
        vao = glGenVertexArrays();
        vbo = glGenBuffers();
        glBindVertexArray(vao);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferData(GL_ARRAY_BUFFER, new float[] {
            // x, y, z, w, u, v
            -1, -1, 0, 1, 0, 0,
            1, -1, 0, 1, 1, 0,
            -1, 1, 0, 1, 0, 1,
            1, 1, 0, 1, 1, 1}, GL_STATIC_DRAW);
        glVertexAttribPointer(POSITION, 4, GL_FLOAT, false, 24, 0);
        glEnableVertexAttribArray(POSITION);
        glVertexAttribPointer(TEXCOORD, 2, GL_FLOAT, false, 24, 16);
        glEnableVertexAttribArray(TEXCOORD);
        glBindVertexArray(0);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        drawFbo = glGenFramebuffers();
        readFbo = glGenFramebuffers();
    }

    int readFramebuffer() {
        return readFbo;
    }

    /**
     * A sampler object that filters bilinearly and clamps to the edge, for a program that
     * scales (textures themselves sample nearest); bind it to a unit with {@code glBindSampler}.
     */
    int linearSampler() {
        if (linearSampler == 0) {
            linearSampler = api.genSampler();
            api.samplerParameteri(linearSampler, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            api.samplerParameteri(linearSampler, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            api.samplerParameteri(linearSampler, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            api.samplerParameteri(linearSampler, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        }
        return linearSampler;
    }

    /**
     * Draws the quad into {@code target} (a {@code width x height} texture) with the program
     * in use. Owner thread.
     */
    void drawInto(int target, int width, int height) {
        drawInto(target, width, height, 0, 0, width, height, false);
    }

    /** {@link #drawInto(int, int, int)}, first clearing the target to transparent black when {@code clear}. */
    void drawInto(int target, int width, int height, boolean clear) {
        drawInto(target, width, height, 0, 0, width, height, clear);
    }

    /** {@link #drawInto(int, int, int)} limited to the rectangle (x, y, w, h) by the scissor test. */
    void drawInto(int target, int width, int height, int x, int y, int w, int h) {
        drawInto(target, width, height, x, y, w, h, false);
    }

    private void drawInto(int target, int width, int height, int x, int y, int w, int h, boolean clear) {
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, drawFbo);
        glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
        int status = glCheckFramebufferStatus(GL_DRAW_FRAMEBUFFER);
        if (status != GL_FRAMEBUFFER_COMPLETE) {
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
            throw new GLException("cannot render into texture " + target + ": framebuffer status 0x"
                    + Integer.toHexString(status));
        }
        glViewport(0, 0, width, height);
        boolean scissor = x != 0 || y != 0 || w != width || h != height;
        if (scissor) {
            glEnable(GL_SCISSOR_TEST);
            glScissor(x, y, w, h);
        }
        if (clear) {
            glClearColor(0, 0, 0, 0);
            glClear(GL_COLOR_BUFFER_BIT);
        }
        drawQuad();
        if (scissor) {
            glDisable(GL_SCISSOR_TEST);
        }
        glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, 0, 0);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    }

    /** Draws the quad into the bound draw framebuffer and viewport, with the program in use. Owner thread. */
    void drawQuad() {
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        glBindVertexArray(0);
    }

    void delete() {
        glDeleteVertexArrays(vao);
        glDeleteBuffers(vbo);
        glDeleteFramebuffers(drawFbo);
        glDeleteFramebuffers(readFbo);
        if (linearSampler != 0) {
            api.deleteSampler(linearSampler);
        }
    }
}
