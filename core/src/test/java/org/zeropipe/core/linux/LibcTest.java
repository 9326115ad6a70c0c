package org.zeropipe.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** libc through FFM: errno captured and named, fds closed once, ioctl numbers encoded as the kernel's. */
class LibcTest {

    @Test
    void openOfAMissingFileNamesTheCallThePathAndTheErrno() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Fd.open("/nonexistent/zeropipe-dev", Libc.O_RDWR));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open on /nonexistent/zeropipe-dev failed: ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void anIoctlTheFileDoesNotKnowIsENOTTYNamingTheRequest() {
        Ioctl request = Ioctl.iowr("VIDIOC_QUERYCAP", 'V', 0, 104);
        try (Fd fd = Fd.own(Libc.memfdCreate("libc-test", Libc.MFD_CLOEXEC), "memfd libc-test");
                Arena arena = Arena.ofConfined()) {
            MemorySegment arg = arena.allocate(104);
            ErrnoException e = assertThrows(ErrnoException.class, () -> fd.ioctl(request, arg));
            assertEquals(Errno.ENOTTY, e.errno());
            assertEquals("VIDIOC_QUERYCAP on memfd libc-test failed: ENOTTY (Inappropriate ioctl for device)",
                    e.getMessage());
            assertEquals(-Errno.ENOTTY, fd.tryIoctl(request, arg));
        }
    }

    @Test
    void anOwnedFdIsClosedOnceABorrowedOneNever() {
        int raw = Libc.memfdCreate("libc-test", Libc.MFD_CLOEXEC);
        Fd borrowed = Fd.borrow(raw, "borrowed");
        borrowed.close();
        assertTrue(Libc.isOpen(raw), "closing a borrowed Fd must leave the fd open");
        Fd owned = Fd.own(raw, "owned");
        owned.close();
        assertFalse(Libc.isOpen(raw));
        owned.close(); // a second close does nothing (it would close a recycled fd number)
        assertThrows(IllegalStateException.class, owned::value);
    }

    @Test
    void ioctlNumbersMatchTheKernelHeaders() {
        // values printed by the C macros on x86-64 (linux/videodev2.h, dma-heap.h, udmabuf.h, drm.h, dma-buf.h)
        assertEquals(0x80685600L, Ioctl.ior("VIDIOC_QUERYCAP", 'V', 0, 104).number());
        assertEquals(0xC0D05605L, Ioctl.iowr("VIDIOC_S_FMT", 'V', 5, 208).number());
        assertEquals(0x40045612L, Ioctl.iow("VIDIOC_STREAMON", 'V', 18, 4).number());
        assertEquals(0xC0184800L, Ioctl.iowr("DMA_HEAP_IOCTL_ALLOC", 'H', 0, 24).number());
        assertEquals(0x40187542L, Ioctl.iow("UDMABUF_CREATE", 'u', 0x42, 24).number());
        assertEquals(0xC0406400L, Ioctl.iowr("DRM_IOCTL_VERSION", 'd', 0, 64).number());
        assertEquals(0x40086200L, Ioctl.iow("DMA_BUF_IOCTL_SYNC", 'b', 0, 8).number());
        assertEquals(208, Ioctl.iowr("VIDIOC_S_FMT", 'V', 5, 208).argumentSize());
    }

    @Test
    void pollReportsReadinessAndAClosedFd() {
        int raw;
        try (Fd fd = Fd.own(Libc.memfdCreate("libc-test", Libc.MFD_CLOEXEC), "memfd")) {
            raw = fd.value();
            // a regular file is always readable
            assertEquals(Libc.POLLIN, fd.poll(Libc.POLLIN, 10) & Libc.POLLIN);
        }
        assertEquals(Libc.POLLNVAL, Libc.poll(raw, Libc.POLLIN, 10, "closed fd") & Libc.POLLNVAL);
    }
}
