package org.zeropipe.core.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.linux.Errno;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.SystemMemory;
import org.zeropipe.core.trace.CopyCounter;

/** FdMemory on memfds (testable anywhere): one kept mapping, shares on the same fd, one close. */
class FdMemoryTest {

    @Test
    void memfdMemoryIsSystemMemoryInASealedMemfd() throws Exception {
        Memory m = MemfdAllocator.INSTANCE.alloc(1000);
        try {
            FdMemory fm = assertInstanceOf(FdMemory.class, m);
            assertEquals(SystemMemory.TYPE, m.type());
            assertEquals(1000, m.size());
            assertEquals(Libc.pageSize(), m.maxSize());
            assertTrue(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fm.fd())).toString().startsWith("/memfd:"));
            int seals = Libc.fcntl(fm.fd(), Libc.F_GET_SEALS, 0, "memfd");
            assertEquals(Libc.F_SEAL_SHRINK | Libc.F_SEAL_GROW, seals & (Libc.F_SEAL_SHRINK | Libc.F_SEAL_GROW));
        } finally {
            m.unref();
        }
    }

    @Test
    void theBlockIsMappedOnceAndReused() {
        Memory m = MemfdAllocator.INSTANCE.alloc(8192);
        try {
            long first;
            try (Mapping w = m.map(MapFlags.WRITE)) {
                first = w.segment().address();
                w.segment().set(ValueLayout.JAVA_INT, 4096, 0x12345678);
            }
            try (Mapping r = m.map(MapFlags.READ)) {
                assertEquals(first, r.segment().address(), "the second map must reuse the first mmap");
                assertEquals(0x12345678, r.segment().get(ValueLayout.JAVA_INT, 4096));
            }
        } finally {
            m.unref();
        }
    }

    @Test
    void prefixAndAlignmentPlaceTheData() {
        Memory m = MemfdAllocator.INSTANCE.alloc(100, AllocationParams.DEFAULT.withAlign(63).withPrefixPadding(10, 5000));
        try {
            assertEquals(64, m.offset());
            assertEquals(100, m.size());
            assertEquals(2 * Libc.pageSize(), m.maxSize());
            try (Mapping w = m.map(MapFlags.WRITE)) {
                assertEquals(0, w.segment().address() & 63);
            }
        } finally {
            m.unref();
        }
        assertThrows(IllegalArgumentException.class,
                () -> MemfdAllocator.INSTANCE.alloc(10, AllocationParams.DEFAULT.withAlign(2 * Libc.pageSize() - 1)));
    }

    @Test
    void aShareUsesTheSameFdAndTheFdIsClosedOnceWithTheLastReference() {
        Memory m = MemfdAllocator.INSTANCE.alloc(4096);
        int fd = ((FdMemory) m).fd();
        try (Mapping w = m.map(MapFlags.WRITE)) {
            w.segment().set(ValueLayout.JAVA_BYTE, 1000, (byte) 42);
        }
        Memory view = m.share(1000, 10);
        FdMemory fv = assertInstanceOf(FdMemory.class, view);
        assertEquals(fd, fv.fd());
        m.unref();
        assertTrue(Libc.isOpen(fd), "a share view keeps the fd open");
        try (Mapping r = view.map(MapFlags.READ)) {
            assertEquals(42, r.segment().get(ValueLayout.JAVA_BYTE, 0));
        }
        view.unref();
        assertFalse(Libc.isOpen(fd), "the last reference closes the fd");
    }

    @Test
    void aBorrowedFdIsNeverClosed() {
        try (Fd memfd = MemfdAllocator.Memfd.create("borrowed", 4096)) {
            Memory m = DmaBufAllocator.IMPORT.wrap(Fd.borrow(memfd.value(), "borrowed memfd"), 0, 100, -1);
            assertEquals(4096, m.maxSize(), "the block size comes from lseek(SEEK_END)");
            m.unref();
            assertTrue(Libc.isOpen(memfd.value()));
        }
    }

    @Test
    void aCopyIsCountedAndIsOrdinarySystemMemory() {
        Memory m = MemfdAllocator.INSTANCE.alloc(256);
        try (CopyCounter copies = CopyCounter.attach()) {
            try (Mapping w = m.map(MapFlags.WRITE)) {
                w.segment().fill((byte) 7);
            }
            Memory c = m.copy(0, -1);
            try (Mapping r = c.map(MapFlags.READ)) {
                assertEquals(7, r.segment().get(ValueLayout.JAVA_BYTE, 255));
            } finally {
                c.unref();
            }
            assertEquals(1, copies.count());
            assertEquals(256, copies.bytes());
        } finally {
            m.unref();
        }
    }

    @Test
    void mappingSomethingThatIsNotADmaBufFailsNamingTheSyncIoctl() {
        Fd memfd = MemfdAllocator.Memfd.create("not-a-dmabuf", 4096);
        int fd = memfd.value();
        Memory m = DmaBufAllocator.IMPORT.wrap(memfd, 0, 4096, -1);
        try {
            assertTrue(DmaBufMemory.isDmaBuf(m));
            assertEquals("memory:DMABuf", m.capsFeature());
            ErrnoException e = assertThrows(ErrnoException.class, () -> m.map(MapFlags.READ));
            assertEquals("DMA_BUF_IOCTL_SYNC", e.call());
            assertEquals(Errno.ENOTTY, e.errno());
            assertFalse(m.isMapped(), "a failed map leaves the memory unmapped");
        } finally {
            m.unref();
        }
        assertFalse(Libc.isOpen(fd), "an owned fd is closed with the memory");
    }

    @Test
    void theImportAllocatorCannotAllocateAndDeviceAllocatorsNameTheMissingNode() {
        assertTrue(DmaBufAllocator.IMPORT.isCustomAlloc());
        assertThrows(UnsupportedOperationException.class, () -> DmaBufAllocator.IMPORT.alloc(10));
        ErrnoException e = assertThrows(ErrnoException.class, () -> new DmaHeapAllocator("/nonexistent/dma_heap/system"));
        assertEquals("open on /nonexistent/dma_heap/system failed: ENOENT (No such file or directory)", e.getMessage());
    }
}
