package org.zeropipe.core.linux;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file descriptor and the name of what it is open on (for messages). An owned fd is closed
 * exactly once, by the first {@link #close}; a borrowed one ({@link #borrow}) is never closed
 * here: its owner closes it.
 */
public final class Fd implements AutoCloseable {

    private final int value;
    private final String name;
    private final boolean owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Fd(int value, String name, boolean owned) {
        if (value < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + value + " (" + name + ")");
        }
        this.value = value;
        this.name = name;
        this.owned = owned;
    }

    /** Opens {@code path}; the new fd is owned. */
    public static Fd open(String path, int flags) {
        return new Fd(Libc.open(path, flags | Libc.O_CLOEXEC), path, true);
    }

    /** Takes ownership of {@code fd}: {@link #close} closes it. */
    public static Fd own(int fd, String name) {
        return new Fd(fd, name, true);
    }

    /** Uses {@code fd} without owning it: {@link #close} leaves it open. */
    public static Fd borrow(int fd, String name) {
        return new Fd(fd, name, false);
    }

    /** The fd number. */
    public int value() {
        checkOpen();
        return value;
    }

    /** What it is open on, e.g. {@code /dev/video0}. */
    public String name() {
        return name;
    }

    public boolean isOwned() {
        return owned;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** {@code ioctl} on this fd; a failure names the request and this fd's name. */
    public int ioctl(Ioctl request, MemorySegment arg) {
        return Libc.ioctl(value(), request, arg, name);
    }

    /** {@code ioctl} returning {@code -errno} instead of throwing. */
    public int tryIoctl(Ioctl request, MemorySegment arg) {
        return Libc.tryIoctl(value(), request, arg);
    }

    /** {@code poll} for {@code events}; the revents, 0 on timeout. */
    public short poll(short events, int timeoutMs) {
        return Libc.poll(value(), events, timeoutMs, name);
    }

    /** A new owned fd on the same file ({@code F_DUPFD_CLOEXEC}). */
    public Fd dup() {
        return own(Libc.fcntl(value(), Libc.F_DUPFD_CLOEXEC, 0, name), name);
    }

    /** Closes the fd if owned, once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && owned) {
            Libc.close(value, name);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("fd " + value + " (" + name + ") was closed");
        }
    }

    @Override
    public String toString() {
        return "fd " + value + " (" + name + (owned ? "" : ", borrowed") + (closed.get() ? ", closed" : "") + ")";
    }
}
