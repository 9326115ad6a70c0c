package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.GL_COLOR_BUFFER_BIT;
import static org.lwjgl.opengl.GL11.GL_RGBA;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.GL_UNSIGNED_BYTE;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL11.glClear;
import static org.lwjgl.opengl.GL11.glClearColor;
import static org.lwjgl.opengl.GL11.glDeleteTextures;
import static org.lwjgl.opengl.GL11.glGenTextures;
import static org.lwjgl.opengl.GL11.glReadPixels;
import static org.lwjgl.opengl.GL11.glViewport;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;
import static org.lwjgl.opengl.GL30.GL_COLOR_ATTACHMENT0;
import static org.lwjgl.opengl.GL30.GL_DRAW_FRAMEBUFFER;
import static org.lwjgl.opengl.GL30.GL_FRAMEBUFFER;
import static org.lwjgl.opengl.GL30.GL_RGBA8;
import static org.lwjgl.opengl.GL30.glBindFramebuffer;
import static org.lwjgl.opengl.GL30.glDeleteFramebuffers;
import static org.lwjgl.opengl.GL30.glFramebufferTexture2D;
import static org.lwjgl.opengl.GL30.glGenFramebuffers;

import java.nio.ByteBuffer;

import org.lwjgl.egl.EGL10;
import org.lwjgl.system.MemoryStack;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.video.VideoInfo;

/**
 * {@code glimagesink}: shows GL frames in an X11 window, letterboxed to keep their display
 * aspect ratio; without an X display it renders the same picture offscreen (into a texture), so
 * pipelines run headless.
 *
 * <p>Memory: accepts {@code memory:GLMemory} RGBA (preferred) and system-memory RGBA. Proposes a
 * GL pool upstream, so a GL producer renders into frames of this context, and a CPU producer
 * writes into their persistently mapped PBOs; draws the texture with one quad, no copy. System
 * memory is uploaded as {@code glupload} does ({@link GLUploadMethods}: a frame of our pool is
 * brought up to date, any other buffer goes through an internal GL pool): one upload a frame. Waits on the frame's {@link GLSyncMeta}
 * on the GPU. Syncs to the clock as any {@link BaseSink} (sync=true).
 *
 * <p>Window: when an X display is named ({@code zeropipe.gl.x11.display} or $DISPLAY) and no
 * context was handed to it, the sink makes the pipeline's context on EGL's x11 platform, so the
 * frames' textures and the window surface share one EGLDisplay; the surface is made current
 * only while drawing, then the context goes back to surfaceless for the other elements. A
 * window closed by the user or destroyed by another client is a bus ERROR ("the output window
 * was closed") and FlowReturn.ERROR, never a hang.
 */
public final class GLImageSink extends BaseSink {

    private static final int EGL_SURFACE_TYPE = 0x3033;
    private static final int EGL_WINDOW_BIT = 0x0004;
    private static final int EGL_RENDERABLE_TYPE = 0x3040;
    private static final int EGL_OPENGL_BIT = 0x0008;
    private static final int EGL_OPENGL_ES3_BIT = 0x0040;
    private static final int EGL_NATIVE_VISUAL_ID = 0x302E;
    private static final int EGL_NONE = 0x3038;

    /** The quad flipped vertically: frame row 0 is the top of the window, and framebuffer row 0 its bottom. */
    private static final String VERTEX = """
            in vec4 a_position;
            in vec2 a_texcoord;
            out vec2 v_texcoord;
            void main() {
                gl_Position = a_position;
                v_texcoord = vec2(a_texcoord.x, 1.0 - a_texcoord.y);
            }
            """;

    private final GLContextHolder gl = new GLContextHolder(this);
    private final Property<Boolean> forceAspectRatio;
    private final Property<Integer> windowWidth;
    private final Property<Integer> windowHeight;

    private GLDisplay x11Display; // held from NULL→READY to READY→NULL when the sink opened it
    private GLDisplay lastX11Display; // the one set as our GLDisplay context, possibly given back
    private volatile VideoInfo info;
    private volatile GLVideoInfo uploadInfo; // system-memory caps: frames to upload, else null
    private Negotiation uploadFrames; // our own GL pool for those uploads (streaming thread)
    // The preroll input and its GL frame: render shows the same buffer without a second upload.
    private Buffer prerolledIn;
    private Buffer prerolledFrame;
    // Owner thread only:
    private GLShader shader;
    private X11Window window;
    private long surface;
    private int offscreenFbo;
    private int offscreenTexture;
    private int targetWidth;
    private int targetHeight;

    public GLImageSink(String name) {
        super(name, PadTemplate.sink(GLCaps.GL_RGBA.append(GLCaps.toSystem(GLCaps.GL_RGBA))), true);
        forceAspectRatio = declare(PropertySpec.ofBoolean("force-aspect-ratio", true,
                "keep the frame's display aspect ratio (black bars) rather than stretching"));
        windowWidth = declare(PropertySpec.ofInt("window-width", 0, 0, 16384, "window width, 0: the frame's"));
        windowHeight = declare(PropertySpec.ofInt("window-height", 0, 0, 16384, "window height, 0: the frame's"));
    }

    public GLImageSink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "glimagesink";
    }

    /** A rectangle in window pixels, y down from the top. */
    public record Rect(int x, int y, int width, int height) {
    }

    /**
     * Where a {@code width x height} frame of pixel aspect {@code par} goes in a {@code dstWidth x
     * dstHeight} window: as large as fits, centred (GStreamer's {@code gst_video_center_rect}).
     */
    public static Rect letterbox(int width, int height, Fraction par, int dstWidth, int dstHeight) {
        long dw = (long) width * par.numerator();
        long dh = (long) height * par.denominator();
        if (dw * dstHeight > dh * dstWidth) { // wider than the window: bars above and below
            int h = (int) (dstWidth * dh / dw);
            return new Rect(0, (dstHeight - h) / 2, dstWidth, h);
        }
        int w = (int) (dstHeight * dw / dh);
        return new Rect((dstWidth - w) / 2, 0, w, dstHeight);
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition == StateChange.NULL_TO_READY) {
            openX11Display();
        }
        StateChangeReturn r = gl.changeState(transition, super::changeState);
        if (transition == StateChange.READY_TO_NULL || r == StateChangeReturn.FAILURE && transition == StateChange.NULL_TO_READY) {
            closeX11Display();
        }
        return r;
    }

    /**
     * With an X display and no live context or display given to us, the pipeline's context goes
     * on the x11 platform. The display we set stays set on the element after we give it back
     * (a context cannot be unset), so a later start replaces that one.
     */
    private void openX11Display() {
        Object given = context(GLDisplay.CONTEXT_TYPE);
        boolean liveContext = context(GLContext.CONTEXT_TYPE) instanceof GLContext c && !c.isDestroyed();
        if (NativeDisplays.x11DisplayName() == null || liveContext || given != null && given != lastX11Display) {
            return;
        }
        try {
            x11Display = GLDisplay.open(GLPlatform.X11);
            lastX11Display = x11Display;
            setContext(GLDisplay.CONTEXT_TYPE, x11Display);
        } catch (GLException e) {
            System.getLogger(GLImageSink.class.getName()).log(System.Logger.Level.WARNING,
                    name() + ": no window, rendering offscreen: " + e.getMessage());
        }
    }

    private void closeX11Display() {
        if (x11Display != null) {
            x11Display.unref();
            x11Display = null;
        }
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        return gl.answer(query) || super.handleQuery(pad, query);
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery query) {
        return GLBaseTransform.proposeGLPool(gl.require(), query);
    }

    @Override
    protected boolean setCaps(Caps caps) {
        info = VideoInfo.fromCaps(caps);
        uploadInfo = GLCaps.isGL(caps) ? null : GLVideoInfo.of(caps);
        return true;
    }

    /** Shows the preroll frame in PAUSED, as GStreamer's video sinks do (show-preroll-frame). */
    @Override
    protected FlowReturn preroll(Buffer buffer) {
        if (uploadInfo == null) {
            return show(buffer);
        }
        dropPrerolled();
        prerolledIn = buffer.ref(); // held: a pool cannot hand the same buffer out again meanwhile
        prerolledFrame = upload(buffer);
        return show(prerolledFrame);
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        if (uploadInfo == null) {
            return show(buffer);
        }
        Buffer frame;
        if (buffer == prerolledIn) {
            frame = prerolledFrame; // uploaded for the preroll already
            prerolledFrame = null;
        } else {
            frame = upload(buffer);
        }
        dropPrerolled();
        try {
            return show(frame);
        } finally {
            frame.unref();
        }
    }

    private void dropPrerolled() {
        if (prerolledFrame != null) {
            prerolledFrame.unref();
            prerolledFrame = null;
        }
        if (prerolledIn != null) {
            prerolledIn.unref();
            prerolledIn = null;
        }
    }

    /** A system-memory frame in GL memory: glupload's methods, frames from our own pool. */
    private Buffer upload(Buffer in) {
        GLContext c = gl.require();
        GLVideoInfo vi = uploadInfo;
        if (uploadFrames == null) {
            Caps glCaps = GLCaps.toGL(sinkPad.currentCaps());
            uploadFrames = GLBaseTransform.decideGLPool(c, glCaps, new AllocationQuery(glCaps, true));
        }
        Negotiation frames = uploadFrames;
        for (GLUploadMethod m : java.util.List.of(GLUploadMethods.GL_MEMORY, GLUploadMethods.RAW)) {
            Buffer out = m.upload(c, vi, in, () -> frames.allocate(vi.size()));
            if (out != null) {
                return out;
            }
        }
        throw new IllegalStateException(name() + ": cannot upload " + in);
    }

    private FlowReturn show(Buffer buffer) {
        VideoInfo vi = info;
        Memory m = buffer.memoryCount() == 1 ? buffer.peekMemory(0) : null;
        if (vi == null || !(m instanceof GLMemory memory)) {
            postError(name() + ": expects one GLMemory RGBA plane per frame, got "
                    + (m == null ? buffer.memoryCount() + " memories" : m.type()), null, null);
            return FlowReturn.ERROR;
        }
        GLContext c = gl.require();
        boolean shown = c.call(() -> draw(c, buffer, memory, vi));
        if (!shown) {
            postError(name() + ": the output window was closed", null, null);
            return FlowReturn.ERROR;
        }
        return FlowReturn.OK;
    }

    /** Draws one frame; false when the window is gone. Owner thread. */
    private boolean draw(GLContext c, Buffer buffer, GLMemory memory, VideoInfo vi) {
        if (shader == null) {
            shader = GLShader.compile(c, VERTEX, GLShader.IDENTITY_FRAGMENT);
            openTarget(c, vi);
        }
        if (window != null) {
            if (window.closed()) {
                return false;
            }
            targetWidth = window.width(); // follows resizes; the EGL surface follows the window
            targetHeight = window.height();
        }
        GLSyncMeta sync = GLSyncMeta.get(buffer);
        if (sync != null) {
            sync.waitOn(c);
        }
        long dpy = c.display().eglDisplay();
        long ctx = org.lwjgl.egl.EGL14.eglGetCurrentContext();
        if (window != null && !EGL10.eglMakeCurrent(dpy, surface, surface, ctx)) {
            return false; // the window went away between the event check and now
        }
        try {
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, window != null ? 0 : offscreenFbo);
            if (window != null) {
                // The context was first current without a surface, which left its default draw
                // buffer at GL_FRONT; an EGL window is drawn through its back buffer.
                org.lwjgl.opengl.GL20.glDrawBuffers(org.lwjgl.opengl.GL11.GL_BACK);
            }
            glViewport(0, 0, targetWidth, targetHeight);
            glClearColor(0, 0, 0, 1);
            glClear(GL_COLOR_BUFFER_BIT);
            Rect r = forceAspectRatio.get()
                    ? letterbox(vi.width(), vi.height(), vi.pixelAspectRatio(), targetWidth, targetHeight)
                    : new Rect(0, 0, targetWidth, targetHeight);
            glViewport(r.x(), targetHeight - r.y() - r.height(), r.width(), r.height());
            shader.use();
            shader.setInt("tex", 0);
            glActiveTexture(GL_TEXTURE0);
            try (GLMemory.Texture t = memory.texture(MapFlags.READ)) {
                glBindTexture(GL_TEXTURE_2D, t.id());
                c.resources().drawQuad();
                glBindTexture(GL_TEXTURE_2D, 0);
            }
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
            if (window == null) {
                return true;
            }
            boolean swapped = EGL10.eglSwapBuffers(dpy, surface);
            window.flush();
            return swapped;
        } finally {
            if (window != null) {
                EGL10.eglMakeCurrent(dpy, 0, 0, ctx); // back to surfaceless for the other elements
            }
        }
    }

    /** The window on an x11 context, else an offscreen texture; sized by the properties or the frame. */
    private void openTarget(GLContext c, VideoInfo vi) {
        targetWidth = windowWidth.get() > 0 ? windowWidth.get() : vi.width();
        targetHeight = windowHeight.get() > 0 ? windowHeight.get() : vi.height();
        if (c.display().platform() == GLPlatform.X11) {
            long dpy = c.display().eglDisplay();
            long config = windowConfig(c, dpy);
            window = new X11Window(c.display().nativeDisplay(), targetWidth, targetHeight, "zeropipe " + name());
            surface = EGL10.eglCreateWindowSurface(dpy, config, window.id(), (java.nio.IntBuffer) null);
            if (surface == 0) {
                String why = GLContext.eglError();
                window.close();
                window = null;
                throw new GLException(name() + ": eglCreateWindowSurface failed (" + why + ")");
            }
            return;
        }
        offscreenTexture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, offscreenTexture);
        c.api().texStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, targetWidth, targetHeight);
        glBindTexture(GL_TEXTURE_2D, 0);
        offscreenFbo = glGenFramebuffers();
        glBindFramebuffer(GL_FRAMEBUFFER, offscreenFbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, offscreenTexture, 0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
    }

    /** An EGL window config for the context's API whose visual is the default one (the window's). */
    private static long windowConfig(GLContext c, long dpy) {
        long visual = X11Window.defaultVisualId(c.display().nativeDisplay());
        try (MemoryStack stack = MemoryStack.stackPush()) {
            var attribs = stack.ints(EGL_SURFACE_TYPE, EGL_WINDOW_BIT, EGL_RENDERABLE_TYPE,
                    c.api() == GLApi.OPENGL ? EGL_OPENGL_BIT : EGL_OPENGL_ES3_BIT, EGL_NONE);
            var configs = stack.mallocPointer(64);
            var n = stack.mallocInt(1);
            if (!EGL10.eglChooseConfig(dpy, attribs, configs, n) || n.get(0) == 0) {
                throw new GLException("no EGL window config on " + c.display() + " (" + GLContext.eglError() + ")");
            }
            var value = stack.mallocInt(1);
            for (int i = 0; i < n.get(0); i++) {
                if (EGL10.eglGetConfigAttrib(dpy, configs.get(i), EGL_NATIVE_VISUAL_ID, value) && value.get(0) == visual) {
                    return configs.get(i);
                }
            }
            throw new GLException("no EGL window config has the default X visual 0x" + Long.toHexString(visual));
        }
    }

    @Override
    protected void stop() {
        GLContext c = gl.context();
        if (c != null) {
            c.run(this::closeTarget);
        }
        dropPrerolled();
        if (uploadFrames != null) {
            uploadFrames.release();
            uploadFrames = null;
        }
        info = null;
        uploadInfo = null;
    }

    private void closeTarget() {
        if (window != null) {
            EGL10.eglDestroySurface(gl.require().display().eglDisplay(), surface);
            window.close();
            window = null;
            surface = 0;
        }
        if (offscreenFbo != 0) {
            glDeleteFramebuffers(offscreenFbo);
            glDeleteTextures(offscreenTexture);
            offscreenFbo = 0;
            offscreenTexture = 0;
        }
        if (shader != null) {
            shader.delete();
            shader = null;
        }
    }

    /** The X window id while one is shown (from the first frame to PAUSED→READY), else 0. */
    long windowId() {
        GLContext c = gl.context();
        return c == null ? 0 : c.call(() -> window == null ? 0L : window.id());
    }

    /**
     * The offscreen picture, RGBA rows from the top (a diagnostic read for tests, not counted as
     * a copy of the stream), or null when drawing to a window or before the first frame.
     */
    byte[] offscreenPicture() {
        GLContext c = gl.require();
        return c.call(() -> {
            if (offscreenFbo == 0) {
                return null;
            }
            int stride = targetWidth * 4;
            ByteBuffer pixels = org.lwjgl.system.MemoryUtil.memAlloc(stride * targetHeight);
            try {
                glBindFramebuffer(GL_FRAMEBUFFER, offscreenFbo);
                glReadPixels(0, 0, targetWidth, targetHeight, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
                glBindFramebuffer(GL_FRAMEBUFFER, 0);
                byte[] out = new byte[stride * targetHeight];
                for (int y = 0; y < targetHeight; y++) { // framebuffer row 0 is the bottom
                    pixels.get((targetHeight - 1 - y) * stride, out, y * stride, stride);
                }
                return out;
            } finally {
                org.lwjgl.system.MemoryUtil.memFree(pixels);
            }
        });
    }

    /** The size of the window or offscreen picture (0 x 0 before the first frame). */
    int[] targetSize() {
        return gl.require().call(() -> new int[] {targetWidth, targetHeight});
    }
}
