package org.zeropipe.core.video.testsrc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.video.VideoBytes;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;

/** videotestsrc against gst-launch-1.0's own output, and its sharing of drawn frames. */
@Timeout(300)
class VideoTestSrcTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private void compare(String pattern, String format, int w, int h, int frames) throws IOException {
        String caps = "video/x-raw,format=" + format + ",width=" + w + ",height=" + h;
        String src = "videotestsrc num-buffers=" + frames + " " + pattern + " ! " + caps;
        Path gst = dir.resolve("gst.raw");
        Path ours = dir.resolve("ours.raw");
        byte[] expected = org.zeropipe.core.video.GstReferenceAccess.launchToFile(src, gst);
        VideoBytes.run(src + " ! filesink location=" + ours);
        VideoInfo info = VideoInfo.fromCaps(Caps.parse(caps));
        VideoBytes.assertSameFrames(info, expected, Files.readAllBytes(ours), src);
    }

    @Test
    void patternsMatchGStreamerByteForByteInRgbaI420AndNv12() throws IOException {
        String[] patterns = {"pattern=smpte", "pattern=black", "pattern=white", "pattern=red", "pattern=green",
            "pattern=blue", "pattern=checkers-1", "pattern=checkers-2", "pattern=checkers-4", "pattern=checkers-8",
            "pattern=solid-color foreground-color=0xff3366cc"};
        for (String format : List.of("RGBA", "I420", "NV12")) {
            for (String pattern : patterns) {
                compare(pattern, format, 321, 241, pattern.contains("smpte") ? 3 : 1);
            }
        }
    }

    @Test
    void hdSizesUseCositedChromaLikeGStreamer() throws IOException {
        // Above 576 rows the default chroma-site is mpeg2: a [1 2 1] horizontal chroma filter.
        for (String format : List.of("I420", "NV12")) {
            compare("pattern=smpte", format, 1281, 721, 2);
            compare("pattern=checkers-1", format, 1281, 721, 1);
        }
    }

    @Test
    void otherFormatsAndPatternsMatchToo() throws IOException {
        for (String format : List.of("BGRx", "xRGB", "RGB", "BGR", "ABGR", "YV12", "NV21", "Y444", "GRAY8",
                "GRAY16_LE", "P010_10LE")) {
            compare("pattern=smpte", format, 33, 17, 2);
        }
        for (String pattern : List.of("snow", "circular", "blink", "ball", "gradient", "colors", "smpte75",
                "smpte100", "bar")) {
            compare("pattern=" + pattern, "I420", 64, 48, 3);
        }
    }

    @Test
    void aStaticPatternIsDrawnOnceAndSharedReadOnlyWithoutCopies() {
        Pipeline p = LaunchParser.parse("videotestsrc name=src num-buffers=5 pattern=checkers-4 ! "
                + "video/x-raw,format=I420,width=64,height=48 ! appsink name=out sync=false");
        AppSink sink = (AppSink) p.byName("out");
        List<Memory> seen = new ArrayList<>();
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            for (int i = 0; i < 5; i++) {
                try (Sample s = sink.pullSample(WAIT)) {
                    assertNotNull(s, "frame " + i);
                    Buffer b = s.buffer();
                    assertEquals(1, b.memoryCount());
                    Memory m = b.peekMemory(0);
                    assertTrue(m.hasFlag(MemoryFlag.READONLY), "shared frames are read-only");
                    seen.add(m);
                    assertEquals(i * 1_000_000_000L / 30, b.pts(), "30/1 fps timestamps");
                }
            }
            assertEquals(0, copies.count(), "no copy for a static pattern");
        } finally {
            p.setState(State.NULL);
        }
        for (Memory m : seen) {
            assertSame(seen.get(0), m, "every buffer references the one drawn frame");
        }
    }

    @Test
    void aDownstreamWriterGetsItsOwnCopyAndTheSharedFrameStaysIntact() {
        Pipeline p = LaunchParser.parse("videotestsrc num-buffers=2 pattern=red ! "
                + "video/x-raw,format=RGBA,width=8,height=8 ! appsink name=out sync=false");
        AppSink sink = (AppSink) p.byName("out");
        VideoInfo info = VideoInfo.fromCaps(Caps.parse("video/x-raw,format=RGBA,width=8,height=8"));
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Sample first = sink.pullSample(WAIT);
            Buffer mine = first.buffer().ref();
            first.close();
            Buffer writable = mine.makeWritable();
            try (VideoFrame f = VideoFrame.map(writable, info, MapFlags.WRITE)) {
                f.plane(0).fill((byte) 7);
            }
            writable.unref();
            assertEquals(1, copies.count(CopyReason.COPY_ON_WRITE), "the write copied the shared frame once");
            try (Sample second = sink.pullSample(WAIT)) {
                assertEquals((byte) 255, second.buffer().extractBytes(0, 1)[0], "red is still red");
            }
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void smpteRedrawsOnlyItsNoiseIntoReusedFrames() {
        Pipeline p = LaunchParser.parse("videotestsrc num-buffers=50 pattern=smpte ! "
                + "video/x-raw,format=RGBA,width=320,height=240 ! fakesink");
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
            assertTrue(copies.count() >= 1 && copies.count() <= 4,
                    "the drawn template is copied into at most 4 reused frames, not once per frame: "
                            + copies.count());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aLiveSourceFollowsTheClock() {
        Pipeline p = LaunchParser.parse("videotestsrc is-live=true num-buffers=5 pattern=black ! "
                + "video/x-raw,format=GRAY8,width=16,height=16,framerate=50/1 ! fakesink");
        long t0 = System.nanoTime();
        p.setState(State.PLAYING);
        try {
            assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
        }
        long took = System.nanoTime() - t0;
        assertTrue(took >= 70_000_000L, "5 frames at 50/1 take at least 4 frame times, not " + took + " ns");
    }

    @Test
    void aZeroFramerateGivesOneStillFrame() {
        Pipeline p = LaunchParser.parse("videotestsrc pattern=blue ! "
                + "video/x-raw,format=RGBA,width=4,height=4,framerate=0/1 ! appsink name=out sync=false");
        AppSink sink = (AppSink) p.byName("out");
        try {
            p.setState(State.PLAYING);
            try (Sample s = sink.pullSample(WAIT)) {
                assertNotNull(s);
                assertEquals(new Fraction(0, 1), VideoInfo.fromCaps(s.caps()).framerate());
                assertEquals(-1, s.buffer().duration(), "a still lasts forever");
            }
            assertNull(sink.pullSample(Duration.ofMillis(300)));
            assertTrue(sink.isEos());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void interlacedCapsAreRefusedWithAClearError() {
        Pipeline p = LaunchParser.parse("videotestsrc ! video/x-raw,format=I420,width=8,height=8,"
                + "interlace-mode=interleaved ! fakesink");
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(WAIT, Message.Error.class);
            assumeTrue(m != null);
            assertTrue(((Message.Error) m).text().contains("progressive"), ((Message.Error) m).text());
        } finally {
            p.setState(State.NULL);
        }
    }
}
