package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

class GLMemoryTest {

    private static final GLVideoInfo INFO = GLVideoInfo.of(Caps.parse("video/x-raw, format=RGBA, width=37, height=21"));

    @Test
    void contextRunsGlOnItsOwnThread() {
        GLContext c = GLTestSupport.context();
        assertTrue(c.renderer() != null && !c.renderer().isEmpty());
        String thread = c.call(() -> Thread.currentThread().getName());
        assertTrue(thread.startsWith("gl-context-"), thread);
        assertThrows(IllegalStateException.class, c::checkOwner);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = GLPlatform.class, names = {"SURFACELESS", "DEVICE"})
    void aContextOnEachHeadlessPlatformRendersAndReadsBack(GLPlatform platform) {
        GLTestSupport.context();
        GLDisplay d;
        try {
            d = GLDisplay.open(platform);
        } catch (GLException e) {
            org.junit.jupiter.api.Assumptions.abort("platform " + platform.id() + " is not available here: " + e.getMessage());
            return;
        }
        GLContext c = GLContext.create(d);
        d.unref();
        GLMemory m = GLAllocator.INSTANCE.allocate(c, INFO.planes().get(0));
        try {
            assertEquals(platform, c.display().platform());
            try (GLMemory.Texture t = m.texture(MapFlags.WRITE)) {
                c.run(() -> clear(t.id(), 1f));
            }
            try (Mapping r = m.map(MapFlags.READ)) {
                assertEquals((byte) 255, r.segment().get(ValueLayout.JAVA_BYTE, 17));
            }
        } finally {
            m.unref();
            c.unref();
        }
    }

    @Test
    void cpuWriteUploadsAtFirstGlUseAndReadDownloadsOnlyWhenTheTextureChanged() {
        GLContext c = GLTestSupport.context();
        GLMemory m = GLAllocator.INSTANCE.allocate(c, INFO.planes().get(0));
        CopyCounter counter = new CopyCounter();
        CopyTracers.add(counter);
        try {
            long size = m.size();
            assertEquals(37 * 4 * 21, size);
            try (Mapping w = m.map(MapFlags.WRITE)) {
                fill(w.segment(), 7);
            }
            assertEquals("cpu", m.transferState());
            assertEquals(0, counter.count(CopyReason.UPLOAD), "no upload before a GL use");
            try (GLMemory.Texture t = m.texture(MapFlags.READ)) {
                assertTrue(t.id() != 0);
            }
            assertEquals(1, counter.count(CopyReason.UPLOAD));
            assertEquals(size, counter.bytes(CopyReason.UPLOAD));
            try (Mapping r = m.map(MapFlags.READ)) {
                check(r.segment(), 7);
            }
            assertEquals(0, counter.count(CopyReason.DOWNLOAD), "the CPU side was still valid");
            // A GL write (here: clearing through the texture) makes the next CPU read download.
            try (GLMemory.Texture t = m.texture(MapFlags.WRITE)) {
                c.run(() -> clear(t.id(), 1f));
            }
            assertEquals("gpu", m.transferState());
            try (Mapping r = m.map(MapFlags.READ)) {
                for (long i = 0; i < size; i++) {
                    assertEquals((byte) 255, r.segment().get(ValueLayout.JAVA_BYTE, i));
                }
            }
            assertEquals(1, counter.count(CopyReason.DOWNLOAD));
            try (Mapping r = m.map(MapFlags.READ)) {
                assertEquals((byte) 255, r.segment().get(ValueLayout.JAVA_BYTE, 0));
            }
            assertEquals(1, counter.count(CopyReason.DOWNLOAD), "a second read does not download again");
        } finally {
            CopyTracers.remove(counter);
            m.unref();
        }
    }

    @Test
    void startedDownloadIsWaitedForNotRepeated() {
        GLContext c = GLTestSupport.context();
        GLMemory m = GLAllocator.INSTANCE.allocate(c, INFO.planes().get(0));
        CopyCounter counter = new CopyCounter();
        CopyTracers.add(counter);
        try {
            try (GLMemory.Texture t = m.texture(MapFlags.WRITE)) {
                c.run(() -> clear(t.id(), 0f));
            }
            assertTrue(m.startDownload());
            assertTrue(!m.startDownload(), "one download in flight at a time");
            try (Mapping r = m.map(MapFlags.READ)) {
                assertEquals(0, r.segment().get(ValueLayout.JAVA_BYTE, 5));
            }
            assertEquals(1, counter.count(CopyReason.DOWNLOAD));
        } finally {
            CopyTracers.remove(counter);
            m.unref();
        }
    }

    @Test
    void releasedFromANonGlThreadIsFreedOnTheOwnerThread() throws Exception {
        GLContext c = GLContext.create(GLTestSupport.context().display());
        GLMemory m = GLAllocator.INSTANCE.allocate(c, INFO.planes().get(0));
        try (Mapping w = m.map(MapFlags.WRITE)) {
            fill(w.segment(), 1);
        }
        int tex = m.textureId();
        assertEquals(2, c.refCount(), "the memory holds the context");
        Thread t = Thread.ofPlatform().start(m::unref);
        t.join();
        // The release was posted to the owner thread; once it ran, the texture name is gone.
        boolean gone = c.call(() -> !org.lwjgl.opengl.GL11.glIsTexture(tex));
        assertTrue(gone, "texture " + tex + " deleted on the owner thread");
        assertEquals(1, c.refCount());
        c.unref();
        assertTrue(c.awaitDestroyed(Duration.ofSeconds(10)), "the context's thread ends after the last reference");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aCpuMapAndAGlUseOfTheSameMemoryOnTwoThreadsDoNotDeadlock() throws Exception {
        GLContext c = GLTestSupport.context();
        GLMemory m = GLAllocator.INSTANCE.allocate(c, INFO.planes().get(0));
        try (Mapping w = m.map(MapFlags.WRITE)) {
            fill(w.segment(), 3); // the first GL use uploads, the first CPU read finds the PBO valid
        }
        try {
            Thread cpu = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    try (Mapping r = m.map(MapFlags.READ)) {
                        r.segment().get(ValueLayout.JAVA_BYTE, 0);
                    }
                }
            });
            // GL tasks that use the texture while the other thread maps it, as a filter on one
            // branch of a tee while another branch reads the frame on the CPU.
            for (int i = 0; i < 200; i++) {
                c.run(() -> m.texture(MapFlags.READ).close());
            }
            cpu.join();
        } finally {
            m.unref();
        }
    }

    @Test
    void glMemoryCannotBeShared() {
        GLMemory m = GLAllocator.INSTANCE.allocate(GLTestSupport.context(), INFO.planes().get(0));
        try {
            assertThrows(IllegalStateException.class, () -> m.share(0, 4));
        } finally {
            m.unref();
        }
    }

    static void fill(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + seed));
        }
    }

    static void check(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            assertEquals((byte) (i * 31 + seed), s.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
        }
    }

    private static void clear(int texture, float v) {
        int fbo = org.lwjgl.opengl.GL30.glGenFramebuffers();
        org.lwjgl.opengl.GL30.glBindFramebuffer(org.lwjgl.opengl.GL30.GL_FRAMEBUFFER, fbo);
        org.lwjgl.opengl.GL30.glFramebufferTexture2D(org.lwjgl.opengl.GL30.GL_FRAMEBUFFER,
                org.lwjgl.opengl.GL30.GL_COLOR_ATTACHMENT0, org.lwjgl.opengl.GL11.GL_TEXTURE_2D, texture, 0);
        org.lwjgl.opengl.GL11.glClearColor(v, v, v, v);
        org.lwjgl.opengl.GL11.glClear(org.lwjgl.opengl.GL11.GL_COLOR_BUFFER_BIT);
        org.lwjgl.opengl.GL30.glBindFramebuffer(org.lwjgl.opengl.GL30.GL_FRAMEBUFFER, 0);
        org.lwjgl.opengl.GL30.glDeleteFramebuffers(fbo);
    }
}
