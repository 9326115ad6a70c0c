package org.zeropipe.v4l2;

import org.zeropipe.v4l2.abi.V4l2;

/** How a V4L2 element exchanges buffers with the driver (GStreamer's {@code io-mode}). */
public enum IoMode {
    /** The best the element can do without asking: {@link #MMAP}. */
    AUTO,
    /** Driver buffers mapped into the process; they leave as system memory. */
    MMAP,
    /** Page-aligned system memory of our own, passed by address (V4L2_MEMORY_USERPTR); it leaves as system memory. */
    USERPTR,
    /** Driver buffers exported with VIDIOC_EXPBUF; they leave as {@code memory:DMABuf}. */
    DMABUF,
    /** DMABufs we allocate (downstream's DMABuf allocator, or dma-heap, udmabuf, vgem) queued for the driver to fill. */
    DMABUF_IMPORT;

    /** The {@code V4L2_MEMORY_*} this mode queues buffers with. */
    int memory() {
        return switch (this) {
            case DMABUF_IMPORT -> V4l2.V4L2_MEMORY_DMABUF;
            case USERPTR -> V4l2.V4L2_MEMORY_USERPTR;
            default -> V4l2.V4L2_MEMORY_MMAP;
        };
    }

    /** Whether buffers leave as {@code memory:DMABuf}. */
    boolean dmaBuf() {
        return this == DMABUF || this == DMABUF_IMPORT;
    }

    /** Resolves {@link #AUTO}. */
    IoMode resolve() {
        return this == AUTO ? MMAP : this;
    }
}
