package org.zeropipe.core.dmabuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Ioctl;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;

/**
 * A DMABuf: fd memory that travels under {@code memory:DMABuf}. Every CPU map is bracketed by
 * {@code DMA_BUF_IOCTL_SYNC} START and END with the map's access, so the exporter can flush or
 * invalidate caches (GStreamer's dmabuf allocator does the same).
 */
public final class DmaBufMemory extends FdMemory {

    /** The memory type and caps feature name: {@code memory:DMABuf}. */
    public static final String TYPE = "DMABuf";

    /** {@code DMA_BUF_IOCTL_SYNC}: {@code _IOW('b', 0, struct dma_buf_sync { __u64 flags; })}. */
    static final Ioctl DMA_BUF_IOCTL_SYNC = Ioctl.iow("DMA_BUF_IOCTL_SYNC", 'b', 0, 8);
    static final long SYNC_READ = 1;
    static final long SYNC_WRITE = 2;
    static final long SYNC_START = 0;
    static final long SYNC_END = 4;

    DmaBufMemory(DmaBufAllocator allocator, Fd fd, int flags, long maxSize, long align, long offset, long size) {
        super(allocator, fd, flags, maxSize, align, offset, size);
    }

    private DmaBufMemory(DmaBufMemory root, int flags, long offset, long size) {
        super(root, flags, offset, size);
    }

    /** Whether {@code memory} is a DMABuf. */
    public static boolean isDmaBuf(Memory memory) {
        return memory instanceof DmaBufMemory;
    }

    @Override
    protected FdMemory newView(FdMemory root, int flags, long offset, long size) {
        return new DmaBufMemory((DmaBufMemory) root, flags, offset, size);
    }

    @Override
    protected void beginCpuAccess(int mapFlags) {
        sync(SYNC_START | access(mapFlags));
    }

    @Override
    protected void endCpuAccess(int mapFlags) {
        sync(SYNC_END | access(mapFlags));
    }

    private static long access(int mapFlags) {
        return ((mapFlags & MapFlags.READ) != 0 ? SYNC_READ : 0) | ((mapFlags & MapFlags.WRITE) != 0 ? SYNC_WRITE : 0);
    }

    private void sync(long flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment arg = arena.allocate(ValueLayout.JAVA_LONG);
            arg.set(ValueLayout.JAVA_LONG, 0, flags);
            fdHandle().ioctl(DMA_BUF_IOCTL_SYNC, arg);
        }
    }
}
