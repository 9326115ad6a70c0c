package org.zeropipe.core.video.compositor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadProbe;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.video.GstReferenceAccess;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;
import org.zeropipe.core.video.convert.FramePlanes;
import org.zeropipe.core.video.convert.Scaler;

/** compositor against GStreamer's, byte for byte, and what it copies (nothing). */
@Timeout(180)
class CompositorTest {

    @TempDir
    Path dir;

    /** Runs {@code pipeline} (its last chain ends in the compositor's output) in zeropipe into a file. */
    private byte[] zeropipe(String pipeline) throws IOException {
        Path file = dir.resolve("zp.raw");
        Pipeline p = LaunchParser.parse(pipeline + " ! filesink location=" + file);
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(120), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        } finally {
            p.setState(State.NULL);
        }
        return Files.readAllBytes(file);
    }

    private void sameAsGStreamer(String pipeline, int frameBytes, int frames) throws IOException {
        byte[] gst = GstReferenceAccess.launchToFile(pipeline, dir.resolve("gst.raw"));
        byte[] zp = zeropipe(pipeline);
        assertEquals(frames * frameBytes, gst.length, "GStreamer's output size");
        assertEquals(gst.length, zp.length, "output size (frames) differs from GStreamer's");
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < frameBytes; i++) {
                int at = f * frameBytes + i;
                if (gst[at] != zp[at]) {
                    throw new AssertionError("frame " + f + " byte " + i + ": GStreamer " + (gst[at] & 0xff)
                            + ", zeropipe " + (zp[at] & 0xff) + " (" + pipeline + ")");
                }
            }
        }
    }

    private static String src(String pattern, int buffers, String format, int w, int h, String fps) {
        return "videotestsrc num-buffers=" + buffers + " pattern=" + pattern + " ! video/x-raw,format=" + format
                + ",width=" + w + ",height=" + h + ",framerate=" + fps + " ! m.  ";
    }

    @ParameterizedTest
    @ValueSource(strings = {"RGBA", "BGRA", "ARGB", "ABGR"})
    void overlapWithAlphaOnTheCheckerMatchesGStreamer(String format) throws IOException {
        sameAsGStreamer(src("ball", 3, format, 64, 48, "30/1") + src("smpte", 3, format, 64, 48, "30/1")
                + "compositor name=m sink_1::xpos=20 sink_1::ypos=10 sink_1::alpha=0.5 ! video/x-raw,format=" + format
                + ",width=96,height=64", 96 * 64 * 4, 3);
    }

    @Test
    void i420SideBySideOnBlackMatchesGStreamer() throws IOException {
        sameAsGStreamer(src("smpte", 4, "I420", 64, 48, "30/1") + src("ball", 4, "I420", 64, 48, "30/1")
                + "compositor name=m sink_1::xpos=64 background=black", 128 * 48 * 3 / 2, 4);
    }

    @Test
    void i420WithAlphaOddPositionsAndInputsOfDifferentLengthsMatchesGStreamer() throws IOException {
        // sink_0 ends after 3 frames, sink_1 after 5: the output goes on (without sink_0) to 5.
        sameAsGStreamer(src("smpte", 3, "I420", 64, 48, "30/1") + src("ball", 5, "I420", 32, 24, "30/1")
                + "compositor name=m sink_0::alpha=0.3 sink_1::xpos=13 sink_1::ypos=7 sink_1::alpha=0.5 background=white"
                + " ! video/x-raw,width=64,height=48", 64 * 48 * 3 / 2, 5);
    }

    @Test
    void differentFrameratesRepeatTheSlowerInputAsGStreamerDoes() throws IOException {
        sameAsGStreamer(src("ball", 6, "BGRA", 64, 48, "30/1") + src("smpte", 3, "BGRA", 32, 24, "15/1")
                + "compositor name=m sink_1::xpos=16 sink_1::ypos=8 sink_1::alpha=0.7 background=white", 64 * 48 * 4, 6);
    }

    @Test
    void transparentBackgroundNegativePositionAndZorderMatchGStreamer() throws IOException {
        sameAsGStreamer(src("ball", 2, "ARGB", 64, 48, "30/1") + src("smpte", 2, "ARGB", 32, 24, "30/1")
                + "compositor name=m sink_0::alpha=0.6 sink_0::zorder=3 sink_1::xpos=-8 sink_1::ypos=30 sink_1::alpha=0.4"
                + " background=transparent ! video/x-raw,width=64,height=48", 64 * 48 * 4, 2);
    }

    @Test
    void scaledInputIsOurScalersPicture() throws IOException {
        byte[] out = zeropipe(src("smpte", 1, "RGBA", 64, 48, "30/1")
                + "compositor name=m sink_0::width=32 sink_0::height=24 sink_0::xpos=8 sink_0::ypos=4"
                + " background=black ! video/x-raw,width=48,height=32");
        byte[] in = zeropipe(src("smpte", 1, "RGBA", 64, 48, "30/1") + "compositor name=m");
        VideoInfo inInfo = VideoInfo.of(VideoFormat.RGBA, 64, 48);
        VideoInfo small = VideoInfo.of(VideoFormat.RGBA, 32, 24);
        Buffer a = Buffer.allocate(inInfo.size());
        Buffer b = Buffer.allocate(small.size());
        a.fill(0, in);
        try (VideoFrame fa = VideoFrame.map(a, inInfo, MapFlags.READ); VideoFrame fb = VideoFrame.map(b, small, MapFlags.WRITE)) {
            new Scaler("RGBA", 64, 48, 32, 24, Scaler.Method.BILINEAR).scale(FramePlanes.of(fa), FramePlanes.of(fb), 1);
        }
        byte[] want = b.extractBytes(0, b.size());
        a.unref();
        b.unref();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                boolean inside = x >= 8 && x < 40 && y >= 4 && y < 28;
                for (int c = 0; c < 4; c++) {
                    int got = out[(y * 48 + x) * 4 + c] & 0xff;
                    int expected = inside ? want[((y - 4) * 32 + x - 8) * 4 + c] & 0xff : c == 3 ? 255 : 0;
                    if (c == 3 && inside) {
                        expected = 255; // opaque source over an opaque background
                    }
                    assertEquals(expected, got, "pixel " + x + "," + y + " byte " + c);
                }
            }
        }
    }

    /** Copies attributed to the compositor (element "m"), by reason. */
    private static long copiesBy(CopyCounter counter, String who) {
        long n = 0;
        for (Map.Entry<CopyCounter.Key, CopyCounter.Totals> e : counter.totals().entrySet()) {
            if (who.equals(e.getKey().who())) {
                n += e.getValue().count();
            }
        }
        return n;
    }

    /** Plays {@code p} to EOS, collecting the output's memories; the compositor "m" copies nothing. */
    private static void runCountingCopies(Pipeline p, List<Memory> out) {
        ((FakeSink) p.byName("out")).setHandoff(b -> out.add(b.peekMemory(0)));
        try (CopyCounter counter = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class));
            p.setState(State.NULL);
            assertEquals(0, copiesBy(counter, "m"), counter.describe().toString());
        }
    }

    @Test
    void aSingleOpaqueFullFrameInputGoesThroughUncopied() {
        Pipeline p = LaunchParser.parse("videotestsrc num-buffers=5 ! video/x-raw,format=I420,width=64,height=48,"
                + "framerate=30/1 ! compositor name=m ! fakesink name=out");
        List<Memory> in = new CopyOnWriteArrayList<>();
        List<Memory> out = new CopyOnWriteArrayList<>();
        Pad sink0 = p.byName("m").staticPad("sink_0");
        sink0.addProbe(Set.of(PadProbe.Type.BUFFER), false, (pad, type, item) -> {
            in.add(((Buffer) item).peekMemory(0));
            return PadProbe.Return.OK;
        });
        runCountingCopies(p, out);
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) {
            assertSame(in.get(i), out.get(i), "frame " + i + " is the input's own memory");
        }
    }

    @Test
    void composingIsRenderingNotACopy() {
        Pipeline p = LaunchParser.parse(src("ball", 5, "RGBA", 64, 48, "30/1") + src("smpte", 5, "RGBA", 64, 48, "30/1")
                + "compositor name=m sink_1::xpos=10 sink_1::alpha=0.5 ! fakesink name=out");
        List<Memory> out = new CopyOnWriteArrayList<>();
        runCountingCopies(p, out);
        assertEquals(5, out.size());
    }

    @Test
    void proposesAPoolAndVideoMetaUpstream() {
        Compositor c = new Compositor("c");
        Pad pad = c.requestPad(Compositor.SINK_TEMPLATE);
        Pipeline p = new Pipeline("p");
        p.add(c);
        p.setState(State.PAUSED);
        try {
            AllocationQuery q = new AllocationQuery(Caps.parse("video/x-raw,format=RGBA,width=64,height=48,framerate=30/1"), true);
            assertTrue(pad.query(q));
            assertTrue(q.hasMeta(VideoMeta.API));
            assertEquals(64 * 48 * 4, q.pools().getFirst().size());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void inputsOfAnotherFormatThanTheOutputAreAClearError() {
        // The compositor's sink pads accept only the output's format (downstream's RGBA here):
        // the BGRA input fails to negotiate where it is fixed, upstream of sink_1.
        Pipeline p = LaunchParser.parse(src("ball", 3, "RGBA", 64, 48, "30/1") + src("smpte", 3, "BGRA", 64, 48, "30/1")
                + "compositor name=m ! video/x-raw,format=RGBA ! fakesink");
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
            Message.Error e = assertInstanceOf(Message.Error.class, m, String.valueOf(m));
            assertTrue(e.text().contains("not-negotiated") && e.text().contains("capsfilter"), e.text());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void videoconvertBeforeTheCompositorConvertsToTheOutputFormat() {
        // The advice of the error above works: a sink pad's caps are narrowed to the output's format.
        Pipeline p = LaunchParser.parse(src("ball", 3, "RGBA", 64, 48, "30/1")
                + "videotestsrc num-buffers=3 ! video/x-raw,format=BGRA,width=64,height=48,framerate=30/1 ! videoconvert ! m.  "
                + "compositor name=m ! video/x-raw,format=RGBA ! fakesink");
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aReleasedPadsScaledPictureIsGivenBack() {
        Pipeline p = LaunchParser.parse(src("ball", 4, "RGBA", 64, 48, "30/1")
                + "compositor name=m ! appsink name=out sync=false");
        Compositor m = (Compositor) p.byName("m");
        Pad sink1 = m.requestPad(Compositor.SINK_TEMPLATE);
        sink1.set("width", 8).set("height", 8);
        Feeder feeder = new Feeder();
        Pad feed = feeder.src;
        p.add(feeder);
        feed.link(sink1);
        org.zeropipe.core.elements.AppSink out = (org.zeropipe.core.elements.AppSink) p.byName("out");
        try {
            p.setState(State.PLAYING);
            assertTrue(feed.pushEvent(new org.zeropipe.core.event.Event.StreamStart("feed")));
            assertTrue(feed.pushEvent(new org.zeropipe.core.event.Event.CapsEvent(
                    Caps.parse("video/x-raw,format=RGBA,width=16,height=16,framerate=30/1"))));
            assertTrue(feed.pushEvent(new org.zeropipe.core.event.Event.SegmentEvent(
                    org.zeropipe.core.pipeline.Segment.of(org.zeropipe.core.Format.TIME))));
            Buffer b = Buffer.allocate(16 * 16 * 4);
            b.setPts(0);
            b.setDuration(1_000_000_000L / 30);
            assertEquals(org.zeropipe.core.pipeline.FlowReturn.OK, feed.push(b));
            try (org.zeropipe.core.elements.Sample s = out.pullSample(Duration.ofSeconds(30))) {
                assertTrue(s != null, "first output");
            }
            assertEquals(1, m.scaledPictures(), "sink_1 drawn scaled");
            m.releaseRequestPad(sink1); // the output no longer waits for it
            int more = 0;
            while (true) {
                try (org.zeropipe.core.elements.Sample s = out.pullSample(Duration.ofSeconds(30))) {
                    if (s == null) {
                        break;
                    }
                    more++;
                }
            }
            assertTrue(more > 0 && out.isEos(), "outputs without sink_1 to the end: " + more);
            assertEquals(0, m.scaledPictures(), "the released pad's scaled picture is given back");
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Pushes what the test gives it, from the test's thread. */
    private static final class Feeder extends org.zeropipe.core.pipeline.Element {
        final Pad src = Pad.fromTemplate(org.zeropipe.core.pipeline.PadTemplate.src(Caps.ANY));

        Feeder() {
            super("feed");
            addPad(src);
        }
    }

    @Test
    void aLiveInputThatSendsNothingDoesNotStopTheOutput() {
        Pipeline p = LaunchParser.parse("videotestsrc is-live=true num-buffers=100 ! video/x-raw,format=I420,width=64,"
                + "height=48,framerate=30/1 ! m.  appsrc name=idle is-live=true caps=video/x-raw,format=I420,width=32,"
                + "height=24,framerate=30/1 ! m.  compositor name=m latency=20000000 ! appsink name=out sync=false");
        org.zeropipe.core.elements.AppSink sink = (org.zeropipe.core.elements.AppSink) p.byName("out");
        try {
            p.setState(State.PLAYING);
            long last = -1;
            for (int i = 0; i < 5; i++) {
                try (org.zeropipe.core.elements.Sample s = sink.pullSample(Duration.ofSeconds(30))) {
                    assertTrue(s != null, "output " + i + " came although appsrc idle sent nothing; bus: "
                            + p.bus().pop(Duration.ZERO, Message.Error.class, Message.Eos.class, Message.Warning.class));
                    long pts = s.buffer().pts();
                    assertTrue(pts > last, "timestamps go forward: " + pts + " after " + last);
                    assertEquals(i * 1_000_000_000L / 30, pts, "frame " + i);
                    last = pts;
                }
            }
            assertTrue(((Compositor) p.byName("m")).isLive());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void latencyIsTheLargestUpstreamMinimumPlusOurs() {
        // A live videotestsrc is a frame late: 1/30 s and 1/10 s; the compositor adds 5 ms.
        Pipeline p = LaunchParser.parse("videotestsrc is-live=true ! video/x-raw,format=I420,width=32,height=24,"
                + "framerate=30/1 ! m.  videotestsrc is-live=true ! video/x-raw,format=I420,width=32,height=24,"
                + "framerate=10/1 ! m.  compositor name=m latency=5000000 ! appsink name=out sync=false");
        org.zeropipe.core.elements.AppSink sink = (org.zeropipe.core.elements.AppSink) p.byName("out");
        try {
            p.setState(State.PLAYING);
            try (org.zeropipe.core.elements.Sample s = sink.pullSample(Duration.ofSeconds(30))) {
                assertTrue(s != null, "no output");
            }
            org.zeropipe.core.query.LatencyQuery q = new org.zeropipe.core.query.LatencyQuery();
            assertTrue(p.byName("m").srcPads().getFirst().query(q));
            assertTrue(q.live());
            assertEquals(100_000_000L + 5_000_000L, q.min());
            assertEquals(105_000_000L, ((Compositor) p.byName("m")).latency());
        } finally {
            p.setState(State.NULL);
        }
    }
}
