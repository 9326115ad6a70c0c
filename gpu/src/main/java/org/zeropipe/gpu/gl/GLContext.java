package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.lwjgl.egl.EGL10;
import org.lwjgl.egl.EGL12;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GL11;
import org.lwjgl.opengl.GL30;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;
import org.zeropipe.core.trace.CopyAttribution;

/**
 * An EGL context and the one thread that owns it: GStreamer's {@code GstGLContext}. Every GL
 * call runs on the owner thread: {@link #call} and {@link #run} hand work to it and wait (or
 * run at once when already on it), {@link #post} hands it over without waiting (releases from
 * other threads). The context is current on its thread, surfaceless, for its whole life.
 *
 * <p>Made as desktop GL 4.5 core, else GLES 3.x ({@code ZEROPIPE_GL_API} or the system property
 * {@code zeropipe.gl.api} = {@code opengl}/{@code gl} or {@code gles} forces one); {@link GLApi}
 * says how one code path serves both. Reference counted: the elements using it and
 * each {@link GLMemory} hold a reference; the last {@link #unref} destroys it on its thread and
 * ends the thread. Shared between elements as the context type {@link #CONTEXT_TYPE}.
 */
public final class GLContext {

    /** The context type a context travels under (GStreamer's {@code gst.gl.local_context}). */
    public static final String CONTEXT_TYPE = "gst.gl.local_context";

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger(GLContext.class.getName());

    private final GLDisplay display;
    private final Thread owner;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger refs = new AtomicInteger(1);
    // Guards running and every hand-over from other threads: once the destroy task is queued
    // (running false) nothing else can be, so the loop ends only on an empty queue and no
    // caller waits for work that never runs.
    private final Object queueLock = new Object();
    private volatile boolean running = true;
    // Set on the owner thread while it starts, read after start() returned.
    private long eglContext;
    private GLApi api;
    private GLCapabilities glCaps;
    private Set<String> glesExtensions = Set.of(); // GLES contexts only
    private String renderer;
    private GLResources resources;

    private GLContext(GLDisplay display) {
        this.display = display;
        this.owner = Thread.ofPlatform().daemon().name("gl-context-" + THREADS.getAndIncrement()).unstarted(this::loop);
    }

    /**
     * Makes a context on {@code display} (whose reference the context then holds: the caller
     * keeps its own): desktop GL 4.5 core, else GLES 3, unless {@code ZEROPIPE_GL_API} (or the
     * system property {@code zeropipe.gl.api}) names one. The caller owns the reference returned.
     *
     * @throws GLException when no context can be made, saying why per API tried
     */
    public static GLContext create(GLDisplay display) {
        return create(display, null);
    }

    /**
     * {@link #create(GLDisplay)} of exactly {@code api} (null: as the override says, else
     * either).
     */
    public static GLContext create(GLDisplay display, GLApi api) {
        GLContext c = new GLContext(display.ref());
        c.owner.start();
        try {
            c.call(() -> {
                c.start(api);
                return null;
            });
        } catch (RuntimeException e) {
            c.shutDown(() -> { });
            c.display.unref();
            throw e;
        }
        return c;
    }

    /** Opens the default display ({@link GLDisplay#open()}) and makes a context on it. */
    public static GLContext create() {
        GLDisplay d = GLDisplay.open();
        try {
            return create(d);
        } finally {
            d.unref();
        }
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            try {
                queue.take().run();
            } catch (InterruptedException e) {
                // only the owner loop runs here; keep serving until destroyed
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "a task posted to " + this + " failed", e);
            }
        }
    }

    private void start(GLApi wanted) {
        long dpy = display.eglDisplay();
        GLApi forced = wanted != null ? wanted : overriddenApi();
        List<String> why = new ArrayList<>();
        for (GLApi candidate : GLApi.values()) {
            if (forced != null && candidate != forced) {
                continue;
            }
            long ctx = makeContext(dpy, candidate);
            if (ctx == 0) {
                why.add(candidate.name().toLowerCase(Locale.ROOT) + ": " + eglError());
                continue;
            }
            if (!EGL10.eglMakeCurrent(dpy, 0, 0, ctx)) {
                why.add(candidate.name().toLowerCase(Locale.ROOT) + ": eglMakeCurrent without a surface failed: " + eglError());
                EGL10.eglDestroyContext(dpy, ctx);
                continue;
            }
            eglContext = ctx;
            api = candidate;
            // GL's capabilities serve both APIs (GLApi): on GLES 3.x they hold GL 3.x's entry points.
            glCaps = GL.createCapabilities();
            renderer = org.lwjgl.opengl.GL11.glGetString(org.lwjgl.opengl.GL11.GL_RENDERER);
            if (candidate == GLApi.GLES && glCaps.OpenGL30) {
                glesExtensions = extensions();
            }
            if (candidate == GLApi.OPENGL ? !glCaps.OpenGL45 : !glCaps.OpenGL30) {
                // LWJGL aborts the JVM when a missing function is called: refuse the context instead.
                why.add(candidate.name().toLowerCase(Locale.ROOT) + ": " + renderer + " does not give "
                        + (candidate == GLApi.OPENGL ? "OpenGL 4.5" : "OpenGL ES 3.0"));
                EGL10.eglMakeCurrent(dpy, 0, 0, 0);
                EGL10.eglDestroyContext(dpy, ctx);
                GL.setCapabilities(null);
                eglContext = 0;
                api = null;
                continue;
            }
            return;
        }
        throw new GLException("cannot make a GL context on " + display + ": " + String.join("; ", why));
    }

    /** The API named by {@code zeropipe.gl.api} / {@code ZEROPIPE_GL_API}, or null. */
    private static GLApi overriddenApi() {
        String name = System.getProperty("zeropipe.gl.api", System.getenv("ZEROPIPE_GL_API"));
        try {
            return name == null || name.isBlank() ? null : GLApi.parse(name);
        } catch (IllegalArgumentException e) {
            throw new GLException("ZEROPIPE_GL_API / zeropipe.gl.api: " + e.getMessage());
        }
    }

    /** The current context's extension names (GL 3 / GLES 3 query). */
    private static Set<String> extensions() {
        int n = GL11.glGetInteger(GL30.GL_NUM_EXTENSIONS);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            names.add(GL30.glGetStringi(GL11.GL_EXTENSIONS, i));
        }
        return Set.copyOf(names);
    }

    private long makeContext(long dpy, GLApi candidate) {
        boolean gl = candidate == GLApi.OPENGL;
        if (!EGL12.eglBindAPI(gl ? EGL14Constants.OPENGL_API : EGL14Constants.OPENGL_ES_API)) {
            return 0;
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var attribs = gl
                    ? stack.ints(EGL14Constants.CONTEXT_MAJOR_VERSION, 4, EGL14Constants.CONTEXT_MINOR_VERSION, 5,
                            EGL14Constants.CONTEXT_OPENGL_PROFILE_MASK, EGL14Constants.CONTEXT_OPENGL_CORE_PROFILE_BIT,
                            EGL10.EGL_NONE)
                    : stack.ints(EGL14Constants.CONTEXT_MAJOR_VERSION, 3, EGL10.EGL_NONE);
            // Through JNI: LWJGL's eglCreateContext refuses EGL_NO_CONFIG_KHR (0), which
            // EGL_KHR_no_config_context makes valid and a surfaceless context wants.
            return JNI.invokePPPPP(dpy, 0L, 0L, org.lwjgl.system.MemoryUtil.memAddress(attribs),
                    display.capabilities().eglCreateContext);
        }
    }

    /** The last EGL error, as a hex code. */
    static String eglError() {
        return "EGL error 0x" + Integer.toHexString(EGL10.eglGetError());
    }

    // ------------------------------------------------------------------ running work on the owner

    /** Whether the calling thread is the owner thread. */
    public boolean isOwnerThread() {
        return Thread.currentThread() == owner;
    }

    /**
     * Runs {@code work} on the owner thread and returns its result: at once when called there,
     * else handed over and waited for. An exception it throws is thrown here.
     */
    public <T> T call(Callable<T> work) {
        if (isOwnerThread()) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new GLException(e.getMessage(), e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        String who = CopyAttribution.current(); // transfers done for the caller are counted as the caller's
        enqueue(() -> {
            String previous = CopyAttribution.enter(who);
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            } finally {
                CopyAttribution.exit(previous);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // GL work cannot be abandoned half-way: wait, then re-interrupt
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new GLException(String.valueOf(cause.getMessage()), cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #call} for work without a result. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Hands {@code work} to the owner thread without waiting (run at once when called there).
     *
     * @throws IllegalStateException when the context is destroyed (its last reference given back)
     */
    public void post(Runnable work) {
        if (isOwnerThread()) {
            work.run();
        } else {
            enqueue(work);
        }
    }

    /** Queues work from another thread, or refuses it once the destroy task is queued. */
    private void enqueue(Runnable work) {
        synchronized (queueLock) {
            if (!running) {
                throw new IllegalStateException(this + " is destroyed: no GL work can be handed to it");
            }
            queue.add(work);
        }
    }

    /** Queues {@code last} as the final task: nothing can be queued after it. */
    private void shutDown(Runnable last) {
        synchronized (queueLock) {
            running = false;
            queue.add(last);
        }
    }

    // ------------------------------------------------------------------ state

    /** Which GL this context speaks. */
    public GLApi api() {
        return api;
    }

    public GLDisplay display() {
        return display;
    }

    /** GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
    public String renderer() {
        return renderer;
    }

    /** The LWJGL capabilities (owner thread only). */
    GLCapabilities capabilities() {
        return glCaps;
    }

    /**
     * Whether pixel buffers can be mapped persistently: GL 4.4's {@code glBufferStorage}, or
     * GLES's {@code EXT_buffer_storage}. Without it {@link GLMemory} stages through client memory.
     */
    boolean persistentMapping() {
        return api == GLApi.OPENGL || glesExtensions.contains("GL_EXT_buffer_storage");
    }

    /** Whether R16 / RG16 textures can be made (always on GL; GLES needs {@code EXT_texture_norm16}). */
    boolean norm16() {
        return api == GLApi.OPENGL || glesExtensions.contains("GL_EXT_texture_norm16");
    }

    /** The context's shared helpers (quad, framebuffers); owner thread only. */
    GLResources resources() {
        checkOwner();
        if (resources == null) {
            resources = new GLResources(this);
        }
        return resources;
    }

    void checkOwner() {
        if (!isOwnerThread()) {
            throw new IllegalStateException("GL call on " + Thread.currentThread().getName() + ", not on the owner thread of "
                    + this);
        }
    }

    // ------------------------------------------------------------------ lifetime

    /** Adds a reference. */
    public GLContext ref() {
        if (refs.getAndUpdate(n -> n == 0 ? 0 : n + 1) == 0) {
            throw new IllegalStateException(this + " is already destroyed");
        }
        return this;
    }

    /** Gives a reference back; the last one destroys the context on its thread. */
    public void unref() {
        int left = refs.decrementAndGet();
        if (left < 0) {
            throw new IllegalStateException(this + " was unref'ed more times than ref'ed");
        }
        if (left == 0) {
            Runnable destroy = () -> {
                try {
                    if (resources != null) {
                        resources.delete();
                    }
                    long dpy = display.eglDisplay();
                    EGL10.eglMakeCurrent(dpy, 0, 0, 0);
                    EGL10.eglDestroyContext(dpy, eglContext);
                    GL.setCapabilities(null);
                } finally {
                    display.unref();
                }
            };
            shutDown(destroy); // after the work already handed over (and, on the owner, under way)
        }
    }

    /** References held (for tests and diagnostics). */
    public int refCount() {
        return refs.get();
    }

    /** Whether the context is destroyed (its last reference given back; its thread ended or ending). */
    public boolean isDestroyed() {
        return !running;
    }

    /** Waits until the owner thread ended (after the last unref), for tests. */
    public boolean awaitDestroyed(java.time.Duration timeout) throws InterruptedException {
        owner.join(timeout);
        return !owner.isAlive();
    }

    @Override
    public String toString() {
        return "GLContext[" + owner.getName() + ", " + (api == null ? "?" : api.name().toLowerCase(Locale.ROOT)) + ", "
                + display + "]";
    }
}
