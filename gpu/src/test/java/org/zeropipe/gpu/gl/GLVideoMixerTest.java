package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParseException;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/** glvideomixer in pipelines on the machine's EGL (llvmpipe in CI): pixels, copies, EOS, pads, errors. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLVideoMixerTest {

    private static final String GL = "video/x-raw(memory:GLMemory)";

    @TempDir
    Path dir;

    @BeforeEach
    void needsGL() {
        GLTestSupport.context();
    }

    /**
     * Three inputs (alpha, scaling, negative position, zorder, checker) over 4 frames, as
     * gst-launch-1.0 draws them; on a desktop GL and on a GLES context.
     */
    @ParameterizedTest
    @EnumSource(GLApi.class)
    void equalsGStreamerGlvideomixer(GLApi api) throws Exception {
        GLContext context = GLTestSupport.context(api);
        int frames = 4;
        String mixer = "glvideomixer name=m sink_0::xpos=8 sink_0::ypos=4 sink_1::xpos=40 sink_1::ypos=30 sink_1::zorder=5 "
                + "sink_2::xpos=-6 sink_2::ypos=20 sink_2::width=32 sink_2::height=24 sink_2::alpha=0.6 sink_2::zorder=3";
        String inputs = " videotestsrc pattern=smpte num-buffers=" + frames + " ! video/x-raw,format=RGBA,width=64,height=48 "
                + "! glupload ! m.  videotestsrc pattern=solid-color foreground-color=0x9000ff80 num-buffers=" + frames
                + " ! video/x-raw,format=RGBA,width=20,height=16 ! glupload ! m.  videotestsrc pattern=checkers-4 num-buffers="
                + frames + " ! video/x-raw,format=RGBA,width=16,height=12 ! glupload ! m.";
        byte[] reference = GstLaunch.output(mixer + " ! gldownload ! video/x-raw,format=RGBA ! filesink location="
                + dir.resolve("ref.raw") + inputs, dir.resolve("ref.raw"));
        int w = 72;
        int h = 52;
        assertEquals(frames * w * h * 4, reference.length, "GStreamer's output: " + frames + " frames of 72x52");
        List<byte[]> ours = GLPipelineTest.pull(mixer + " ! gldownload ! video/x-raw,format=RGBA ! appsink name=sink" + inputs,
                frames, null, context);
        for (int f = 0; f < frames; f++) {
            byte[] got = ours.get(f);
            assertEquals(w * h * 4, got.length, "frame " + f + " size");
            GstLaunch.assertSameFrame(got, reference, f * w * h * 4, w, "frame " + f);
        }
    }

    /**
     * System-memory inputs (no glupload in front, as GStreamer's glvideomixer bin allows): each
     * input frame is uploaded once, also when a slower input's frame is drawn again; the bytes
     * are gst-launch-1.0's.
     */
    @Test
    void systemMemoryInputsAreUploadedOncePerFrameAndEqualGStreamer() throws Exception {
        String mixer = "glvideomixer name=m sink_1::xpos=10 sink_1::ypos=4 sink_1::alpha=0.7";
        String inputs = " videotestsrc pattern=smpte num-buffers=6 ! video/x-raw,format=RGBA,width=32,height=24,framerate=30/1"
                + " ! m.  videotestsrc pattern=checkers-2 num-buffers=2 ! video/x-raw,format=RGBA,width=16,height=16,"
                + "framerate=10/1 ! m.";
        byte[] reference = GstLaunch.output(mixer + " ! gldownload ! video/x-raw,format=RGBA ! filesink location="
                + dir.resolve("raw.raw") + inputs, dir.resolve("raw.raw"));
        int size = 32 * 24 * 4;
        assertEquals(6 * size, reference.length, "GStreamer's output: 6 frames of 32x24");
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        List<byte[]> ours;
        try {
            ours = run(mixer + " ! gldownload ! video/x-raw,format=RGBA ! appsink name=sink" + inputs, 6);
        } finally {
            CopyTracers.remove(copies);
        }
        for (int f = 0; f < 6; f++) {
            GstLaunch.assertSameFrame(ours.get(f), reference, f * size, 32, "frame " + f);
        }
        assertEquals(6 + 2, copies.count(CopyReason.UPLOAD), "one upload per input frame: " + copies);
        assertEquals(6, copies.count(CopyReason.DOWNLOAD), copies.toString());
        // (videotestsrc copies its cached SMPTE picture into each new frame: its own drawing, not ours)
        long byMixer = copies.totals().entrySet().stream().filter(e -> e.getKey().who().equals("m"))
                .mapToLong(e -> e.getValue().count()).sum();
        assertEquals(6 + 2, byMixer, "the mixer copies nothing but the uploads: " + copies);
    }

    @Test
    void gltestsrcsIntoTheMixerIntoGlimagesinkCopyNothing() {
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        Pipeline p = LaunchParser.parse("glvideomixer name=m sink_1::xpos=100 sink_1::alpha=0.5 ! glimagesink "
                + "gltestsrc num-buffers=5 ! " + GL + ",width=160,height=120 ! m.  "
                + "gltestsrc pattern=checkers-8 num-buffers=5 ! " + GL + ",width=64,height=64 ! m.");
        try {
            p.setState(State.PLAYING);
            Message end = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        } finally {
            p.setState(State.NULL);
            CopyTracers.remove(copies);
        }
        assertEquals(0, copies.count(), "copies: " + copies);
        assertEquals(0, copies.bytes());
    }

    @Test
    void withGldownloadExactlyOneDownloadPerOutputFrame() {
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        try {
            List<byte[]> out = run("glvideomixer name=m ! gldownload ! video/x-raw,format=RGBA ! appsink name=sink "
                    + "gltestsrc num-buffers=6 ! " + GL + ",width=32,height=16 ! m.  gltestsrc pattern=red num-buffers=6 ! "
                    + GL + ",width=8,height=8 ! m.", 6);
            assertEquals(6, out.size());
        } finally {
            CopyTracers.remove(copies);
        }
        assertEquals(6, copies.count(CopyReason.DOWNLOAD), copies.toString());
        assertEquals(6, copies.count(), "no other copy: " + copies);
        assertEquals(6L * 32 * 16 * 4, copies.bytes());
    }

    @Test
    void proposesAGlPoolUpstream() {
        GLVideoMixer m = new GLVideoMixer("m");
        Pipeline p = new Pipeline();
        p.add(m);
        Pad sink = m.requestPad("sink_%u");
        try {
            p.setState(State.PAUSED);
            AllocationQuery q = new AllocationQuery(Caps.parse(GL + ", format=RGBA, width=16, height=16, framerate=30/1"), true);
            assertTrue(sink.query(q), "the allocation query is answered");
            assertInstanceOf(GLBufferPool.class, q.pools().get(0).pool());
            assertTrue(q.hasMeta(GLSyncMeta.API), "GL sync meta accepted");
        } finally {
            p.setState(State.NULL);
        }
    }

    /** One input ends after 3 frames: the mixer goes on with the other until it ends too, without the first. */
    @Test
    void anInputReachingEosEarlierLeavesTheOthersGoingUntilAllEnded() {
        Pipeline p = LaunchParser.parse("glvideomixer name=m background=black sink_1::xpos=8 ! gldownload ! "
                + "video/x-raw,format=RGBA ! appsink name=sink  gltestsrc pattern=red num-buffers=3 ! " + GL
                + ",width=8,height=8 ! m.  gltestsrc pattern=blue num-buffers=8 ! " + GL + ",width=8,height=8 ! m.");
        List<byte[]> out = pullAll(p, 16 * 8 * 4);
        assertEquals(8, out.size(), "as many frames as the longest input");
        for (int f = 0; f < 8; f++) {
            int[] left = pixel(out.get(f), 16, 2, 2);
            int[] right = pixel(out.get(f), 16, 10, 2);
            assertEquals(f < 3 ? 255 : 0, left[0], "frame " + f + ": red while its input lasts, then background");
            assertEquals(255, right[2], "frame " + f + ": blue all along");
        }
    }

    /** A 10 fps input under a 30 fps one: the output runs at 30 fps and repeats the slow input's frames. */
    @Test
    void aSlowerInputIsRepeated() {
        Pipeline p = LaunchParser.parse("glvideomixer name=m ! gldownload ! video/x-raw,format=RGBA ! appsink name=sink  "
                + "gltestsrc pattern=green num-buffers=6 ! " + GL + ",width=8,height=8,framerate=30/1 ! m.  "
                + "gltestsrc pattern=white num-buffers=2 ! " + GL + ",width=4,height=4,framerate=10/1 ! m.");
        List<byte[]> out = pullAll(p, 8 * 8 * 4);
        assertEquals(6, out.size());
        for (int f = 0; f < 6; f++) {
            assertEquals(255, pixel(out.get(f), 8, 1, 1)[0], "frame " + f + ": the 10 fps white still shown");
            assertEquals(0, pixel(out.get(f), 8, 6, 6)[0], "frame " + f + ": green around it");
        }
    }

    /** A pad released while PLAYING: its input disappears from the next frames, the mixer goes on. */
    @Test
    void aPadReleasedWhilePlayingLeavesThePicture() {
        Pipeline p = LaunchParser.parse("glvideomixer name=m background=black sink_1::xpos=8 ! gldownload ! "
                + "video/x-raw,format=RGBA ! appsink name=sink  gltestsrc pattern=red num-buffers=60 ! " + GL
                + ",width=8,height=8 ! m.  gltestsrc name=b pattern=blue ! " + GL + ",width=8,height=8 ! m.");
        AppSink sink = (AppSink) p.byName("sink");
        try {
            p.setState(State.PLAYING);
            for (int f = 0; f < 3; f++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(30))) {
                    assertNotNull(s, "frame " + f);
                    assertEquals(255, pixel(GLPipelineTest.bytes(s.buffer()), 16, 10, 2)[2], "blue before the release");
                }
            }
            Element b = p.byName("b");
            Element m = p.byName("m");
            Pad pad = m.staticPad("sink_1");
            Element filter = pad.peer().element();
            b.setState(State.NULL);
            filter.setState(State.NULL);
            p.remove(b);
            p.remove(filter);
            m.releaseRequestPad(pad);
            byte[] last = null;
            int after = 0;
            while (true) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(30))) {
                    if (s == null) {
                        break;
                    }
                    last = GLPipelineTest.bytes(s.buffer());
                    after++;
                }
            }
            assertTrue(after > 0, "the mixer went on after the release");
            // as GStreamer's video aggregator: a released pad renegotiates the output to the pictures left
            assertEquals(8 * 8 * 4, last.length, "the output shrank to the red picture");
            assertEquals(255, pixel(last, 8, 2, 2)[0], "red still drawn");
            assertEquals(0, pixel(last, 8, 6, 6)[2], "blue gone");
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void badPadPropertiesAreClearErrors() {
        LaunchParseException range = assertThrows(LaunchParseException.class, () -> LaunchParser.parse(
                "glvideomixer name=m sink_0::alpha=1.5 ! fakesink gltestsrc ! m."));
        assertTrue(range.getMessage().contains("alpha") && range.getMessage().contains("1.5"), range.getMessage());
        LaunchParseException choice = assertThrows(LaunchParseException.class, () -> LaunchParser.parse(
                "glvideomixer name=m sink_0::blend=multiply ! fakesink gltestsrc ! m."));
        assertTrue(choice.getMessage().contains("multiply") && choice.getMessage().contains("over"), choice.getMessage());
        LaunchParseException unknown = assertThrows(LaunchParseException.class, () -> LaunchParser.parse(
                "glvideomixer name=m sink_0::xpoz=3 ! fakesink gltestsrc ! m."));
        assertTrue(unknown.getMessage().contains("xpoz") && unknown.getMessage().contains("xpos"), unknown.getMessage());
        GLVideoMixer m = new GLVideoMixer("m");
        Pad pad = m.requestPad("sink_%u");
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> pad.set("width", -4));
        assertTrue(negative.getMessage().contains("width") && negative.getMessage().contains("-4"), negative.getMessage());
        assertEquals(0, pad.get("width"), "unchanged");
    }

    /** Caps that claim GL memory on a buffer that is not: a bus ERROR naming the pad, no crash or hang. */
    @Test
    void anInputBufferNotInGlMemoryIsAnErrorNamingThePad() {
        Pipeline p = LaunchParser.parse("appsrc name=src caps=\"" + GL + ",format=RGBA,width=4,height=4,framerate=30/1\" ! "
                + "glvideomixer name=m ! fakesink");
        try {
            p.setState(State.PLAYING);
            org.zeropipe.core.buffer.Buffer b = org.zeropipe.core.buffer.Buffer.allocate(4 * 4 * 4); // system memory
            b.setPts(0);
            b.setDuration(33_333_333);
            ((org.zeropipe.core.elements.AppSrc) p.byName("src")).pushBuffer(b);
            Message end = p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class);
            Message.Error error = assertInstanceOf(Message.Error.class, end, String.valueOf(end));
            assertTrue(error.text().contains("m:sink_0") && error.text().contains("expected GL memory"), error.text());
        } finally {
            p.setState(State.NULL);
        }
    }

    // ---------------------------------------------------------------------------------------

    private static int[] pixel(byte[] frame, int w, int x, int y) {
        int o = (y * w + x) * 4;
        return new int[] {frame[o] & 0xff, frame[o + 1] & 0xff, frame[o + 2] & 0xff, frame[o + 3] & 0xff};
    }

    /** Runs the pipeline and returns the first {@code frames} frames its appsink "sink" receives, then EOS. */
    private static List<byte[]> run(String description, int frames) {
        Pipeline p = LaunchParser.parse(description);
        List<byte[]> out = pullAll(p, -1);
        assertEquals(frames, out.size(), "frames");
        return out;
    }

    /** Plays {@code p}, pulls every frame until EOS (checking each is {@code size} bytes unless -1), stops it. */
    private static List<byte[]> pullAll(Pipeline p, int size) {
        AppSink sink = (AppSink) p.byName("sink");
        List<byte[]> out = new ArrayList<>();
        try {
            p.setState(State.PLAYING);
            while (true) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(30))) {
                    if (s == null) {
                        break;
                    }
                    byte[] b = GLPipelineTest.bytes(s.buffer());
                    if (size >= 0) {
                        assertEquals(size, b.length, "frame " + out.size() + " size");
                    }
                    out.add(b);
                }
            }
            Message end = p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        } finally {
            p.setState(State.NULL);
        }
        return out;
    }
}
