package org.zeropipe.core.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;

/** VideoFormat layouts, VideoMeta and VideoCropMeta. */
class VideoMetaTest {

    @Test
    void formatsKnowTheirPlanes() {
        assertEquals(1, VideoFormat.RGBA.planes());
        assertEquals(1, VideoFormat.BGRx.planes());
        assertEquals(1, VideoFormat.GRAY8.planes());
        assertEquals(1, VideoFormat.YUY2.planes());
        assertEquals(2, VideoFormat.NV12.planes());
        assertEquals(3, VideoFormat.I420.planes());
        assertEquals("RGBx", VideoFormat.RGBx.capsName());
    }

    @Test
    void defaultLayoutsMatchGStreamers() {
        assertEquals(new VideoLayout(new long[] {0}, new int[] {1280}, 1280L * 240), VideoFormat.RGBA.layout(320, 240));
        assertEquals(new VideoLayout(new long[] {0}, new int[] {324}, 324L * 3), VideoFormat.GRAY8.layout(321, 3));
        assertEquals(new VideoLayout(new long[] {0}, new int[] {644}, 644L * 2), VideoFormat.YUY2.layout(321, 2));
        // NV12 320x240: Y 320x240, UV 320x120 at 76800
        assertEquals(new VideoLayout(new long[] {0, 76800}, new int[] {320, 320}, 115200), VideoFormat.NV12.layout(320, 240));
        // I420 320x240: Y 76800, U 160x120 = 19200, V 19200
        assertEquals(new VideoLayout(new long[] {0, 76800, 96000}, new int[] {320, 160, 160}, 115200),
                VideoFormat.I420.layout(320, 240));
        // odd sizes round up: I420 5x3 -> Y stride 8, 4 rows; U/V stride 4 (ceil(5/2)=3 -> 4), 2 rows
        assertEquals(new VideoLayout(new long[] {0, 32, 40}, new int[] {8, 4, 4}, 48), VideoFormat.I420.layout(5, 3));
        assertThrows(IllegalArgumentException.class, () -> VideoFormat.RGBA.layout(0, 1));
    }

    @Test
    void aVideoMetaDescribesThePlanes() {
        VideoLayout layout = VideoFormat.NV12.layout(64, 48);
        Buffer buffer = Buffer.allocate(layout.size());
        VideoMeta meta = VideoMeta.add(buffer, VideoFormat.NV12, 64, 48);
        assertSame(meta, VideoMeta.get(buffer));
        assertEquals(VideoFormat.NV12, meta.format());
        assertEquals(64, meta.width());
        assertEquals(48, meta.height());
        assertEquals(2, meta.planes());
        assertArrayEquals(layout.offsets(), meta.offsets());
        assertArrayEquals(layout.strides(), meta.strides());
        assertEquals(64 * 48, meta.offset(1));
        assertEquals(64, meta.stride(1));
        assertTrue(VideoMeta.API.hasTag(MetaTags.MEMORY) && VideoMeta.API.hasTag(MetaTags.VIDEO));
        buffer.unref();
    }

    @Test
    void planesMustMatchTheFormat() {
        Buffer buffer = Buffer.allocate(16);
        assertThrows(IllegalArgumentException.class,
                () -> VideoMeta.add(buffer, VideoFormat.NV12, 4, 2, new long[] {0}, new int[] {4}));
        assertThrows(IllegalArgumentException.class,
                () -> VideoMeta.add(buffer, VideoFormat.RGBA, 0, 2, new long[] {0}, new int[] {4}));
        assertEquals(0, buffer.metaCount());
        buffer.unref();
    }

    @Test
    void aPlaneMapsFromItsFirstPixelEvenInASecondMemory() {
        // NV12 4x2: Y plane 8 bytes in one memory, UV plane 4 bytes in another
        Buffer buffer = Buffer.create();
        buffer.appendMemory(Allocators.defaultAllocator().alloc(8));
        buffer.appendMemory(Allocators.defaultAllocator().alloc(4));
        buffer.fill(0, new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 7, 8, 9, 10});
        VideoMeta meta = VideoMeta.add(buffer, VideoFormat.NV12, 4, 2, new long[] {0, 8}, new int[] {4, 4});
        try (PlaneMapping uv = meta.map(1, MapFlags.READ)) {
            assertEquals(4, uv.stride());
            assertEquals(7, uv.segment().get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(10, uv.segment().get(ValueLayout.JAVA_BYTE, 3));
        }
        try (PlaneMapping y = meta.map(0, MapFlags.WRITE)) {
            y.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 5);
        }
        assertEquals(5, buffer.extractBytes(0, 1)[0]);
        assertEquals(2, buffer.memoryCount(), "mapping one plane does not merge the buffer");
        PlaneMapping closed = meta.map(0, MapFlags.READ);
        closed.close();
        assertThrows(IllegalStateException.class, closed::segment);
        buffer.unref();
    }

    @Test
    void aVideoMetaFollowsWholeCopiesAndMemoryChangesButNotRegions() {
        Buffer buffer = Buffer.allocate(VideoFormat.RGBA.layout(4, 4).size());
        VideoMeta.add(buffer, VideoFormat.RGBA, 4, 4);
        Buffer copy = buffer.copy();
        VideoMeta copied = VideoMeta.get(copy);
        assertNotNull(copied);
        assertEquals(4, copied.width());
        assertSame(copy, copied.buffer());
        copy.unref();
        Buffer region = buffer.copyRegion(BufferCopyFlag.ALL, 0, 16);
        assertNull(VideoMeta.get(region));
        region.unref();
        buffer.appendMemory(Allocators.defaultAllocator().alloc(4)); // memory change in place
        assertNotNull(VideoMeta.get(buffer), "offsets count buffer bytes: still valid");
        buffer.unref();
    }

    @Test
    void cropMetasAreCopiedAndScaled() {
        Buffer buffer = Buffer.allocate(16);
        VideoCropMeta crop = VideoCropMeta.add(buffer, 2, 4, 10, 20);
        assertSame(crop, VideoCropMeta.get(buffer));
        Buffer region = buffer.copyRegion(BufferCopyFlag.ALL, 0, 8);
        VideoCropMeta copied = VideoCropMeta.get(region);
        assertEquals(2, copied.x());
        assertEquals(4, copied.y());
        assertEquals(10, copied.width());
        assertEquals(20, copied.height());
        region.unref();

        Buffer scaled = Buffer.allocate(16);
        assertTrue(crop.info().transform(scaled, crop, buffer,
                new MetaTransform.Custom("scale", new VideoCropMeta.Scale(100, 100, 50, 200))));
        VideoCropMeta s = VideoCropMeta.get(scaled);
        assertEquals(1, s.x());
        assertEquals(8, s.y());
        assertEquals(5, s.width());
        assertEquals(40, s.height());
        scaled.unref();
        assertThrows(IllegalArgumentException.class, () -> crop.set(-1, 0, 1, 1));
        buffer.unref();
    }
}
