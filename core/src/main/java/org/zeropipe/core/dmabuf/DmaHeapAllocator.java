package org.zeropipe.core.dmabuf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Ioctl;
import org.zeropipe.core.linux.Libc;

/**
 * DMABufs from a DMA heap ({@code /dev/dma_heap/system}: pages of system memory, or a CMA heap
 * for devices that need contiguous memory), through {@code DMA_HEAP_IOCTL_ALLOC}.
 */
public final class DmaHeapAllocator extends DeviceDmaBufAllocator {

    /** The system heap. */
    public static final String SYSTEM_HEAP = "/dev/dma_heap/system";

    /** struct dma_heap_allocation_data { __u64 len; __u32 fd; __u32 fd_flags; __u64 heap_flags; } */
    static final long ALLOCATION_DATA_SIZE = 24;
    static final Ioctl DMA_HEAP_IOCTL_ALLOC = Ioctl.iowr("DMA_HEAP_IOCTL_ALLOC", 'H', 0, ALLOCATION_DATA_SIZE);

    /** Opens the heap at {@code path}; throws {@code ErrnoException} (ENOENT when there is none). */
    public DmaHeapAllocator(String path) {
        super(path);
    }

    /** Opens the system heap. */
    public DmaHeapAllocator() {
        this(SYSTEM_HEAP);
    }

    @Override
    protected Fd allocateFd(long blockSize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(ALLOCATION_DATA_SIZE, 8);
            data.set(JAVA_LONG, 0, blockSize);
            data.set(JAVA_INT, 12, Libc.O_RDWR | Libc.O_CLOEXEC);
            device().ioctl(DMA_HEAP_IOCTL_ALLOC, data);
            return Fd.own(data.get(JAVA_INT, 8), "dma-heap " + path());
        }
    }
}
