package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * glimagesink: letterboxing, the offscreen picture headless with no copy, the window's pixels
 * under Xvfb (an X11 screenshot through XGetImage) and a window closed mid-stream (destroyed by
 * another client, or asked to close as a window manager does).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLImageSinkTest {

    private static final int W = 160;
    private static final int H = 60;
    private static final int WIN_W = 320;
    private static final int WIN_H = 240;
    private static final String CAPS = "video/x-raw(memory:GLMemory),format=RGBA,width=" + W + ",height=" + H;

    @Test
    void letterboxCentresTheFrameKeepingItsDisplayAspect() {
        Fraction square = new Fraction(1, 1);
        assertEquals(new GLImageSink.Rect(0, 60, 320, 120), GLImageSink.letterbox(160, 60, square, 320, 240));
        assertEquals(new GLImageSink.Rect(40, 0, 240, 240), GLImageSink.letterbox(100, 100, square, 320, 240));
        assertEquals(new GLImageSink.Rect(0, 0, 320, 240), GLImageSink.letterbox(640, 480, square, 320, 240));
        // anamorphic 720x576 at 16:15 pixels is 768x576 on screen: 4:3
        assertEquals(new GLImageSink.Rect(0, 0, 400, 300), GLImageSink.letterbox(720, 576, new Fraction(16, 15), 400, 300));
        assertEquals(new GLImageSink.Rect(0, 37, 400, 225), GLImageSink.letterbox(720, 576, new Fraction(64, 45), 400, 300));
    }

    @Test
    void headlessRendersOffscreenLetterboxedWithNoCopy() {
        GLTestSupport.context();
        assumeTrue(NativeDisplays.x11DisplayName() == null, "an X display is set: this test checks the headless path");
        byte[] reference = lastFrame();
        Pipeline p = playThreeFramesWithoutCopies();
        try {
            GLImageSink sink = (GLImageSink) p.byName("sink");
            assertEquals(3, sink.rendered());
            assertEquals(0, sink.windowId(), "no window without a display");
            byte[] picture = sink.offscreenPicture();
            assertNotNull(picture);
            checkPicture(reference, WIN_W, WIN_H, (x, y) -> rgb(picture, (y * WIN_W + x) * 4, 0, 1, 2));
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void systemMemoryIsUploadedOncePerFrame() {
        GLTestSupport.context();
        assumeTrue(NativeDisplays.x11DisplayName() == null, "an X display is set: this test checks the headless path");
        byte[] reference = lastFrame(); // gltestsrc's smpte equals videotestsrc's byte for byte (GLTestSrcTest)
        Pipeline p = LaunchParser.parse("videotestsrc pattern=smpte num-buffers=3 ! " + CAPS.replace("(memory:GLMemory)", "")
                + " ! glimagesink name=sink sync=false window-width=" + WIN_W + " window-height=" + WIN_H);
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        try {
            p.setState(State.PLAYING);
            Message end = p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
            CopyTracers.remove(copies);
            assertEquals(3, copies.count(CopyReason.UPLOAD), "copies: " + copies);
            assertEquals(3L * W * H * 4, copies.bytes(CopyReason.UPLOAD));
            byte[] picture = ((GLImageSink) p.byName("sink")).offscreenPicture();
            checkPicture(reference, WIN_W, WIN_H, (x, y) -> rgb(picture, (y * WIN_W + x) * 4, 0, 1, 2));
        } finally {
            CopyTracers.remove(copies);
            p.setState(State.NULL);
        }
    }

    @Test
    void windowUnderXvfbShowsTheFrameLetterboxed() throws Throwable {
        GLTestSupport.context();
        try (Xvfb x = Xvfb.start(); Xlib xlib = new Xlib(x.name)) {
            byte[] reference = lastFrame();
            Pipeline p = playThreeFramesWithoutCopies();
            try {
                GLImageSink sink = (GLImageSink) p.byName("sink");
                assertNotEquals(0, sink.windowId(), "a window on " + x.name);
                assertEquals(null, sink.offscreenPicture());
                // The window sits at (0, 0) of the root window (Xvfb runs no window manager): what the screen shows.
                byte[] shot = xlib.screenshot(WIN_W, WIN_H);
                checkPicture(reference, WIN_W, WIN_H, (px, py) -> rgb(shot, (py * WIN_W + px) * 4, 2, 1, 0)); // BGRX
            } finally {
                p.setState(State.NULL);
            }
        }
    }

    @Test
    void resizedWindowIsLetterboxedAtItsNewSize() throws Throwable {
        GLTestSupport.context();
        try (Xvfb x = Xvfb.start(); Xlib xlib = new Xlib(x.name)) {
            byte[] reference = lastFrame();
            Pipeline p = LaunchParser.parse("gltestsrc pattern=smpte ! " + CAPS + ",framerate=30/1 ! glimagesink name=sink "
                    + "window-width=" + WIN_W + " window-height=" + WIN_H);
            try {
                p.setState(State.PLAYING);
                GLImageSink sink = (GLImageSink) p.byName("sink");
                awaitRendered(sink, 3);
                xlib.resize(sink.windowId(), 100, 200); // narrower than the frame's aspect: bars above and below
                awaitRendered(sink, sink.rendered() + 5);
                byte[] shot = xlib.screenshot(100, 200);
                checkPicture(reference, 100, 200, (px, py) -> rgb(shot, (py * 100 + px) * 4, 2, 1, 0));
            } finally {
                p.setState(State.NULL);
            }
        }
    }

    private static void awaitRendered(GLImageSink sink, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sink.rendered() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(sink.rendered() >= n, "rendered " + sink.rendered() + " frames, waited for " + n);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"destroyed by another client", "closed through the window manager"})
    void windowClosedMidStreamIsAnErrorAndThePipelineStops(String how) throws Throwable {
        GLTestSupport.context();
        try (Xvfb x = Xvfb.start(); Xlib xlib = new Xlib(x.name)) {
            Pipeline p = LaunchParser.parse("gltestsrc pattern=smpte ! " + CAPS + ",framerate=30/1 ! glimagesink name=sink");
            try {
                p.setState(State.PLAYING);
                GLImageSink sink = (GLImageSink) p.byName("sink");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (sink.rendered() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(sink.rendered() >= 3, "frames shown before the close");
                long window = sink.windowId();
                assertNotEquals(0, window);
                if (how.startsWith("destroyed")) {
                    xlib.destroyWindow(window); // as xkill would
                } else {
                    xlib.askToClose(window); // what a window manager sends for its close button
                }
                Message m = p.bus().pop(Duration.ofSeconds(10), Message.Error.class, Message.Eos.class);
                Message.Error e = assertInstanceOf(Message.Error.class, m, "the close is reported");
                assertTrue(e.toString().contains("the output window was closed"), e.toString());
            } finally {
                long t0 = System.nanoTime();
                p.setState(State.NULL);
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "stopping did not hang");
            }
        }
    }

    /**
     * Plays {@code gltestsrc ! glshader ! glimagesink} (identity shader) for three smpte frames,
     * 160x60 in a 320x240 window, to EOS, and checks nothing was copied; the caller sets NULL.
     */
    private static Pipeline playThreeFramesWithoutCopies() {
        Pipeline p = LaunchParser.parse("gltestsrc pattern=smpte num-buffers=3 ! " + CAPS
                + " ! glshader ! glimagesink name=sink sync=false window-width=" + WIN_W + " window-height=" + WIN_H);
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        try {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class));
        } catch (RuntimeException | AssertionError e) {
            p.setState(State.NULL);
            throw e;
        } finally {
            CopyTracers.remove(copies);
        }
        assertEquals(0, copies.count(), "copies: " + copies);
        assertEquals(0, copies.bytes());
        assertEquals(3, ((GLImageSink) p.byName("sink")).rendered());
        return p;
    }

    /** The third smpte frame as gldownload gives it (RGBA rows from the top). */
    private static byte[] lastFrame() {
        Pipeline p = LaunchParser.parse("gltestsrc pattern=smpte num-buffers=3 ! " + CAPS + " ! gldownload ! appsink name=sink");
        try {
            p.setState(State.PLAYING);
            AppSink sink = (AppSink) p.byName("sink");
            byte[] last = null;
            for (int f = 0; f < 3; f++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
                    assertNotNull(s, "reference frame " + f);
                    last = GLPipelineTest.bytes(s.buffer());
                }
            }
            return last;
        } finally {
            p.setState(State.NULL);
        }
    }

    private interface Picture {
        int rgb(int x, int y);
    }

    private static int rgb(byte[] b, int at, int r, int g, int bl) {
        return (b[at + r] & 0xFF) << 16 | (b[at + g] & 0xFF) << 8 | b[at + bl] & 0xFF;
    }

    /**
     * The bars around the letterboxed picture in a winW x winH window are black; inside, each pixel whose source
     * texel sits in a flat 3x3 area of the reference equals it (±2, linear filtering at edges
     * aside), so orientation, scale and position are all checked.
     */
    private static void checkPicture(byte[] reference, int winW, int winH, Picture picture) {
        GLImageSink.Rect r = GLImageSink.letterbox(W, H, new Fraction(1, 1), winW, winH);
        int checked = 0;
        for (int y = 0; y < winH; y++) {
            for (int x = 0; x < winW; x++) {
                int got = picture.rgb(x, y);
                boolean inside = x >= r.x() && x < r.x() + r.width() && y >= r.y() && y < r.y() + r.height();
                if (!inside) {
                    assertEquals(0, got, "letterbox bar pixel (" + x + ", " + y + ")");
                    continue;
                }
                int vx = (x - r.x()) * W / r.width();
                int vy = (y - r.y()) * H / r.height();
                Integer want = flat(reference, vx, vy);
                if (want == null) {
                    continue;
                }
                for (int shift = 0; shift < 24; shift += 8) {
                    int d = Math.abs((got >> shift & 0xFF) - (want >> shift & 0xFF));
                    assertTrue(d <= 2, "pixel (" + x + ", " + y + ") is " + Integer.toHexString(got) + ", frame ("
                            + vx + ", " + vy + ") is " + Integer.toHexString(want));
                }
                checked++;
            }
        }
        assertTrue(checked > r.width() * r.height() / 2, "most of the picture was comparable: " + checked);
    }

    /** The reference colour at (x, y) when its 3x3 neighbourhood is one colour, else null. */
    private static Integer flat(byte[] f, int x, int y) {
        int c = rgb(f, (y * W + x) * 4, 0, 1, 2);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = Math.clamp(x + dx, 0, W - 1);
                int yy = Math.clamp(y + dy, 0, H - 1);
                if (rgb(f, (yy * W + xx) * 4, 0, 1, 2) != c) {
                    return null;
                }
            }
        }
        return c;
    }

    /** An Xvfb server on a free display, named to the x11 platform through zeropipe.gl.x11.display. */
    private record Xvfb(Process process, String name) implements AutoCloseable {
        static Xvfb start() throws IOException {
            Process p;
            try {
                // -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
                p = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                assumeTrue(false, "Xvfb is not installed: " + e.getMessage());
                throw e;
            }
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            if (line == null || line.isBlank()) {
                p.destroy();
                assumeTrue(false, "Xvfb did not start");
            }
            String name = ":" + line.trim();
            System.setProperty("zeropipe.gl.x11.display", name);
            return new Xvfb(p, name);
        }

        @Override
        public void close() throws IOException {
            System.clearProperty("zeropipe.gl.x11.display");
            // The pipeline's context gives the X11 display back on its own thread once destroyed;
            // Xlib ends the process if its server goes away while a connection is open.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (GLDisplay.isOpen(GLPlatform.X11) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertTrue(!GLDisplay.isOpen(GLPlatform.X11), "the X11 EGL display was not closed after the pipeline stopped");
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The test's own X client connection: screenshots (XGetImage of the root window) and XDestroyWindow. */
    private static final class Xlib implements AutoCloseable {
        private final MemorySegment dpy;
        private final MethodHandle getImage;
        private final MethodHandle destroyWindow;
        private final MethodHandle sync;
        private final MethodHandle free;
        private final MethodHandle closeDisplay;
        private final MethodHandle root;
        private final MethodHandle internAtom;
        private final MethodHandle sendEvent;
        private final MethodHandle resizeWindow;

        @SuppressWarnings("restricted")
        Xlib(String name) throws Throwable {
            SymbolLookup x = SymbolLookup.libraryLookup("libX11.so.6", Arena.global());
            Linker l = Linker.nativeLinker();
            var A = ValueLayout.ADDRESS;
            var I = ValueLayout.JAVA_INT;
            var L = ValueLayout.JAVA_LONG;
            MethodHandle open = l.downcallHandle(x.find("XOpenDisplay").orElseThrow(), FunctionDescriptor.of(A, A));
            getImage = l.downcallHandle(x.find("XGetImage").orElseThrow(), FunctionDescriptor.of(A, A, L, I, I, I, I, L, I));
            destroyWindow = l.downcallHandle(x.find("XDestroyWindow").orElseThrow(), FunctionDescriptor.of(I, A, L));
            sync = l.downcallHandle(x.find("XSync").orElseThrow(), FunctionDescriptor.of(I, A, I));
            free = l.downcallHandle(x.find("XFree").orElseThrow(), FunctionDescriptor.of(I, A));
            closeDisplay = l.downcallHandle(x.find("XCloseDisplay").orElseThrow(), FunctionDescriptor.of(I, A));
            root = l.downcallHandle(x.find("XDefaultRootWindow").orElseThrow(), FunctionDescriptor.of(L, A));
            internAtom = l.downcallHandle(x.find("XInternAtom").orElseThrow(), FunctionDescriptor.of(L, A, A, I));
            resizeWindow = l.downcallHandle(x.find("XResizeWindow").orElseThrow(), FunctionDescriptor.of(I, A, L, I, I));
            sendEvent = l.downcallHandle(x.find("XSendEvent").orElseThrow(), FunctionDescriptor.of(I, A, L, I, L, A));
            try (Arena a = Arena.ofConfined()) {
                dpy = (MemorySegment) open.invokeExact(a.allocateFrom(name));
            }
            assertNotEquals(0, dpy.address(), "XOpenDisplay(" + name + ")");
        }

        /** The top-left w x h of the screen as BGRX bytes, rows from the top. */
        @SuppressWarnings("restricted")
        byte[] screenshot(int w, int h) throws Throwable {
            int ignored = (int) sync.invokeExact(dpy, 0);
            long rootWindow = (long) root.invokeExact(dpy);
            MemorySegment image = ((MemorySegment) getImage.invokeExact(dpy, rootWindow, 0, 0, w, h, -1L, 2)) // ZPixmap
                    .reinterpret(64);
            assertNotEquals(0, image.address(), "XGetImage");
            // XImage: width, height, xoffset, format (ints), char *data @16, ..., bytes_per_line @44, bits_per_pixel @48
            assertEquals(32, image.get(ValueLayout.JAVA_INT, 48), "bits per pixel of a depth-24 Xvfb screen");
            int stride = image.get(ValueLayout.JAVA_INT, 44);
            MemorySegment data = image.get(ValueLayout.ADDRESS, 16).reinterpret((long) stride * h);
            byte[] out = new byte[w * h * 4];
            for (int y = 0; y < h; y++) {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, (long) y * stride, out, y * w * 4, w * 4);
            }
            ignored = (int) free.invokeExact(image.get(ValueLayout.ADDRESS, 16));
            ignored = (int) free.invokeExact(image);
            return out;
        }

        /** Sends WM_PROTOCOLS / WM_DELETE_WINDOW to the window, as a window manager's close button does. */
        void askToClose(long window) throws Throwable {
            try (Arena a = Arena.ofConfined()) {
                long protocols = (long) internAtom.invokeExact(dpy, a.allocateFrom("WM_PROTOCOLS"), 0);
                long delete = (long) internAtom.invokeExact(dpy, a.allocateFrom("WM_DELETE_WINDOW"), 0);
                MemorySegment ev = a.allocate(192, 8); // XClientMessageEvent in an XEvent
                ev.set(ValueLayout.JAVA_INT, 0, 33); // ClientMessage
                ev.set(ValueLayout.JAVA_LONG, 32, window);
                ev.set(ValueLayout.JAVA_LONG, 40, protocols);
                ev.set(ValueLayout.JAVA_INT, 48, 32); // format
                ev.set(ValueLayout.JAVA_LONG, 56, delete);
                int ignored = (int) sendEvent.invokeExact(dpy, window, 0, 0L, ev);
                ignored = (int) sync.invokeExact(dpy, 0);
            }
        }

        void resize(long window, int w, int h) throws Throwable {
            int ignored = (int) resizeWindow.invokeExact(dpy, window, w, h);
            ignored = (int) sync.invokeExact(dpy, 0);
        }

        void destroyWindow(long window) throws Throwable {
            int ignored = (int) destroyWindow.invokeExact(dpy, window);
            ignored = (int) sync.invokeExact(dpy, 0);
        }

        @Override
        public void close() {
            try {
                int ignored = (int) closeDisplay.invokeExact(dpy);
            } catch (Throwable t) {
                throw new AssertionError("XCloseDisplay", t);
            }
        }
    }
}
