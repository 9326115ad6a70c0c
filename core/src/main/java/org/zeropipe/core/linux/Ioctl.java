package org.zeropipe.core.linux;

/**
 * An ioctl request: its name (for messages) and number, encoded as Linux's {@code _IOC} does
 * on x86-64 and arm64: direction in bits 30-31, argument size in 16-29, type in 8-15, number
 * in 0-7.
 */
public record Ioctl(String name, long number) {

    private static final int NONE = 0;
    private static final int WRITE = 1;
    private static final int READ = 2;

    /** {@code _IO(type, nr)}: no argument. */
    public static Ioctl io(String name, char type, int nr) {
        return new Ioctl(name, ioc(NONE, type, nr, 0));
    }

    /** {@code _IOR}: the kernel writes {@code size} bytes to the argument. */
    public static Ioctl ior(String name, char type, int nr, long size) {
        return new Ioctl(name, ioc(READ, type, nr, size));
    }

    /** {@code _IOW}: the kernel reads {@code size} bytes from the argument. */
    public static Ioctl iow(String name, char type, int nr, long size) {
        return new Ioctl(name, ioc(WRITE, type, nr, size));
    }

    /** {@code _IOWR}: both. */
    public static Ioctl iowr(String name, char type, int nr, long size) {
        return new Ioctl(name, ioc(READ | WRITE, type, nr, size));
    }

    private static long ioc(int dir, char type, int nr, long size) {
        if (size < 0 || size >= (1 << 14) || nr < 0 || nr > 0xFF || type > 0xFF) {
            throw new IllegalArgumentException("bad ioctl encoding: type " + type + " nr " + nr + " size " + size);
        }
        return ((long) dir << 30) | (size << 16) | ((long) type << 8) | nr;
    }

    /** The size of the argument encoded in the number. */
    public long argumentSize() {
        return (number >>> 16) & 0x3FFF;
    }

    @Override
    public String toString() {
        return name + "(0x" + Long.toHexString(number) + ")";
    }
}
