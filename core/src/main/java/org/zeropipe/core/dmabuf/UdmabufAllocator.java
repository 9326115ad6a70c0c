package org.zeropipe.core.dmabuf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Ioctl;

/**
 * DMABufs made from sealed memfds by {@code /dev/udmabuf} ({@code UDMABUF_CREATE}): system
 * memory that devices can import. The memfd is closed once the DMABuf holds its pages.
 */
public final class UdmabufAllocator extends DeviceDmaBufAllocator {

    public static final String DEVICE = "/dev/udmabuf";

    /** struct udmabuf_create { __u32 memfd; __u32 flags; __u64 offset; __u64 size; } */
    static final long CREATE_SIZE = 24;
    static final Ioctl UDMABUF_CREATE = Ioctl.iow("UDMABUF_CREATE", 'u', 0x42, CREATE_SIZE);
    static final int UDMABUF_FLAGS_CLOEXEC = 1;

    public UdmabufAllocator() {
        super(DEVICE);
    }

    @Override
    protected Fd allocateFd(long blockSize) {
        try (Fd memfd = MemfdAllocator.Memfd.create("zeropipe-udmabuf", blockSize);
                Arena arena = Arena.ofConfined()) {
            MemorySegment create = arena.allocate(CREATE_SIZE, 8);
            create.set(JAVA_INT, 0, memfd.value());
            create.set(JAVA_INT, 4, UDMABUF_FLAGS_CLOEXEC);
            create.set(JAVA_LONG, 8, 0);
            create.set(JAVA_LONG, 16, blockSize);
            return Fd.own(device().ioctl(UDMABUF_CREATE, create), "udmabuf");
        }
    }
}
