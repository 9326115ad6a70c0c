package org.zeropipe.core.video.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.CapsFilter;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.video.VideoInfo;

@Timeout(60)
class VideoScaleTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /**
     * videoscale against GStreamer's on the same input. Nearest-neighbour picks the same pixels,
     * so it must match exactly. Bilinear samples at the same positions, but GStreamer's ORC
     * kernels keep 6-bit horizontal and 8-bit vertical weights where ours keep 16 bits: two
     * neighbours 255 apart can land 255/128 (about 2) levels apart, so 2 is allowed. Not
     * compared: GStreamer's horizontal bilinear for 4-byte pixels (ORC ldreslinl), which samples
     * edge-aligned ({@code x * (in - 1) / (out - 1)}) unlike its other paths and ours.
     */
    @ParameterizedTest(name = "{0} {1}x{2} -> {3}x{4} {5}")
    @CsvSource({
        "GRAY8, 64, 48, 32, 24, nearest-neighbour, 0",
        "RGBA, 33, 17, 80, 41, nearest-neighbour, 0",
        "GRAY8, 64, 48, 32, 24, bilinear, 2",
        "GRAY8, 48, 40, 24, 40, bilinear, 2",
        "GRAY8, 40, 30, 40, 60, bilinear, 2",
        "RGBA, 40, 30, 40, 60, bilinear, 2",
    })
    void matchesGStreamer(String format, int w, int h, int ow, int oh, String method, int tolerance) throws Exception {
        GstReference.assumeAvailable();
        Path in = dir.resolve("in.raw");
        Path out = dir.resolve("out.raw");
        GstReference.launch("videotestsrc num-buffers=1 pattern=snow ! video/x-raw,format=" + format + ",width=" + w
                + ",height=" + h + " ! filesink location=" + in);
        GstReference.launch("filesrc location=" + in + " ! rawvideoparse format=" + TestFrames.gstNick(format)
                + " width=" + w + " height=" + h + " ! videoscale method=" + method + " ! video/x-raw,width=" + ow
                + ",height=" + oh + " ! filesink location=" + out);
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        src.setFromString("caps", "video/x-raw, format=" + format + ", width=" + w + ", height=" + h
                + ", framerate=25/1");
        VideoScale scale = new VideoScale("scale");
        scale.setFromString("method", method);
        CapsFilter filter = new CapsFilter("filter");
        filter.setFromString("caps", "video/x-raw, width=" + ow + ", height=" + oh);
        AppSink sink = new AppSink("sink");
        sink.set("sync", false);
        p.add(src, scale, filter, sink);
        Element.linkMany(src, scale, filter, sink);
        p.setState(State.PLAYING);
        try (CopyCounter copies = CopyCounter.attach()) {
            byte[] data = GstReference.read(in);
            Buffer b = Buffer.allocate(data.length);
            b.fill(0, data);
            assertTrue(src.pushBuffer(b));
            try (Sample s = sink.pullSample(WAIT)) {
                assertNotNull(s);
                VideoInfo info = VideoInfo.fromCaps(s.caps());
                assertEquals(ow, info.width());
                assertEquals(oh, info.height());
                byte[] ours = new byte[(int) s.buffer().size()];
                s.buffer().extract(0, ours);
                assertEquals("", Compare.within(info, GstReference.read(out), ours, tolerance));
            }
            assertEquals(0, VideoConvertTest.copiesBy(copies, "scale"), "scaling is not a copy");
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void oneFixedDimensionKeepsTheAspectRatio() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        src.setFromString("caps", "video/x-raw, format=I420, width=64, height=48, framerate=25/1");
        VideoScale scale = new VideoScale("scale");
        CapsFilter filter = new CapsFilter("filter");
        filter.setFromString("caps", "video/x-raw, width=32");
        AppSink sink = new AppSink("sink");
        sink.set("sync", false);
        p.add(src, scale, filter, sink);
        Element.linkMany(src, scale, filter, sink);
        p.setState(State.PLAYING);
        try {
            assertTrue(src.pushBuffer(Buffer.allocate(64 * 48 * 3 / 2)));
            try (Sample s = sink.pullSample(WAIT)) {
                VideoInfo info = VideoInfo.fromCaps(s.caps());
                assertEquals(32, info.width());
                assertEquals(24, info.height());
                assertEquals(info.size(), s.buffer().size());
            }
        } finally {
            p.setState(State.NULL);
        }
    }
}
