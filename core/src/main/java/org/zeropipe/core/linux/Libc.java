package org.zeropipe.core.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls zeropipe needs for devices and fd-backed memory, through FFM, with errno
 * captured on each call ({@code Linker.Option.captureCallState}) and turned into an
 * {@link ErrnoException} that names the call, its target and the errno. Calls interrupted by a
 * signal ({@code EINTR}) are retried, as GStreamer's and libv4l2's wrappers do.
 *
 * <p>Addresses are plain {@code long}s: the memory types that map blocks wrap them in scoped
 * segments ({@code Mapping}); nothing here hands out an unchecked segment.
 */
public final class Libc {

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final short POLLIN = 0x1;
    public static final short POLLPRI = 0x2;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;
    public static final int MFD_CLOEXEC = 1;
    public static final int MFD_ALLOW_SEALING = 2;
    public static final int F_GETFD = 1;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_GET_SEALS = 1034;
    public static final int F_SEAL_SEAL = 1;
    public static final int F_SEAL_SHRINK = 2;
    public static final int F_SEAL_GROW = 4;
    public static final int SEEK_SET = 0;
    public static final int SEEK_END = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** One capture buffer per thread, reused by every call on it. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), 2);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), -1);
    private static final MethodHandle IOCTL =
            downcall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), 2);
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), -1);
    private static final MethodHandle MUNMAP =
            downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), -1);
    private static final MethodHandle POLL =
            downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), -1);
    private static final MethodHandle MEMFD_CREATE =
            downcall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), -1);
    private static final MethodHandle FCNTL =
            downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle FTRUNCATE =
            downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), -1);
    private static final MethodHandle SYSCONF = downcall("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT), -1);
    private static final MethodHandle LSEEK =
            downcall("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), -1);

    @SuppressWarnings("restricted") // libc functions with their C signatures
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, int firstVariadic) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option errno = Linker.Option.captureCallState("errno");
        return firstVariadic < 0
                ? LINKER.downcallHandle(symbol, descriptor, errno)
                : LINKER.downcallHandle(symbol, descriptor, errno, Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static final int SC_PAGESIZE = 30;
    private static final long PAGE_SIZE = sysconf(SC_PAGESIZE);

    private Libc() {
    }

    private static long sysconf(int name) {
        try {
            long r = (long) SYSCONF.invokeExact(STATE.get(), name);
            if (r <= 0) {
                throw new IllegalStateException("sysconf(" + name + ") returned " + r);
            }
            return r;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw broken("sysconf", t);
        }
    }

    /** The size of a memory page (mmap's unit). */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    /** {@code size} rounded up to whole pages (at least one). */
    public static long roundUpToPage(long size) {
        long p = PAGE_SIZE;
        return Math.max(p, Math.addExact(size, p - 1) / p * p);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static IllegalStateException broken(String call, Throwable t) {
        return new IllegalStateException("the FFM call to " + call + " failed", t);
    }

    /** A downcall that returns a number, negative on failure, with errno in {@code state}. */
    @FunctionalInterface
    private interface Call {
        long invoke(MemorySegment state) throws Throwable;
    }

    /**
     * Runs {@code call}, again while it fails with EINTR; returns its result, or {@code -errno}
     * when {@code orErrno}, else throws {@link ErrnoException} naming {@code name} and {@code target}.
     */
    private static long retry(String name, String target, boolean orErrno, Call call) {
        MemorySegment state = STATE.get();
        for (;;) {
            long r;
            try {
                r = call.invoke(state);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw broken(name, t);
            }
            if (r >= 0) {
                return r;
            }
            int e = errno(state);
            if (e != Errno.EINTR) {
                if (orErrno) {
                    return -e;
                }
                throw new ErrnoException(name, target, e);
            }
        }
    }

    /** {@code open(path, flags)}: a new fd. */
    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path);
            return (int) retry("open", path, false, state -> (int) OPEN.invokeExact(state, p, flags));
        }
    }

    /** {@code close(fd)}; not retried on EINTR (Linux frees the fd anyway). */
    public static void close(int fd, String target) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw broken("close", t);
        }
        if (r < 0 && errno(state) != Errno.EINTR) {
            throw new ErrnoException("close", target, errno(state));
        }
    }

    /**
     * {@code ioctl(fd, request, arg)}, retried on EINTR.
     *
     * @return what the ioctl returned (some, like UDMABUF_CREATE, return a new fd)
     */
    public static int ioctl(int fd, Ioctl request, MemorySegment arg, String target) {
        return (int) retry(request.name(), target, false,
                state -> (int) IOCTL.invokeExact(state, fd, request.number(), arg));
    }

    /** {@code ioctl} that returns {@code -errno} instead of throwing (for EAGAIN and probing). */
    public static int tryIoctl(int fd, Ioctl request, MemorySegment arg) {
        return (int) retry(request.name(), null, true,
                state -> (int) IOCTL.invokeExact(state, fd, request.number(), arg));
    }

    /** {@code mmap(NULL, length, prot, flags, fd, offset)}: the address of the mapping. */
    public static long mmap(long length, int prot, int flags, int fd, long offset, String target) {
        MemorySegment state = STATE.get();
        MemorySegment r;
        try {
            r = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw broken("mmap", t);
        }
        if (r.address() == -1L) { // MAP_FAILED
            throw new ErrnoException("mmap", target, errno(state));
        }
        return r.address();
    }

    /** {@code munmap(address, length)}. */
    public static void munmap(long address, long length, String target) {
        MemorySegment state = STATE.get();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw broken("munmap", t);
        }
        if (r < 0) {
            throw new ErrnoException("munmap", target, errno(state));
        }
    }

    /**
     * {@code poll} on one fd.
     *
     * @return the {@code revents} (0 when the timeout passed first)
     */
    public static short poll(int fd, short events, int timeoutMs, String target) {
        MemorySegment state = STATE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            p.set(JAVA_INT, 0, fd);
            p.set(JAVA_SHORT, 4, events);
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            for (;;) {
                int left = timeoutMs < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                int r = (int) POLL.invokeExact(state, p, 1L, left);
                if (r >= 0) {
                    return r == 0 ? 0 : p.get(JAVA_SHORT, 6);
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    throw new ErrnoException("poll", target, e);
                }
            }
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable t) {
            throw broken("poll", t);
        }
    }

    /** {@code memfd_create(name, flags)}: a new fd. */
    public static int memfdCreate(String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocateFrom(name);
            return (int) retry("memfd_create", name, false, state -> (int) MEMFD_CREATE.invokeExact(state, n, flags));
        }
    }

    /** {@code fcntl(fd, cmd, arg)}, retried on EINTR. */
    public static int fcntl(int fd, int cmd, int arg, String target) {
        return (int) retry("fcntl(" + cmd + ")", target, false, state -> (int) FCNTL.invokeExact(state, fd, cmd, arg));
    }

    /** Whether {@code fd} is an open descriptor ({@code fcntl(F_GETFD)} does not fail with EBADF). */
    public static boolean isOpen(int fd) {
        MemorySegment state = STATE.get();
        try {
            return (int) FCNTL.invokeExact(state, fd, F_GETFD, 0) >= 0 || errno(state) != Errno.EBADF;
        } catch (Throwable t) {
            throw broken("fcntl", t);
        }
    }

    /** {@code ftruncate(fd, size)}. */
    public static void ftruncate(int fd, long size, String target) {
        retry("ftruncate", target, false, state -> (int) FTRUNCATE.invokeExact(state, fd, size));
    }

    /** {@code lseek(fd, offset, whence)}: the new position (SEEK_END, 0 gives a DMABuf's size). */
    public static long lseek(int fd, long offset, int whence, String target) {
        return retry("lseek", target, false, state -> (long) LSEEK.invokeExact(state, fd, offset, whence));
    }
}
