package org.zeropipe.v4l2;

import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.SystemMemory;

/**
 * A V4L2 MMAP buffer plane mapped into the process ({@code io-mode=mmap}): the driver's memory,
 * seen by the CPU as system memory. Mapped once when made ({@code mmap} of the device fd at the
 * plane's offset), unmapped when freed.
 */
final class V4l2MmapMemory extends Memory {

    /** Makes nothing on its own: its memories come from {@link #map}. */
    static final Allocator ALLOCATOR = new Allocator(SystemMemory.TYPE) {
        @Override
        public Memory alloc(long size, AllocationParams params) {
            throw new UnsupportedOperationException("V4L2 MMAP memory comes from the driver (VIDIOC_QUERYBUF)");
        }

        @Override
        public boolean isCustomAlloc() {
            return true;
        }

        @Override
        public String toString() {
            return "V4l2MmapAllocator";
        }
    };

    private final V4l2MmapMemory root;
    private final long address;
    private final String what;

    private V4l2MmapMemory(long address, long length, String what) {
        super(ALLOCATOR, null, 0, length, 0, 0, length);
        this.root = this;
        this.address = address;
        this.what = what;
    }

    private V4l2MmapMemory(V4l2MmapMemory root, int flags, long offset, long size) {
        super(ALLOCATOR, root, flags, root.maxSize(), 0, offset, size);
        this.root = root;
        this.address = root.address;
        this.what = root.what;
    }

    /** Maps {@code length} bytes of {@code device} at {@code offset} (from VIDIOC_QUERYBUF). */
    static V4l2MmapMemory map(Fd device, long offset, long length, String what) {
        long address = Libc.mmap(length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, device.value(), offset,
                device.name() + " " + what);
        return new V4l2MmapMemory(address, length, what);
    }

    @Override
    protected long mapAddress(int mapFlags) {
        return address;
    }

    @Override
    protected Memory newShare(long absoluteOffset, long size, int flags) {
        return new V4l2MmapMemory(root, flags, absoluteOffset, size);
    }

    @Override
    protected void free() {
        if (root == this) {
            Libc.munmap(address, maxSize(), what);
        }
    }
}
