package org.zeropipe.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.trace.CopyCounter;

/** VideoFrame: planes at the info's layout, or the meta's strides and offsets across memories. */
class VideoFrameTest {

    @Test
    void withoutMetaThePlanesFollowTheDefaultLayout() {
        VideoInfo info = VideoInfo.of(VideoFormat.I420, 321, 241);
        Buffer buf = Buffer.allocate(info.size());
        try (CopyCounter copies = CopyCounter.attach()) {
            try (VideoFrame f = VideoFrame.map(buf, info, MapFlags.WRITE)) {
                assertEquals(3, f.planes());
                assertEquals(324L * 241, f.plane(0).byteSize(), "Y: 241 rows of 324");
                assertEquals(164L * 121, f.plane(1).byteSize(), "U: 121 rows of 164");
                f.plane(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 11);
                f.plane(1).set(ValueLayout.JAVA_BYTE, 164 + 3, (byte) 22);
                f.plane(2).set(ValueLayout.JAVA_BYTE, 164L * 120 + 160, (byte) 33);
            }
            assertEquals(11, buf.extractBytes(0, 1)[0]);
            assertEquals(22, buf.extractBytes(info.offset(1) + 164 + 3, 1)[0]);
            assertEquals(33, buf.extractBytes(info.offset(2) + 164L * 120 + 160, 1)[0]);
            assertEquals(3, copies.count(), "only the three extracts copied");
        }
        buf.unref();
    }

    @Test
    void aMetaWithPaddedStridesAndOnePlanePerMemoryIsHonouredWithoutCopies() {
        VideoInfo info = VideoInfo.of(VideoFormat.NV12, 33, 17);
        int yStride = 64;
        int uvStride = 48;
        Memory y = Allocators.defaultAllocator().alloc(100 + (long) yStride * 17); // 100 bytes before Y
        Memory uv = Allocators.defaultAllocator().alloc((long) uvStride * 9);
        Buffer buf = Buffer.create();
        buf.appendMemory(y);
        buf.appendMemory(uv);
        long uvOffset = 100 + (long) yStride * 17;
        VideoMeta.add(buf, VideoFormat.NV12, 33, 17, new long[] {100, uvOffset}, new int[] {yStride, uvStride});
        try (CopyCounter copies = CopyCounter.attach()) {
            try (VideoFrame f = VideoFrame.map(buf, info, MapFlags.WRITE)) {
                assertEquals(yStride, f.stride(0));
                assertEquals(uvStride, f.stride(1));
                assertEquals((long) yStride * 17, f.plane(0).byteSize());
                assertEquals((long) uvStride * 9, f.plane(1).byteSize());
                f.plane(0).set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
                f.plane(1).set(ValueLayout.JAVA_BYTE, (long) uvStride * 8 + 33, (byte) 9);
                assertEquals(uvOffset, f.info().offset(1));
            }
            assertEquals(0, copies.count(), "planes in separate memories map without merging");
        }
        assertEquals(7, buf.extractBytes(100, 1)[0]);
        assertEquals(9, buf.extractBytes(uvOffset + (long) uvStride * 8 + 33, 1)[0]);
        buf.unref();
    }

    @Test
    void aBufferTooSmallForTheFrameIsAClearError() {
        VideoInfo info = VideoInfo.of(VideoFormat.RGBA, 16, 16);
        Buffer buf = Buffer.allocate(info.size() - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFrame.map(buf, info, MapFlags.READ));
        assertTrue(e.getMessage().contains("needs 1024"), e.getMessage());
        VideoMeta.add(buf, VideoFormat.RGBA, 16, 16, new long[] {0}, new int[] {64});
        e = assertThrows(IllegalArgumentException.class, () -> VideoFrame.map(buf, info, MapFlags.READ));
        assertTrue(e.getMessage().contains("plane 0") && e.getMessage().contains("needs 1024"), e.getMessage());
        buf.unref();
    }

    @Test
    void aMetaThatContradictsTheCapsIsRejected() {
        VideoInfo info = VideoInfo.of(VideoFormat.GRAY8, 8, 8);
        Buffer buf = Buffer.allocate(info.size());
        VideoMeta.add(buf, VideoFormat.GRAY8, 4, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFrame.map(buf, info, MapFlags.READ));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        buf.unref();
    }

    @Test
    void writingARefusedBufferOrAClosedFrameThrows() {
        VideoInfo info = VideoInfo.of(VideoFormat.GRAY8, 8, 8);
        Buffer buf = Buffer.allocate(info.size());
        Buffer other = buf.ref();
        assertThrows(IllegalStateException.class, () -> VideoFrame.map(buf, info, MapFlags.WRITE));
        other.unref();
        VideoFrame f = VideoFrame.map(buf, info, MapFlags.READ);
        MemorySegment plane = f.plane(0);
        f.close();
        f.close();
        assertThrows(IllegalStateException.class, () -> f.plane(0));
        assertThrows(IllegalStateException.class, () -> plane.get(ValueLayout.JAVA_BYTE, 0));
        buf.unref();
    }

    @Test
    void packedFormatsNeedOnlyTheirLastPixelInTheLastRow() {
        // YUY2 7x3: stride 16, the last row needs 8 pixel-pair bytes (4 groups of 4 = 16) exactly.
        VideoInfo info = VideoInfo.of(VideoFormat.YUY2, 7, 3);
        Buffer buf = Buffer.allocate(info.size());
        try (VideoFrame f = VideoFrame.map(buf, info, MapFlags.READ)) {
            assertEquals(48, f.plane(0).byteSize());
        }
        buf.unref();
    }
}
