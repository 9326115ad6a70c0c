package org.zeropipe.gpu.gl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import org.lwjgl.egl.EGL10;

/**
 * The GLES 3 entry points that LWJGL's desktop bindings do not load on a GLES context (they
 * came to desktop GL after 3.2, see {@link GLApi}), called through FFM at the addresses
 * {@code eglGetProcAddress} gives. LWJGL's own GLES bindings cannot be used beside its GL ones:
 * both keep their capabilities in the same per-thread slot and install one process-wide
 * missing-function table ({@code setFunctionMissingAddresses has been called already}).
 * Owner thread of a GLES context only.
 */
final class GLESCalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle TEX_STORAGE_2D = find("glTexStorage2D", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle GEN_SAMPLERS = find("glGenSamplers", JAVA_INT, ADDRESS);
    private static final MethodHandle DELETE_SAMPLERS = find("glDeleteSamplers", JAVA_INT, ADDRESS);
    private static final MethodHandle SAMPLER_PARAMETERI = find("glSamplerParameteri", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle BIND_SAMPLER = find("glBindSampler", JAVA_INT, JAVA_INT);
    private static final MethodHandle BUFFER_STORAGE_EXT = find("glBufferStorageEXT", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT);

    private GLESCalls() {
    }

    /** A handle to the void function {@code name}, or null when EGL does not know it. */
    private static MethodHandle find(String name, java.lang.foreign.MemoryLayout... args) {
        long address = EGL10.eglGetProcAddress(name);
        if (address == 0) {
            return null;
        }
        return LINKER.downcallHandle(MemorySegment.ofAddress(address), FunctionDescriptor.ofVoid(args)).asSpreader(
                Object[].class, args.length);
    }

    private static void call(MethodHandle h, String name, Object... args) {
        if (h == null) {
            throw new GLException(name + " is not available from this EGL");
        }
        try {
            h.invoke(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new GLException(name + " failed: " + t, t);
        }
    }

    static void texStorage2D(int target, int levels, int internalFormat, int width, int height) {
        call(TEX_STORAGE_2D, "glTexStorage2D", target, levels, internalFormat, width, height);
    }

    static int genSampler() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(JAVA_INT);
            call(GEN_SAMPLERS, "glGenSamplers", 1, s);
            return s.get(JAVA_INT, 0);
        }
    }

    static void deleteSampler(int sampler) {
        try (Arena a = Arena.ofConfined()) {
            call(DELETE_SAMPLERS, "glDeleteSamplers", 1, a.allocateFrom(JAVA_INT, sampler));
        }
    }

    static void samplerParameteri(int sampler, int name, int value) {
        call(SAMPLER_PARAMETERI, "glSamplerParameteri", sampler, name, value);
    }

    static void bindSampler(int unit, int sampler) {
        call(BIND_SAMPLER, "glBindSampler", unit, sampler);
    }

    static void bufferStorage(int target, long size, int flags) {
        call(BUFFER_STORAGE_EXT, "glBufferStorageEXT", target, size, MemorySegment.NULL, flags);
    }
}
