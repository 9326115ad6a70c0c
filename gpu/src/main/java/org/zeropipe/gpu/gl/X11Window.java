package org.zeropipe.gpu.gl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A top-level Xlib window on the X11 {@link GLDisplay}'s {@code Display*}, through FFM. Every
 * call runs on the GL context's owner thread (Xlib is not thread-safe without XInitThreads, and
 * EGL uses the same connection there). It notices being closed: the window manager's close
 * button (WM_DELETE_WINDOW) or the window destroyed by another client (DestroyNotify).
 */
final class X11Window implements AutoCloseable {

    private static final ValueLayout.OfLong XID = ValueLayout.JAVA_LONG;
    private static final long STRUCTURE_NOTIFY_MASK = 1L << 17;
    private static final int DESTROY_NOTIFY = 17;
    private static final int CONFIGURE_NOTIFY = 22;
    private static final int CLIENT_MESSAGE = 33;
    private static final int XEVENT_SIZE = 192; // sizeof(XEvent): 24 longs

    private static final X11 X = new X11();

    private final MemorySegment dpy;
    private final long window;
    private final long wmDelete;
    private boolean closed;
    private boolean destroyed;
    private int width;
    private int height;

    /** Creates and maps a {@code width x height} window named {@code title} on {@code display}. */
    X11Window(long display, int width, int height, String title) {
        X.ignoreErrors();
        dpy = MemorySegment.ofAddress(display);
        this.width = width;
        this.height = height;
        try (Arena a = Arena.ofConfined()) {
            long root = (long) X.rootWindow.invokeExact(dpy);
            window = (long) X.createSimpleWindow.invokeExact(dpy, root, 0, 0, width, height, 0, 0L, 0L);
            if (window == 0) {
                throw new GLException("XCreateSimpleWindow failed");
            }
            int ignored = (int) X.selectInput.invokeExact(dpy, window, STRUCTURE_NOTIFY_MASK);
            wmDelete = (long) X.internAtom.invokeExact(dpy, a.allocateFrom("WM_DELETE_WINDOW"), 0);
            ignored = (int) X.setWMProtocols.invokeExact(dpy, window, a.allocateFrom(XID, wmDelete), 1);
            ignored = (int) X.storeName.invokeExact(dpy, window, a.allocateFrom(title));
            ignored = (int) X.mapWindow.invokeExact(dpy, window);
            ignored = (int) X.sync.invokeExact(dpy, 0);
        } catch (GLException e) {
            throw e;
        } catch (Throwable t) {
            throw new GLException("cannot create an X11 window", t);
        }
    }

    /** The X window id (an EGL native window on the x11 platform). */
    long id() {
        return window;
    }

    /** The visual id of the display's default visual, which the window has: its EGL config must match. */
    static long defaultVisualId(long display) {
        try {
            MemorySegment d = MemorySegment.ofAddress(display);
            int screen = (int) X.defaultScreen.invokeExact(d);
            MemorySegment visual = (MemorySegment) X.defaultVisual.invokeExact(d, screen);
            return (long) X.visualId.invokeExact(visual);
        } catch (Throwable t) {
            throw new GLException("cannot read the default X visual", t);
        }
    }

    /** The window's size as of the last {@link #closed()} (the user or another client may resize it). */
    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Reads pending events (closes, size changes); true once the window was closed by the user or destroyed by anyone. */
    boolean closed() {
        if (closed) {
            return true;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(XEVENT_SIZE, 8);
            while ((int) X.pending.invokeExact(dpy) > 0) {
                int ignored = (int) X.nextEvent.invokeExact(dpy, ev);
                int type = ev.get(ValueLayout.JAVA_INT, 0);
                if (type == DESTROY_NOTIFY && ev.get(XID, 40) == window) { // XDestroyWindowEvent.window
                    closed = true;
                    destroyed = true;
                } else if (type == CONFIGURE_NOTIFY && ev.get(XID, 40) == window) { // XConfigureEvent
                    width = Math.max(1, ev.get(ValueLayout.JAVA_INT, 56));
                    height = Math.max(1, ev.get(ValueLayout.JAVA_INT, 60));
                } else if (type == CLIENT_MESSAGE && ev.get(XID, 32) == window && ev.get(XID, 56) == wmDelete) {
                    closed = true; // XClientMessageEvent.data.l[0]: the WM's close button
                }
            }
        } catch (Throwable t) {
            throw new GLException("reading X11 events failed", t);
        }
        return closed;
    }

    /** Sends what Xlib and EGL queued on the connection to the server (the swapped picture). */
    void flush() {
        try {
            int ignored = (int) X.flush.invokeExact(dpy);
        } catch (Throwable t) {
            throw new GLException("XFlush failed", t);
        }
    }

    /** Destroys the window unless someone already did. */
    @Override
    public void close() {
        try {
            if (!destroyed) {
                destroyed = true;
                int ignored = (int) X.destroyWindow.invokeExact(dpy, window);
            }
            int ignored = (int) X.sync.invokeExact(dpy, 0);
        } catch (Throwable t) {
            throw new GLException("XDestroyWindow failed", t);
        }
    }

    /** The Xlib functions used, bound once. */
    private static final class X11 {
        final MethodHandle rootWindow = handle("XDefaultRootWindow", FunctionDescriptor.of(XID, ValueLayout.ADDRESS));
        final MethodHandle createSimpleWindow = handle("XCreateSimpleWindow", FunctionDescriptor.of(XID, ValueLayout.ADDRESS,
                XID, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, XID, XID));
        final MethodHandle selectInput = handle("XSelectInput", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                XID, ValueLayout.JAVA_LONG));
        final MethodHandle internAtom = handle("XInternAtom", FunctionDescriptor.of(XID, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        final MethodHandle setWMProtocols = handle("XSetWMProtocols", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, XID, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        final MethodHandle storeName = handle("XStoreName", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                XID, ValueLayout.ADDRESS));
        final MethodHandle mapWindow = handle("XMapWindow", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, XID));
        final MethodHandle destroyWindow = handle("XDestroyWindow", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, XID));
        final MethodHandle sync = handle("XSync", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT));
        final MethodHandle defaultScreen = handle("XDefaultScreen", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        final MethodHandle defaultVisual = handle("XDefaultVisual", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT));
        final MethodHandle visualId = handle("XVisualIDFromVisual", FunctionDescriptor.of(XID, ValueLayout.ADDRESS));
        final MethodHandle flush = handle("XFlush", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        final MethodHandle pending = handle("XPending", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        final MethodHandle nextEvent = handle("XNextEvent", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS));
        private final MethodHandle setErrorHandler = handle("XSetErrorHandler", FunctionDescriptor.of(ValueLayout.ADDRESS,
                ValueLayout.ADDRESS));
        private boolean errorsIgnored;

        /**
         * Xlib's default error handler exits the process: a window destroyed by another client
         * makes our later requests on it fail (BadWindow, BadDrawable). Such errors are
         * expected here and {@link #closed()} reports the cause, so they are ignored.
         */
        @SuppressWarnings("restricted")
        synchronized void ignoreErrors() {
            if (errorsIgnored) {
                return;
            }
            try {
                MethodHandle ignore = MethodHandles.lookup().findStatic(X11.class, "ignoreError",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
                MemorySegment stub = Linker.nativeLinker().upcallStub(ignore, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS), Arena.global());
                MemorySegment previous = (MemorySegment) setErrorHandler.invokeExact(stub);
                errorsIgnored = true;
            } catch (Throwable t) {
                throw new GLException("XSetErrorHandler failed", t);
            }
        }

        private static int ignoreError(MemorySegment display, MemorySegment event) {
            return 0;
        }

        @SuppressWarnings("restricted")
        private static MethodHandle handle(String name, FunctionDescriptor d) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup("libX11.so.6", Arena.global());
            } catch (IllegalArgumentException e) {
                throw new GLException("libX11.so.6 is not installed", e);
            }
            return Linker.nativeLinker().downcallHandle(lib.find(name)
                    .orElseThrow(() -> new GLException("symbol " + name + " not found in libX11")), d);
        }
    }
}
