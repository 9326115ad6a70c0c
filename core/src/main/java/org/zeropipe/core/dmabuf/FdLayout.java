package org.zeropipe.core.dmabuf;

import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.AllocationParams;

/**
 * Where the data sits in an fd-backed block made for {@code size} bytes with
 * {@code AllocationParams}: the block is whole pages (what the kernel allocators hand out), the
 * data starts at the prefix rounded up to the alignment (the block itself is page-aligned).
 *
 * @param blockSize bytes to allocate (whole pages)
 * @param offset    where the data starts
 * @param size      the data's size
 * @param align     the alignment mask
 */
record FdLayout(long blockSize, long offset, long size, long align) {

    static FdLayout of(long size, AllocationParams params) {
        AllocationParams p = params == null ? AllocationParams.DEFAULT : params;
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        if (p.align() >= Libc.pageSize()) {
            throw new IllegalArgumentException("fd memory is page-aligned (" + Libc.pageSize()
                    + " bytes); it cannot align to " + (p.align() + 1));
        }
        long offset = (p.prefix() + p.align()) & ~p.align();
        long end = Math.addExact(Math.addExact(offset, size), p.padding());
        return new FdLayout(Libc.roundUpToPage(end), offset, size, p.align());
    }
}
