package org.zeropipe.core.linux;

import java.util.Map;

/**
 * Linux errno numbers by name (x86-64 and arm64 share them), for messages that say
 * {@code ENODEV} instead of {@code 19}. Only the ones devices and allocators return.
 */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENODATA = 61;
    public static final int ETIME = 62;
    public static final int EPROTO = 71;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;

    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            e(EPERM, "EPERM", "Operation not permitted"), e(ENOENT, "ENOENT", "No such file or directory"),
            e(EINTR, "EINTR", "Interrupted system call"), e(EIO, "EIO", "Input/output error"),
            e(ENXIO, "ENXIO", "No such device or address"), e(EBADF, "EBADF", "Bad file descriptor"),
            e(EAGAIN, "EAGAIN", "Resource temporarily unavailable"), e(ENOMEM, "ENOMEM", "Cannot allocate memory"),
            e(EACCES, "EACCES", "Permission denied"), e(EFAULT, "EFAULT", "Bad address"),
            e(EBUSY, "EBUSY", "Device or resource busy"), e(EEXIST, "EEXIST", "File exists"),
            e(ENODEV, "ENODEV", "No such device"), e(EINVAL, "EINVAL", "Invalid argument"),
            e(EMFILE, "EMFILE", "Too many open files"), e(ENOTTY, "ENOTTY", "Inappropriate ioctl for device"),
            e(ENOSPC, "ENOSPC", "No space left on device"), e(EPIPE, "EPIPE", "Broken pipe"),
            e(ERANGE, "ERANGE", "Numerical result out of range"), e(ENOSYS, "ENOSYS", "Function not implemented"),
            e(ENODATA, "ENODATA", "No data available"), e(ETIME, "ETIME", "Timer expired"),
            e(EPROTO, "EPROTO", "Protocol error"), e(EOVERFLOW, "EOVERFLOW", "Value too large for defined data type"),
            e(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported"),
            e(ENOBUFS, "ENOBUFS", "No buffer space available"), e(ETIMEDOUT, "ETIMEDOUT", "Connection timed out"));

    private static Map.Entry<Integer, String[]> e(int errno, String name, String text) {
        return Map.entry(errno, new String[] {name, text});
    }

    private Errno() {
    }

    /** The symbolic name, e.g. {@code EBUSY}, or {@code errno 123} for one not listed. */
    public static String name(int errno) {
        String[] n = NAMES.get(errno);
        return n != null ? n[0] : "errno " + errno;
    }

    /** {@code EBUSY (Device or resource busy)}. */
    public static String describe(int errno) {
        String[] n = NAMES.get(errno);
        return n != null ? n[0] + " (" + n[1] + ")" : "errno " + errno;
    }
}
