package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** gltestsrc draws what GStreamer's videotestsrc paints, byte for byte (RGBA). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLTestSrcTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2}x{3}")
    @CsvSource({"OPENGL, smpte, 320, 240", "OPENGL, smpte, 101, 75", "OPENGL, smpte, 64, 48", "OPENGL, checkers-2, 37, 19",
        "OPENGL, checkers-8, 64, 48", "OPENGL, red, 8, 8", "OPENGL, white, 8, 8",
        "GLES, smpte, 320, 240", "GLES, smpte, 101, 75", "GLES, checkers-2, 37, 19", "GLES, white, 8, 8"})
    void equalsVideotestsrc(GLApi api, String pattern, int w, int h) throws Exception {
        GLContext context = GLTestSupport.context(api);
        int frames = 6; // the SMPTE noise goes on from frame to frame; pool frames come back holding the background
        String caps = "video/x-raw,format=RGBA,width=" + w + ",height=" + h;
        byte[] reference = gstreamer("videotestsrc pattern=" + pattern + " num-buffers=" + frames + " ! " + caps, frames);
        Pipeline p = LaunchParser.parse("gltestsrc pattern=" + pattern + " num-buffers=" + frames + " ! " + caps.replace(
                "video/x-raw", "video/x-raw(memory:GLMemory)") + " ! gldownload ! appsink name=sink");
        p.setContext(GLContext.CONTEXT_TYPE, context);
        try {
            assertFramesEqual(p, reference, frames, w, h);
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void restartedAtAnotherSizeDrawsThatSizesNoise() throws Exception {
        int frames = 3;
        Pipeline p = LaunchParser.parse("gltestsrc name=src num-buffers=" + frames
                + " ! capsfilter name=f caps=\"video/x-raw(memory:GLMemory),width=64,height=48\" ! gldownload ! appsink name=sink");
        p.setContext(GLContext.CONTEXT_TYPE, GLTestSupport.context());
        try {
            assertFramesEqual(p, gstreamer("videotestsrc num-buffers=" + frames + " ! video/x-raw,format=RGBA,width=64,height=48",
                    frames), frames, 64, 48);
            p.setState(State.NULL);
            p.byName("f").set("caps", org.zeropipe.core.caps.Caps.parse("video/x-raw(memory:GLMemory),width=101,height=75"));
            assertFramesEqual(p, gstreamer("videotestsrc num-buffers=" + frames + " ! video/x-raw,format=RGBA,width=101,height=75",
                    frames), frames, 101, 75);
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Plays {@code p} and checks its first {@code frames} frames at appsink "sink" against {@code reference}. */
    private static void assertFramesEqual(Pipeline p, byte[] reference, int frames, int w, int h) {
        p.setState(State.PLAYING);
        AppSink sink = (AppSink) p.byName("sink");
        int size = w * h * 4;
        for (int f = 0; f < frames; f++) {
            try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
                assertNotNull(s, "frame " + f);
                byte[] got = GLPipelineTest.bytes(s.buffer());
                assertEquals(size, got.length);
                for (int i = 0; i < size; i++) {
                    int px = i / 4;
                    assertEquals(reference[f * size + i], got[i], "frame " + f + " pixel (" + px % w + ", " + px / w
                            + ") channel " + i % 4);
                }
            }
        }
    }

    @Test
    void lcgJumpEqualsSteppingTheGenerator() {
        int state = 0;
        for (int steps = 0; steps <= 5000; steps++) {
            assertEquals(state, GLTestSrc.lcgJump(steps, 0), "from 0, " + steps + " steps");
            assertEquals(GLTestSrc.lcgJump(steps + 77, 0), GLTestSrc.lcgJump(steps, GLTestSrc.lcgJump(77, 0)),
                    "77 then " + steps + " steps");
            state = state * 1103515245 + 12345;
        }
    }

    /** Runs gst-launch-1.0 into a file and returns its bytes (skips when GStreamer is absent). */
    private byte[] gstreamer(String pipeline, int frames) throws IOException, InterruptedException {
        Path out = dir.resolve("ref.raw");
        return GstLaunch.output(pipeline + " ! filesink location=" + out, out);
    }
}
