package org.zeropipe.core.dmabuf;

import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Memory;

/**
 * Makes {@link DmaBufMemory}: {@link #wrap} turns a DMABuf fd made elsewhere (a V4L2
 * {@code EXPBUF}, a GPU export) into a memory; subclasses allocate new ones from a kernel
 * exporter ({@link DmaHeapAllocator}, {@link UdmabufAllocator}, {@link DumbBufferAllocator}).
 * {@link #IMPORT} only wraps: its {@link #alloc} is refused (GStreamer's custom-alloc flag).
 */
public class DmaBufAllocator extends Allocator {

    /** Wraps fds made elsewhere; cannot allocate. */
    public static final DmaBufAllocator IMPORT = new DmaBufAllocator();

    protected DmaBufAllocator() {
        super(DmaBufMemory.TYPE);
    }

    /**
     * A DMABuf memory over {@code fd} with {@code size} bytes of data at offset 0 of a block of
     * {@code blockSize} bytes ({@code -1}: the DMABuf's size, from {@code lseek}). The memory
     * takes {@code fd} over: closed when the memory is freed if it is owned, never if borrowed.
     */
    public final DmaBufMemory wrap(Fd fd, long offset, long size, long blockSize) {
        long block = blockSize >= 0 ? blockSize : Libc.lseek(fd.value(), 0, Libc.SEEK_END, fd.name());
        if (offset < 0 || size < 0 || offset > block || size > block - offset) {
            fd.close();
            throw new IllegalArgumentException("data at offset " + offset + " size " + size + " does not fit "
                    + fd + " of " + block + " bytes");
        }
        return new DmaBufMemory(this, fd, 0, block, 0, offset, size);
    }

    /** Allocates a new DMABuf; subclasses do, {@link #IMPORT} refuses. */
    @Override
    public Memory alloc(long size, AllocationParams params) {
        FdLayout layout = FdLayout.of(size, params);
        Fd fd = allocateFd(layout.blockSize());
        int flags = params == null ? 0 : params.flagBits();
        return new DmaBufMemory(this, fd, flags, layout.blockSize(), layout.align(), layout.offset(), layout.size());
    }

    /** A new DMABuf of {@code blockSize} bytes (whole pages), owned by the caller. */
    protected Fd allocateFd(long blockSize) {
        throw new UnsupportedOperationException(this + " only wraps DMABufs made elsewhere (wrap); it cannot allocate");
    }

    @Override
    public boolean isCustomAlloc() {
        return getClass() == DmaBufAllocator.class;
    }
}
