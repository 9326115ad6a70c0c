package org.zeropipe.core.dmabuf;

import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;

/**
 * A DMABuf allocator that asks a device node for each buffer. Holds the node open until
 * {@link #close}; memories already made keep their own fds and outlive it.
 */
public abstract class DeviceDmaBufAllocator extends DmaBufAllocator implements AutoCloseable {

    private final Fd device;

    protected DeviceDmaBufAllocator(String path) {
        this.device = Fd.open(path, Libc.O_RDWR);
    }

    /** The device node (borrowed). */
    protected final Fd device() {
        return device;
    }

    /** The node's path, e.g. {@code /dev/dma_heap/system}. */
    public final String path() {
        return device.name();
    }

    @Override
    public void close() {
        device.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + device.name() + "]";
    }
}
