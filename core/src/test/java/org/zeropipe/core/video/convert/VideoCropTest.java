package org.zeropipe.core.video.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadLinkException;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.video.VideoCropMeta;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

@Timeout(30)
class VideoCropTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** A sink that, like a display sink, takes VideoMeta and VideoCropMeta and keeps what it gets. */
    static final class CropAwareSink extends BaseSink {
        final LinkedBlockingQueue<Buffer> got = new LinkedBlockingQueue<>();
        volatile Caps caps;

        CropAwareSink() {
            super("cropsink", PadTemplate.sink(Caps.ANY), false);
        }

        @Override
        public String factoryName() {
            return "cropawaresink";
        }

        @Override
        protected boolean setCaps(Caps c) {
            caps = c;
            return true;
        }

        @Override
        protected boolean proposeAllocation(AllocationQuery query) {
            query.addMeta(VideoMeta.API, null);
            query.addMeta(VideoCropMeta.API, null);
            return true;
        }

        @Override
        protected FlowReturn render(Buffer buffer) {
            got.add(buffer.ref());
            return FlowReturn.OK;
        }
    }

    static Pipeline pipeline(AppSrc src, VideoCrop crop, Element sink) {
        Pipeline p = new Pipeline("p");
        p.add(src, crop, sink);
        Element.linkMany(src, crop, sink);
        p.setState(State.PLAYING);
        return p;
    }

    static VideoCrop crop(int left, int right, int top, int bottom) {
        VideoCrop c = new VideoCrop("crop");
        c.set("left", left).set("right", right).set("top", top).set("bottom", bottom);
        return c;
    }

    static long copiesBy(CopyCounter copies, String element) {
        return VideoConvertTest.copiesBy(copies, element);
    }

    @Test
    void copiesTheVisibleRowsLikeGStreamerWhenDownstreamDoesNotAcceptTheMeta() throws Exception {
        GstReference.assumeAvailable();
        for (String[] c : new String[][] {{"I420", "4", "6", "2", "4"}, {"RGBA", "3", "5", "1", "6"},
            {"NV12", "2", "2", "4", "0"}, {"YUY2", "2", "4", "3", "1"}}) {
            String format = c[0];
            Path in = dir.resolve("in-" + format + ".raw");
            Path out = dir.resolve("out-" + format + ".raw");
            GstReference.launch("videotestsrc num-buffers=1 pattern=snow ! video/x-raw,format=" + format
                    + ",width=34,height=18 ! filesink location=" + in);
            String v = GstReference.launch("filesrc location=" + in + " ! rawvideoparse format="
                    + TestFrames.gstNick(format) + " width=34 height=18 ! videocrop left=" + c[1] + " right=" + c[2]
                    + " top=" + c[3] + " bottom=" + c[4] + " ! filesink location=" + out);
            VideoInfo outInfo = TestFrames.info(GstReference.caps(v, "GstVideoCrop:videocrop0", "src"));
            AppSrc src = new AppSrc("src");
            src.setFromString("caps", "video/x-raw, format=" + format + ", width=34, height=18, framerate=25/1");
            AppSink sink = new AppSink("sink");
            sink.set("sync", false);
            VideoCrop crop = crop(Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                    Integer.parseInt(c[4]));
            Pipeline p = pipeline(src, crop, sink);
            try (CopyCounter copies = CopyCounter.attach()) {
                byte[] data = GstReference.read(in);
                Buffer b = Buffer.allocate(data.length);
                b.fill(0, data);
                assertTrue(src.pushBuffer(b));
                try (Sample s = sink.pullSample(WAIT)) {
                    assertNotNull(s, format);
                    VideoInfo got = VideoInfo.fromCaps(s.caps());
                    assertEquals(outInfo.width(), got.width(), format);
                    assertEquals(outInfo.height(), got.height(), format);
                    byte[] ours = new byte[(int) s.buffer().size()];
                    s.buffer().extract(0, ours);
                    assertEquals("", Compare.within(outInfo, GstReference.read(out), ours, 0), format);
                }
                assertFalse(crop.usesCropMeta());
                assertEquals(1, copies.count(CopyReason.CROP_COPY), format);
                assertEquals(1, copiesBy(copies, "crop"), format);
            } finally {
                p.setState(State.NULL);
            }
        }
    }

    @Test
    void addsVideoCropMetaWithoutCopyingWhenDownstreamAcceptsIt() throws Exception {
        AppSrc src = new AppSrc("src");
        src.setFromString("caps", "video/x-raw, format=I420, width=64, height=48, framerate=25/1");
        CropAwareSink sink = new CropAwareSink();
        VideoCrop crop = crop(4, 8, 2, 6);
        Pipeline p = pipeline(src, crop, sink);
        try (CopyCounter copies = CopyCounter.attach()) {
            Buffer b = Buffer.allocate(64 * 48 * 3 / 2);
            Buffer keep = b.ref();
            assertTrue(src.pushBuffer(b));
            Buffer out = sink.got.poll(5, TimeUnit.SECONDS);
            assertNotNull(out);
            try {
                // keep's reference made the buffer shared, so videocrop wrote its metas on a shallow
                // copy: the same memory, not a byte copied.
                assertSame(keep.peekMemory(0), out.peekMemory(0), "the input memory itself goes downstream");
                VideoCropMeta m = VideoCropMeta.get(out);
                assertNotNull(m);
                assertEquals(4, m.x());
                assertEquals(2, m.y());
                assertEquals(52, m.width());
                assertEquals(40, m.height());
                VideoMeta vm = VideoMeta.get(out);
                assertNotNull(vm, "a VideoMeta describes the whole frame");
                VideoInfo caps = VideoInfo.fromCaps(sink.caps);
                assertEquals(52, caps.width());
                assertEquals(40, caps.height());
                assertTrue(crop.usesCropMeta());
                assertEquals(0, copiesBy(copies, "crop"));
            } finally {
                out.unref();
                keep.unref();
            }
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aCropLargerThanTheFrameCannotLinkAndTheErrorSaysWhichField() {
        AppSrc src = new AppSrc("src");
        src.setFromString("caps", "video/x-raw, format=RGBA, width=16, height=16, framerate=25/1");
        VideoCrop crop = crop(10, 10, 0, 0);
        PadLinkException e = assertThrows(PadLinkException.class, () -> src.link(crop));
        assertTrue(e.getMessage().contains("'width'") && e.getMessage().contains("crop:sink"), e.getMessage());
    }
}
