package org.zeropipe.v4l2;

import org.zeropipe.core.dmabuf.DeviceDmaBufAllocator;
import org.zeropipe.core.dmabuf.DmaHeapAllocator;
import org.zeropipe.core.dmabuf.DumbBufferAllocator;
import org.zeropipe.core.dmabuf.UdmabufAllocator;

/** Where {@code io-mode=dmabuf-import} gets its DMABufs when downstream offers no DMABuf allocator. */
public enum ImportAllocator {
    /** {@code /dev/dma_heap/system}. */
    DMA_HEAP,
    /** {@code /dev/udmabuf} (sealed memfds). */
    UDMABUF,
    /** Dumb buffers on vgem: what EGL can import (see docs/dmabuf.md). */
    VGEM;

    DeviceDmaBufAllocator open() {
        return switch (this) {
            case DMA_HEAP -> new DmaHeapAllocator();
            case UDMABUF -> new UdmabufAllocator();
            case VGEM -> DumbBufferAllocator.forDriver("vgem");
        };
    }
}
