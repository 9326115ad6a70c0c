package org.zeropipe.gpu.gl;

import java.util.Locale;

import org.lwjgl.opengl.GL33;
import org.lwjgl.opengl.GL42;
import org.lwjgl.opengl.GL44;

/**
 * Which GL a context speaks, and the few calls whose entry point differs between the two.
 *
 * <p>How LWJGL dispatches: a static method of {@code org.lwjgl.opengl.GLxx} calls the address
 * held by the thread's {@code GLCapabilities}, which {@code GL.createCapabilities()} loads (here
 * through {@code eglGetProcAddress}) for the version the current context reports. On a GLES 3.x
 * context it reads 3.x and loads desktop GL 1.1–3.2's entry points: the functions GLES 3 shares
 * with them (textures, buffers, programs, framebuffers, fences, glReadPixels) are the same C
 * functions, so every element keeps one code path through {@code org.lwjgl.opengl}. What desktop
 * GL got only after 3.2 (samplers, texture storage, buffer storage) goes through here: LWJGL's
 * bindings on GL, {@link GLESCalls} on GLES.
 */
public enum GLApi {
    /** Desktop OpenGL 4.5, core profile. */
    OPENGL("#version 450 core\n") {
        @Override
        void texStorage2D(int target, int levels, int internalFormat, int width, int height) {
            GL42.glTexStorage2D(target, levels, internalFormat, width, height);
        }

        @Override
        int genSampler() {
            return GL33.glGenSamplers();
        }

        @Override
        void samplerParameteri(int sampler, int name, int value) {
            GL33.glSamplerParameteri(sampler, name, value);
        }

        @Override
        void bindSampler(int unit, int sampler) {
            GL33.glBindSampler(unit, sampler);
        }

        @Override
        void deleteSampler(int sampler) {
            GL33.glDeleteSamplers(sampler);
        }

        @Override
        void bufferStorage(int target, long size, int flags) {
            GL44.glBufferStorage(target, size, flags);
        }
    },
    /**
     * OpenGL ES 3.x (the fallback where desktop GL 4.5 cannot be had). Shaders get precision
     * qualifiers: GLSL ES has no default float precision in fragment shaders, and mediump ints
     * and lowp samplers would break the integer and 8-bit exact arithmetic of the filters.
     */
    GLES("#version 300 es\nprecision highp float;\nprecision highp int;\nprecision highp sampler2D;\n") {
        @Override
        void texStorage2D(int target, int levels, int internalFormat, int width, int height) {
            GLESCalls.texStorage2D(target, levels, internalFormat, width, height);
        }

        @Override
        int genSampler() {
            return GLESCalls.genSampler();
        }

        @Override
        void samplerParameteri(int sampler, int name, int value) {
            GLESCalls.samplerParameteri(sampler, name, value);
        }

        @Override
        void bindSampler(int unit, int sampler) {
            GLESCalls.bindSampler(unit, sampler);
        }

        @Override
        void deleteSampler(int sampler) {
            GLESCalls.deleteSampler(sampler);
        }

        @Override
        void bufferStorage(int target, long size, int flags) {
            GLESCalls.bufferStorage(target, size, flags); // same flag bits as GL 4.4's
        }
    };

    private final String shaderHeader;

    GLApi(String shaderHeader) {
        this.shaderHeader = shaderHeader;
    }

    /** The lines every shader of this API starts with. */
    public String shaderHeader() {
        return shaderHeader;
    }

    /**
     * The API named by an override ({@code opengl} or {@code gl}, {@code gles}), any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static GLApi parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "opengl", "gl" -> OPENGL;
            case "gles", "gles3", "opengles" -> GLES;
            default -> throw new IllegalArgumentException("unknown GL API '" + name + "': expected opengl (or gl) or gles");
        };
    }

    // The calls below run on the context's owner thread, with its capabilities current.

    /** {@code glTexStorage2D}: GL 4.2 / GLES 3.0. */
    abstract void texStorage2D(int target, int levels, int internalFormat, int width, int height);

    /** {@code glGenSamplers}: GL 3.3 / GLES 3.0. */
    abstract int genSampler();

    abstract void samplerParameteri(int sampler, int name, int value);

    abstract void bindSampler(int unit, int sampler);

    abstract void deleteSampler(int sampler);

    /** {@code glBufferStorage}: GL 4.4 / GLES's {@code EXT_buffer_storage} (check {@link GLContext#persistentMapping()}). */
    abstract void bufferStorage(int target, long size, int flags);
}
