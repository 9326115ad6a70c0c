package org.zeropipe.gpu.gl;

/** EGL 1.4/1.5 and KHR_create_context constants the context needs (values from the EGL headers). */
final class EGL14Constants {
    static final int OPENGL_API = 0x30A2;
    static final int OPENGL_ES_API = 0x30A0;
    static final int CONTEXT_MAJOR_VERSION = 0x3098;
    static final int CONTEXT_MINOR_VERSION = 0x30FB;
    static final int CONTEXT_OPENGL_PROFILE_MASK = 0x30FD;
    static final int CONTEXT_OPENGL_CORE_PROFILE_BIT = 0x1;

    private EGL14Constants() {
    }
}
