package org.zeropipe.core.dmabuf;

import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.SystemMemory;

/**
 * Shareable system memory: each block is a sealed memfd ({@code memfd_create}, sized, then
 * sealed against shrinking and growing) mapped on first use. It is CPU memory like
 * {@link SystemMemory} and travels under the same caps feature, but its fd can be passed to
 * another process or turned into a DMABuf ({@code udmabuf}). Needs no device: works on any
 * Linux ≥ 3.17.
 */
public final class MemfdAllocator extends Allocator {

    /** The one instance. */
    public static final MemfdAllocator INSTANCE = new MemfdAllocator();

    private MemfdAllocator() {
        super(SystemMemory.TYPE);
    }

    @Override
    public Memory alloc(long size, AllocationParams params) {
        FdLayout layout = FdLayout.of(size, params);
        Fd fd = Memfd.create("zeropipe-memfd", layout.blockSize());
        int flags = params == null ? 0 : params.flagBits();
        return new FdMemory(this, fd, flags, layout.blockSize(), layout.align(), layout.offset(), layout.size());
    }

    /** memfd helpers shared with {@link UdmabufAllocator}. */
    static final class Memfd {
        private Memfd() {
        }

        /** A memfd of {@code size} bytes, sealed so its size cannot change. */
        static Fd create(String name, long size) {
            Fd fd = Fd.own(Libc.memfdCreate(name, Libc.MFD_CLOEXEC | Libc.MFD_ALLOW_SEALING), "memfd " + name);
            try {
                Libc.ftruncate(fd.value(), size, fd.name());
                Libc.fcntl(fd.value(), Libc.F_ADD_SEALS, Libc.F_SEAL_SHRINK | Libc.F_SEAL_GROW, fd.name());
                return fd;
            } catch (RuntimeException e) {
                fd.close();
                throw e;
            }
        }
    }
}
