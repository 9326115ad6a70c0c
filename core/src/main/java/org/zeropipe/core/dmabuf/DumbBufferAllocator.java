package org.zeropipe.core.dmabuf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Errno;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Ioctl;
import org.zeropipe.core.linux.Libc;

/**
 * DMABufs from DRM dumb buffers: {@code DRM_IOCTL_MODE_CREATE_DUMB} on a DRM node (vgem, or a
 * display driver), exported with {@code DRM_IOCTL_PRIME_HANDLE_TO_FD}. The GEM handle is closed
 * at once: the DMABuf keeps the buffer alive. Buffers allocated on the GPU's side are what
 * EGL can import (see docs/dmabuf.md), so this is the allocator to capture into for GL.
 */
public final class DumbBufferAllocator extends DeviceDmaBufAllocator {

    /** struct drm_mode_create_dumb { u32 height, width, bpp, flags, handle, pitch; u64 size; } */
    static final long CREATE_DUMB_SIZE = 32;
    static final Ioctl DRM_IOCTL_MODE_CREATE_DUMB = Ioctl.iowr("DRM_IOCTL_MODE_CREATE_DUMB", 'd', 0xB2, CREATE_DUMB_SIZE);
    /** struct drm_prime_handle { u32 handle; u32 flags; s32 fd; } */
    static final long PRIME_HANDLE_SIZE = 12;
    static final Ioctl DRM_IOCTL_PRIME_HANDLE_TO_FD =
            Ioctl.iowr("DRM_IOCTL_PRIME_HANDLE_TO_FD", 'd', 0x2d, PRIME_HANDLE_SIZE);
    /** struct drm_gem_close { u32 handle; u32 pad; } */
    static final Ioctl DRM_IOCTL_GEM_CLOSE = Ioctl.iow("DRM_IOCTL_GEM_CLOSE", 'd', 0x09, 8);
    /** struct drm_version: three ints, then (size_t len, char* buf) for name, date, desc. */
    static final long VERSION_SIZE = 64;
    static final Ioctl DRM_IOCTL_VERSION = Ioctl.iowr("DRM_IOCTL_VERSION", 'd', 0x00, VERSION_SIZE);

    private static final int ROW_BYTES = 4096; // width 1024 at 32 bpp: rows of one page

    public DumbBufferAllocator(String path) {
        super(path);
    }

    /** Opens the first {@code /dev/dri/card*} whose driver is {@code driver} (e.g. {@code vgem}). */
    public static DumbBufferAllocator forDriver(String driver) {
        List<Path> cards;
        try (Stream<Path> s = Files.list(Path.of("/dev/dri"))) {
            cards = s.filter(p -> p.getFileName().toString().startsWith("card")).sorted().toList();
        } catch (IOException e) {
            throw new ErrnoException("open", "/dev/dri (looking for a " + driver + " DRM node)", Errno.ENOENT);
        }
        for (Path card : cards) {
            DumbBufferAllocator a = new DumbBufferAllocator(card.toString());
            if (driver.equals(a.driverName())) {
                return a;
            }
            a.close();
        }
        throw new ErrnoException("open", "a DRM node of driver " + driver + " among " + cards, Errno.ENODEV);
    }

    /** The DRM driver's name ({@code DRM_IOCTL_VERSION}). */
    public String driverName() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(VERSION_SIZE, 8);
            MemorySegment name = arena.allocate(64);
            v.set(JAVA_LONG, 16, name.byteSize() - 1);
            v.set(ADDRESS, 24, name);
            device().ioctl(DRM_IOCTL_VERSION, v);
            return name.getString(0);
        }
    }

    @Override
    protected Fd allocateFd(long blockSize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment create = arena.allocate(CREATE_DUMB_SIZE, 8);
            create.set(JAVA_INT, 0, (int) ((blockSize + ROW_BYTES - 1) / ROW_BYTES)); // height
            create.set(JAVA_INT, 4, ROW_BYTES / 4); // width
            create.set(JAVA_INT, 8, 32); // bpp
            device().ioctl(DRM_IOCTL_MODE_CREATE_DUMB, create);
            int handle = create.get(JAVA_INT, 16);
            try {
                if (create.get(JAVA_LONG, 24) < blockSize) {
                    throw new IllegalStateException(path() + " made a dumb buffer of " + create.get(JAVA_LONG, 24)
                            + " bytes for " + blockSize);
                }
                MemorySegment prime = arena.allocate(PRIME_HANDLE_SIZE, 4);
                prime.set(JAVA_INT, 0, handle);
                prime.set(JAVA_INT, 4, Libc.O_CLOEXEC | Libc.O_RDWR);
                device().ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, prime);
                return Fd.own(prime.get(JAVA_INT, 8), "dumb buffer on " + path());
            } finally {
                MemorySegment close = arena.allocate(8, 4);
                close.set(JAVA_INT, 0, handle);
                device().ioctl(DRM_IOCTL_GEM_CLOSE, close);
            }
        }
    }
}
