package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGL10;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

/**
 * An initialized EGL display on one {@link GLPlatform}: GStreamer's {@code GstGLDisplay}. Made by
 * {@link #open()} (the platform from ZEROPIPE_GL_PLATFORM, else the first that works of
 * surfaceless, device, gbm, x11) or {@link #open(GLPlatform)}. Reference counted: each
 * {@link GLContext} holds one; the last {@link #unref} terminates it.
 *
 * <p>Shared between elements as the context type {@link #CONTEXT_TYPE} (see {@link GLContexts}).
 */
public final class GLDisplay {

    /** The context type a display travels under (GStreamer's {@code gst.gl.GLDisplay}). */
    public static final String CONTEXT_TYPE = "gst.gl.GLDisplay";

    private final GLPlatform platform;
    private final NativeDisplays.Handle nativeDisplay;
    private final long eglDisplay;
    private final EGLCapabilities caps;
    private final String vendor;
    private final AtomicInteger refs = new AtomicInteger(1);

    private GLDisplay(GLPlatform platform, NativeDisplays.Handle nativeDisplay, long eglDisplay, EGLCapabilities caps) {
        this.platform = platform;
        this.nativeDisplay = nativeDisplay;
        this.eglDisplay = eglDisplay;
        this.caps = caps;
        this.vendor = EGL10.eglQueryString(eglDisplay, EGL10.EGL_VENDOR);
    }

    /**
     * Opens the platform ZEROPIPE_GL_PLATFORM names, or else the first of {@link GLPlatform}'s
     * values that works. The caller owns the reference returned.
     *
     * @throws GLException saying, per platform tried, why none worked (no libEGL, no extension, …)
     */
    public static GLDisplay open() {
        clientCapabilities(); // no libEGL at all: one clear error rather than one per platform
        GLPlatform wanted = GLPlatform.requested();
        if (wanted != null) {
            return open(wanted);
        }
        List<String> why = new ArrayList<>();
        for (GLPlatform p : GLPlatform.values()) {
            try {
                return open(p);
            } catch (GLException e) {
                why.add(e.getMessage());
            }
        }
        throw new GLException("no EGL display could be opened: " + String.join("; ", why));
    }

    // EGL has one display per (platform, native display) in a process: terminating it ends it
    // for every user, so a process keeps one GLDisplay per platform, shared by reference.
    private static final java.util.Map<GLPlatform, GLDisplay> OPEN = new java.util.EnumMap<>(GLPlatform.class);

    /** The display on {@code platform} (opened if none is); the caller owns the reference returned. */
    public static GLDisplay open(GLPlatform platform) {
        synchronized (OPEN) {
            GLDisplay d = OPEN.get(platform);
            if (d != null) {
                return d.ref();
            }
            d = openNew(platform);
            OPEN.put(platform, d);
            return d;
        }
    }

    private static GLDisplay openNew(GLPlatform platform) {
        EGLCapabilities client = clientCapabilities();
        if (client.eglGetPlatformDisplayEXT == 0 || !hasClientExtension(platform.extension())) {
            throw new GLException("platform " + platform.id() + ": EGL lacks " + platform.extension());
        }
        NativeDisplays.Handle nat = switch (platform) {
            case SURFACELESS -> NativeDisplays.none();
            case DEVICE -> new DeviceHandle(firstDevice(client));
            case GBM -> NativeDisplays.gbm();
            case X11 -> NativeDisplays.x11();
        };
        try {
            // eglGetPlatformDisplayEXT through JNI: LWJGL's wrapper refuses a NULL native display,
            // which the surfaceless platform needs.
            long dpy = JNI.invokePPP(platform.eglPlatform(), nat.address(), 0L, client.eglGetPlatformDisplayEXT);
            if (dpy == 0) {
                throw new GLException("platform " + platform.id() + ": eglGetPlatformDisplayEXT failed ("
                        + GLContext.eglError() + ")");
            }
            try (MemoryStack stack = MemoryStack.stackPush()) {
                if (!EGL10.eglInitialize(dpy, stack.mallocInt(1), stack.mallocInt(1))) {
                    throw new GLException("platform " + platform.id() + ": eglInitialize failed ("
                            + GLContext.eglError() + ")");
                }
            }
            return new GLDisplay(platform, nat, dpy, EGL.createDisplayCapabilities(dpy));
        } catch (RuntimeException e) {
            nat.close();
            throw e;
        }
    }

    private static EGLCapabilities clientCapabilities() {
        try {
            return EGL.getCapabilities();
        } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new GLException("no EGL: libEGL could not be loaded (" + root.getMessage() + ")", e);
        }
    }

    private static boolean hasClientExtension(String name) {
        // eglQueryString(EGL_NO_DISPLAY, …) lists the client extensions; LWJGL's wrapper refuses NULL.
        long p = JNI.invokePP(0L, EGL10.EGL_EXTENSIONS, clientCapabilities().eglQueryString);
        String exts = p == 0 ? null : org.lwjgl.system.MemoryUtil.memASCII(p);
        return exts != null && (" " + exts + " ").contains(" " + name + " ");
    }

    private static long firstDevice(EGLCapabilities client) {
        // Mesa lists EGL_EXT_device_base (which includes enumeration) rather than the split names.
        long query = client.eglQueryDevicesEXT;
        if (query == 0 || !(hasClientExtension("EGL_EXT_device_enumeration") || hasClientExtension("EGL_EXT_device_base"))) {
            throw new GLException("platform device: EGL lacks EGL_EXT_device_enumeration");
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer devices = stack.mallocPointer(8);
            var n = stack.mallocInt(1);
            int ok = JNI.invokePPI(8, org.lwjgl.system.MemoryUtil.memAddress(devices), org.lwjgl.system.MemoryUtil.memAddress(n), query);
            if (ok == 0 || n.get(0) == 0) {
                throw new GLException("platform device: no EGL device");
            }
            return devices.get(0);
        }
    }

    private record DeviceHandle(long address) implements NativeDisplays.Handle {
        @Override
        public void close() {
            // EGL devices are owned by EGL
        }
    }

    public GLPlatform platform() {
        return platform;
    }

    /** The {@code EGLDisplay}. */
    public long eglDisplay() {
        return eglDisplay;
    }

    /** The native display (Display*, gbm_device*, EGLDeviceEXT), 0 for surfaceless. */
    public long nativeDisplay() {
        return nativeDisplay.address();
    }

    EGLCapabilities capabilities() {
        return caps;
    }

    /** Adds a reference. */
    public GLDisplay ref() {
        synchronized (OPEN) {
            if (refs.get() == 0) {
                throw new IllegalStateException(this + " is already terminated");
            }
            refs.incrementAndGet();
        }
        return this;
    }

    /** Gives a reference back; the last one terminates the display. */
    public void unref() {
        synchronized (OPEN) {
            int left = refs.decrementAndGet();
            if (left < 0) {
                throw new IllegalStateException(this + " was unref'ed more times than ref'ed");
            }
            if (left == 0) {
                OPEN.remove(platform, this);
                EGL10.eglTerminate(eglDisplay);
                nativeDisplay.close();
            }
        }
    }

    /** Whether a display on {@code platform} is open in this process (someone holds a reference). */
    static boolean isOpen(GLPlatform platform) {
        synchronized (OPEN) {
            return OPEN.containsKey(platform);
        }
    }

    @Override
    public String toString() {
        return "GLDisplay[" + platform.id() + ", " + vendor + "]";
    }
}
