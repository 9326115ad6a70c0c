package org.zeropipe.core.linux;

/**
 * A system call failed: names the call, what it was called on and the errno by name, e.g.
 * {@code VIDIOC_S_FMT on /dev/video0 failed: EINVAL (Invalid argument)}.
 */
public final class ErrnoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public ErrnoException(String call, String target, int errno) {
        super(call + (target == null || target.isEmpty() ? "" : " on " + target) + " failed: " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, e.g. {@code open} or {@code VIDIOC_QBUF}. */
    public String call() {
        return call;
    }

    /** The errno value; compare with the constants in {@link Errno}. */
    public int errno() {
        return errno;
    }

    /** The errno's name, e.g. {@code ENODEV}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
