package org.zeropipe.v4l2;

import org.zeropipe.v4l2.abi.V4l2;

/** How a V4L2 element exchanges buffers with the driver (GStreamer's {@code io-mode}). */
public enum IoMode {
    /** The best the element can do without asking: {@link #MMAP}. */
    AUTO,
    /** Driver buffers mapped into the process; they leave as system memory. */
    MMAP,
    /** Driver buffers exported with VIDIOC_EXPBUF; they leave as {@code memory:DMABuf}. */
    DMABUF;

    /** The {@code V4L2_MEMORY_*} this mode queues buffers with. */
    int memory() {
        return V4l2.V4L2_MEMORY_MMAP;
    }

    /** Resolves {@link #AUTO}. */
    IoMode resolve() {
        return this == AUTO ? MMAP : this;
    }
}
