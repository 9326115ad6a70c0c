package org.zeropipe.core.video.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.CapsFilter;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

@Timeout(30)
class VideoConvertTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** appsrc (inCaps) ! videoconvert ! capsfilter (outCaps) ! appsink, the buffers pushed, the samples pulled. */
    record Run(Pipeline pipeline, AppSrc src, VideoConvert convert, AppSink sink) implements AutoCloseable {
        static Run start(String inCaps, String outCaps) {
            Pipeline p = new Pipeline("p");
            AppSrc src = new AppSrc("src");
            src.setFromString("caps", inCaps);
            VideoConvert convert = new VideoConvert("convert");
            CapsFilter filter = new CapsFilter("filter");
            filter.setFromString("caps", outCaps);
            AppSink sink = new AppSink("sink");
            sink.set("sync", false);
            p.add(src, convert, filter, sink);
            Element.linkMany(src, convert, filter, sink);
            p.setState(State.PLAYING);
            return new Run(p, src, convert, sink);
        }

        Sample push(byte[] frame) {
            Buffer b = Buffer.allocate(frame.length);
            b.fill(0, frame);
            assertTrue(src.pushBuffer(b));
            return sink.pullSample(WAIT);
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
        }
    }

    /** Copies made while {@code element} ran (the test's own fill/extract are not). */
    static long copiesBy(CopyCounter copies, String element) {
        return copies.totals().entrySet().stream().filter(e -> element.equals(e.getKey().who()))
                .mapToLong(e -> e.getValue().count()).sum();
    }

    @Test
    void isRegisteredAsVideoconvert() {
        assertNotNull(ElementRegistry.make("videoconvert", "c"));
    }

    @Test
    void convertsLikeGStreamerInAPipelineWithoutCopies() throws Exception {
        GstReference.assumeAvailable();
        Path in = dir.resolve("in.raw");
        Path out = dir.resolve("out.raw");
        GstReference.launch("videotestsrc num-buffers=1 pattern=snow ! video/x-raw,format=RGBA,width=65,height=200 "
                + "! filesink location=" + in);
        String v = GstReference.launch("filesrc location=" + in + " ! rawvideoparse format=rgba width=65 height=200 "
                + "colorimetry=sRGB ! videoconvert ! video/x-raw,format=NV12 ! filesink location=" + out);
        String gstOut = GstReference.caps(v, "GstVideoConvert:videoconvert0", "src");
        try (Run r = Run.start("video/x-raw, format=RGBA, width=65, height=200, interlace-mode=progressive, "
                + "pixel-aspect-ratio=1/1, colorimetry=sRGB, framerate=25/1",
                "video/x-raw, format=NV12");
             CopyCounter copies = CopyCounter.attach()) {
            r.convert().set("n-threads", 4); // bands on other threads read the mapped frames
            try (Sample s = r.push(GstReference.read(in))) {
                assertNotNull(s);
                Caps expected = Caps.parse(gstOut);
                assertTrue(s.caps().isSubsetOf(expected) && expected.isSubsetOf(s.caps()),
                        "negotiated " + s.caps() + ", GStreamer " + expected);
                VideoInfo info = VideoInfo.fromCaps(s.caps());
                byte[] ours = new byte[(int) s.buffer().size()];
                s.buffer().extract(0, ours);
                assertEquals("", Compare.within(info, GstReference.read(out), ours, 1));
            }
            assertEquals(0, copiesBy(copies, "convert"), "converting is not a copy: " + copies.totals());
        }
    }

    @Test
    void equalCapsArePassthroughWithTheSameBufferAndNoCopy() {
        String caps = "video/x-raw, format=I420, width=32, height=16, framerate=25/1";
        try (Run r = Run.start(caps, "video/x-raw"); CopyCounter copies = CopyCounter.attach()) {
            Buffer b = Buffer.allocate(32 * 16 * 3 / 2);
            Buffer keep = b.ref();
            assertTrue(r.src().pushBuffer(b));
            try (Sample s = r.sink().pullSample(WAIT)) {
                assertSame(keep, s.buffer());
                assertTrue(r.convert().isPassthrough());
            }
            keep.unref();
            assertEquals(0, copiesBy(copies, "convert"));
        }
    }

    @Test
    void theSamePixelsUnderAnotherColorimetryAreACopyTheTracerSees() {
        // GStreamer ignores range between two YUV sides of one matrix: the rows are copied.
        try (Run r = Run.start("video/x-raw, format=I420, width=32, height=16, colorimetry=bt601, framerate=25/1",
                "video/x-raw, colorimetry=(string)1:4:0:0");
             CopyCounter copies = CopyCounter.attach()) {
            byte[] frame = new byte[32 * 16 * 3 / 2];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (i * 7);
            }
            try (Sample s = r.push(frame)) {
                byte[] got = new byte[frame.length];
                s.buffer().extract(0, got);
                assertEquals(java.util.Arrays.toString(frame), java.util.Arrays.toString(got));
            }
            assertEquals(1, copiesBy(copies, "convert"));
            assertEquals(frame.length, copies.bytes(CopyReason.ROW_COPY));
        }
    }

    @Test
    void proposesAPoolAndVideoMetaWhenConverting() {
        try (Run r = Run.start("video/x-raw, format=RGBA, width=16, height=8, framerate=25/1",
                "video/x-raw, format=I420")) {
            try (Sample s = r.push(new byte[16 * 8 * 4])) {
                assertNotNull(s);
            }
            AllocationQuery q = new AllocationQuery(Caps.parse("video/x-raw, format=RGBA, width=16, height=8"), true);
            assertTrue(r.convert().sinkPads().get(0).query(q));
            assertTrue(q.hasMeta(VideoMeta.API));
            assertEquals(16 * 8 * 4, q.pools().get(0).size());
        }
    }

    @Test
    void readsFramesWithPaddedStridesThroughVideoMeta() {
        try (Run r = Run.start("video/x-raw, format=GRAY8, width=3, height=2, framerate=25/1",
                "video/x-raw, format=RGBx")) {
            Buffer b = Buffer.allocate(2 * 64);
            b.fill(0, new byte[] {10, 20, 30});
            b.fill(64, new byte[] {40, 50, 60});
            VideoMeta.add(b, org.zeropipe.core.video.VideoFormat.GRAY8, 3, 2, new long[] {0}, new int[] {64});
            assertTrue(r.src().pushBuffer(b));
            try (Sample s = r.sink().pullSample(WAIT); Mapping m = s.buffer().map(MapFlags.READ)) {
                // Full-range gray to RGB: R = G = B = Y (within GStreamer's fixed point).
                assertEquals(40, m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 12) & 0xff, 1);
                assertEquals(60, m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 20 + 2) & 0xff, 1);
            }
        }
    }

    @Test
    void aBufferTooSmallForItsCapsIsAnErrorNamingTheElement() {
        try (Run r = Run.start("video/x-raw, format=RGBA, width=64, height=64, framerate=25/1",
                "video/x-raw, format=I420")) {
            assertTrue(r.src().pushBuffer(Buffer.allocate(100)));
            Message.Error m = r.pipeline().bus().await(Message.Error.class, WAIT);
            assertNotNull(m, "an ERROR on the bus");
            assertTrue(m.toString().contains("convert"), m.toString());
        }
    }
}
