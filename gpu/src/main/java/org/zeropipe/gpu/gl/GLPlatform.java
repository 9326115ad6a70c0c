package org.zeropipe.gpu.gl;

import java.util.Locale;

/**
 * The EGL platforms a {@link GLDisplay} can open, in the order {@link GLDisplay#open()} tries
 * them. {@code ZEROPIPE_GL_PLATFORM} (or the system property {@code zeropipe.gl.platform})
 * names one to use instead.
 */
public enum GLPlatform {
    /** No window system at all (EGL_MESA_platform_surfaceless): headless rendering. */
    SURFACELESS(0x31DD, "EGL_MESA_platform_surfaceless"),
    /** An EGL device (EGL_EXT_platform_device): the first one EGL lists. */
    DEVICE(0x313F, "EGL_EXT_platform_device"),
    /** A DRM render node through GBM (EGL_MESA_platform_gbm): where DMABufs come from. */
    GBM(0x31D7, "EGL_MESA_platform_gbm"),
    /** An X11 display ($DISPLAY), for windows. */
    X11(0x31D5, "EGL_EXT_platform_x11");

    private final int eglPlatform;
    private final String extension;

    GLPlatform(int eglPlatform, String extension) {
        this.eglPlatform = eglPlatform;
        this.extension = extension;
    }

    /** The name in lower case, as ZEROPIPE_GL_PLATFORM spells it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code EGL_PLATFORM_*} constant passed to eglGetPlatformDisplayEXT. */
    public int eglPlatform() {
        return eglPlatform;
    }

    /** The EGL client extension the platform needs. */
    public String extension() {
        return extension;
    }

    /** The platform named {@code text} (any case), or an error listing the names. */
    public static GLPlatform parse(String text) {
        for (GLPlatform p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown GL platform '" + text + "'; expected one of surfaceless, device, gbm, x11");
    }

    /** The platform asked for by ZEROPIPE_GL_PLATFORM / zeropipe.gl.platform, or null for automatic. */
    static GLPlatform requested() {
        String s = System.getProperty("zeropipe.gl.platform", System.getenv("ZEROPIPE_GL_PLATFORM"));
        return s == null || s.isBlank() || s.trim().toLowerCase(Locale.ROOT).equals("auto") ? null : parse(s);
    }
}
