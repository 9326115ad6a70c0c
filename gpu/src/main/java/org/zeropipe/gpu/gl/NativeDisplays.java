package org.zeropipe.gpu.gl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The native displays EGL's GBM and X11 platforms need, opened through FFM: a GBM device on a
 * DRM render node, an Xlib {@code Display*}. Each is an {@link AutoCloseable} handle.
 */
final class NativeDisplays {

    private NativeDisplays() {
    }

    /** A native display handle and how to close it. */
    interface Handle extends AutoCloseable {
        long address();

        @Override
        void close();
    }

    static Handle none() {
        return new Handle() {
            public long address() {
                return 0;
            }

            public void close() {
            }
        };
    }

    /** XOpenDisplay of {@code zeropipe.gl.x11.display} (a system property), else of $DISPLAY. */
    static Handle x11() {
        String display = x11DisplayName();
        if (display == null) {
            throw new GLException("platform x11: DISPLAY is not set (no X server to open)");
        }
        SymbolLookup x11 = library("libX11.so.6", "x11");
        MethodHandle open = handle(x11, "XOpenDisplay", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle close = handle(x11, "XCloseDisplay", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        long dpy;
        try (Arena a = Arena.ofConfined()) {
            dpy = invokeAddress(open, a.allocateFrom(display));
        }
        if (dpy == 0) {
            throw new GLException("platform x11: XOpenDisplay(" + display + ") failed");
        }
        return new Handle() {
            public long address() {
                return dpy;
            }

            public void close() {
                try {
                    int ignored = (int) close.invokeExact(MemorySegment.ofAddress(dpy));
                } catch (Throwable t) {
                    throw new GLException("XCloseDisplay failed", t);
                }
            }
        };
    }

    /** The X display the x11 platform opens: {@code zeropipe.gl.x11.display}, else $DISPLAY; null when neither is set. */
    static String x11DisplayName() {
        String d = System.getProperty("zeropipe.gl.x11.display", System.getenv("DISPLAY"));
        return d == null || d.isEmpty() ? null : d;
    }

    /** gbm_create_device on the first DRM render node (/dev/dri/renderD*). */
    static Handle gbm() {
        Path node;
        try (Stream<Path> s = Files.list(Path.of("/dev/dri"))) {
            node = s.filter(p -> p.getFileName().toString().startsWith("renderD")).sorted().findFirst()
                    .orElseThrow(() -> new GLException("platform gbm: no DRM render node in /dev/dri"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GLException("platform gbm: no /dev/dri (this machine has no DRM device)", e);
        } catch (java.io.IOException e) {
            throw new GLException("platform gbm: cannot list /dev/dri (" + e + ")", e);
        }
        SymbolLookup libc = Linker.nativeLinker().defaultLookup();
        MethodHandle open = handle(libc, "open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle closeFd = handle(libc, "close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        SymbolLookup gbm = library("libgbm.so.1", "gbm");
        MethodHandle create = handle(gbm, "gbm_create_device", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle destroy = handle(gbm, "gbm_device_destroy", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) open.invokeExact(a.allocateFrom(node.toString()), 02000002); // O_RDWR | O_CLOEXEC
        } catch (Throwable t) {
            throw new GLException("platform gbm: open " + node + " failed", t);
        }
        if (fd < 0) {
            throw new GLException("platform gbm: cannot open " + node);
        }
        long dev;
        try {
            dev = ((MemorySegment) create.invokeExact(fd)).address();
        } catch (Throwable t) {
            throw new GLException("platform gbm: gbm_create_device failed", t);
        }
        if (dev == 0) {
            closeQuietly(closeFd, fd);
            throw new GLException("platform gbm: gbm_create_device(" + node + ") returned NULL");
        }
        return new Handle() {
            public long address() {
                return dev;
            }

            public void close() {
                try {
                    destroy.invokeExact(MemorySegment.ofAddress(dev));
                } catch (Throwable t) {
                    throw new GLException("gbm_device_destroy failed", t);
                } finally {
                    closeQuietly(closeFd, fd);
                }
            }
        };
    }

    private static void closeQuietly(MethodHandle closeFd, int fd) {
        try {
            int ignored = (int) closeFd.invokeExact(fd);
        } catch (Throwable ignored) {
            // nothing more to do for a descriptor we were giving up
        }
    }

    @SuppressWarnings("restricted") // system libraries with their C signatures
    private static SymbolLookup library(String name, String platform) {
        try {
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new GLException("platform " + platform + ": " + name + " is not installed", e);
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor d) {
        return Linker.nativeLinker().downcallHandle(lib.find(name)
                .orElseThrow(() -> new GLException("symbol " + name + " not found")), d);
    }

    private static long invokeAddress(MethodHandle h, MemorySegment arg) {
        try {
            return ((MemorySegment) h.invokeExact(arg)).address();
        } catch (Throwable t) {
            throw new GLException("native call failed", t);
        }
    }
}
