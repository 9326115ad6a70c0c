package org.zeropipe.core.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.testing.DeviceTest;

/** The kernel DMABuf allocators on real exporters (in the VM: dma-heap, udmabuf, vgem). */
class DmaBufAllocatorsDeviceTest {

    @DeviceTest
    void dmaHeap() throws Exception {
        check(DmaHeapAllocator::new);
    }

    @DeviceTest
    void udmabuf() throws Exception {
        check(UdmabufAllocator::new);
    }

    @DeviceTest
    void vgemDumbBuffers() throws Exception {
        check(() -> DumbBufferAllocator.forDriver("vgem"));
    }

    /** Allocate, write through one map, read through another and through a share, close once. */
    private static void check(Supplier<? extends DeviceDmaBufAllocator> open) throws Exception {
        int size = 1280 * 720 * 2 + 123;
        int fd;
        try (DeviceDmaBufAllocator allocator = open.get()) {
            Memory m = allocator.alloc(size);
            DmaBufMemory d = (DmaBufMemory) m;
            fd = d.fd();
            assertEquals("memory:DMABuf", m.capsFeature());
            assertEquals(size, m.size());
            assertTrue(m.maxSize() >= size && m.maxSize() % Libc.pageSize() == 0);
            assertTrue(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().startsWith("/dmabuf:"),
                    allocator + " must hand out a DMABuf");
            assertEquals(m.maxSize(), Libc.lseek(fd, 0, Libc.SEEK_END, "dmabuf"));
            try (Mapping w = m.map(MapFlags.WRITE)) {
                MemorySegment s = w.segment();
                for (int i = 0; i < size / 4; i++) {
                    s.setAtIndex(ValueLayout.JAVA_INT, i, i * 31);
                }
            }
            Memory view = m.share(4000, 400);
            m.unref();
            assertEquals(fd, ((DmaBufMemory) view).fd());
            try (Mapping r = view.map(MapFlags.READ)) {
                assertEquals(1000 * 31, r.segment().get(ValueLayout.JAVA_INT, 0));
                assertEquals(1099 * 31, r.segment().get(ValueLayout.JAVA_INT, 396));
            }
            assertTrue(Libc.isOpen(fd));
            view.unref();
        }
        assertFalse(Libc.isOpen(fd), "the DMABuf fd is closed with its last memory");
    }
}
