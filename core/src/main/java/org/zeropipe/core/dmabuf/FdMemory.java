package org.zeropipe.core.dmabuf;

import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;

/**
 * Memory backed by a file descriptor that can be {@code mmap}ed: a memfd, a DMABuf
 * (see {@link DmaBufMemory}). GStreamer's {@code GstFdMemory}.
 *
 * <ul>
 * <li>The block is mapped once, on the first {@link #map}, and the mapping is kept until the
 *     memory is freed: later maps reuse it. It is mapped read-write when the fd allows, so a
 *     later WRITE map reuses it too; when only a read mapping could be made and a WRITE map is
 *     asked, it is replaced (no mapping is open then: the memory's locking forbids a WRITE map
 *     nested in a READ one).</li>
 * <li>{@link #share} views use the same fd (and the same mapping); {@link #fd()} of a view is
 *     its root's.</li>
 * <li>The fd is closed exactly once, when the root memory is freed (its last reference and the
 *     last view's gone), or never when the memory was made over a borrowed {@link Fd}.</li>
 * </ul>
 */
public class FdMemory extends Memory {

    private final FdMemory root;
    private final Fd fd;
    // The root's kept mapping (0: not mapped yet) and its protection; guarded by root.
    private long address;
    private int prot;

    /**
     * A root memory over {@code fd}, whose block is {@code maxSize} bytes from file offset 0.
     * The memory takes {@code fd} over: it closes it when freed if the Fd is owned.
     */
    protected FdMemory(Allocator allocator, Fd fd, int flags, long maxSize, long align, long offset, long size) {
        super(allocator, null, flags, maxSize, align, offset, size);
        this.root = this;
        this.fd = fd;
    }

    /** A share view of {@code root}. */
    protected FdMemory(FdMemory root, int flags, long offset, long size) {
        super(root.allocator(), root, flags, root.maxSize(), root.align(), offset, size);
        this.root = root;
        this.fd = root.fd;
    }

    /** The fd (borrowed: valid while this memory is referenced). */
    public final int fd() {
        return fd.value();
    }

    /** The fd and what it is open on (borrowed). */
    public final Fd fdHandle() {
        return fd;
    }

    /** Whether the fd is closed when this memory is freed. */
    public final boolean ownsFd() {
        return fd.isOwned();
    }

    @Override
    protected final long mapAddress(int mapFlags) {
        long base = root.keptMapping((mapFlags & MapFlags.WRITE) != 0);
        beginCpuAccess(mapFlags);
        return base;
    }

    @Override
    protected final void unmap(int mapFlags) {
        endCpuAccess(mapFlags);
    }

    /** Called after the block is mapped, before the CPU touches it (DMABuf: SYNC_START). */
    protected void beginCpuAccess(int mapFlags) {
    }

    /** Called when a mapping closes (DMABuf: SYNC_END). */
    protected void endCpuAccess(int mapFlags) {
    }

    private synchronized long keptMapping(boolean write) {
        if (address != 0 && (!write || (prot & Libc.PROT_WRITE) != 0)) {
            return address;
        }
        if (address != 0) {
            Libc.munmap(address, mapLength(), fd.name());
            address = 0;
        }
        long length = mapLength();
        boolean tryWrite = write || !hasFlag(MemoryFlag.READONLY);
        if (tryWrite) {
            try {
                address = Libc.mmap(length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd.value(), 0, fd.name());
                prot = Libc.PROT_READ | Libc.PROT_WRITE;
                return address;
            } catch (org.zeropipe.core.linux.ErrnoException e) {
                if (write) {
                    throw e;
                }
            }
        }
        address = Libc.mmap(length, Libc.PROT_READ, Libc.MAP_SHARED, fd.value(), 0, fd.name());
        prot = Libc.PROT_READ;
        return address;
    }

    private long mapLength() {
        return Math.max(maxSize(), 1);
    }

    @Override
    protected Memory newShare(long absoluteOffset, long size, int flags) {
        return newView(root, flags, absoluteOffset, size);
    }

    /** Makes a share view of {@code root}; a subclass returns its own type. */
    protected FdMemory newView(FdMemory root, int flags, long offset, long size) {
        return new FdMemory(root, flags, offset, size);
    }

    @Override
    protected final void free() {
        if (root != this) {
            return; // a view owns nothing; the root's last reference closes the fd
        }
        try {
            synchronized (this) {
                if (address != 0) {
                    Libc.munmap(address, mapLength(), fd.name());
                    address = 0;
                }
            }
        } finally {
            fd.close();
        }
    }
}
