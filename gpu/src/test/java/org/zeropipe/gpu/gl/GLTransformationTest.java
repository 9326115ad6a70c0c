package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * gltransformation on llvmpipe: crop against videocrop, transforms and scaling against
 * GStreamer's own gltransformation, downscaling against videoscale, copies, errors.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLTransformationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsGL() {
        GLTestSupport.context(); // skips, saying why, where EGL cannot make a context
    }

    private static String rgba(int w, int h) {
        return "video/x-raw,format=RGBA,width=" + w + ",height=" + h;
    }

    private static String glCaps(int w, int h) {
        return "video/x-raw(memory:GLMemory),format=RGBA,width=" + w + ",height=" + h;
    }

    @ParameterizedTest(name = "{0} {1}x{2} crop {3} {4} {5} {6}")
    @CsvSource({"OPENGL, 320, 240, 13, 40, 7, 30", "OPENGL, 64, 48, 0, 1, 0, 1", "OPENGL, 101, 75, 50, 0, 37, 0",
        "OPENGL, 64, 48, 0, 0, 0, 0", "GLES, 320, 240, 13, 40, 7, 30", "GLES, 101, 75, 50, 0, 37, 0"})
    void cropEqualsVideocropOfVideotestsrc(GLApi api, int w, int h, int l, int r, int t, int b) throws Exception {
        GLContext context = GLTestSupport.context(api);
        int frames = 2;
        byte[] ref = gst(dir.resolve("crop.raw"), "videotestsrc pattern=smpte num-buffers=" + frames
                + " ! " + rgba(w, h) + " ! videocrop left=" + l + " right=" + r + " top=" + t + " bottom=" + b);
        List<byte[]> ours = GLPipelineTest.pull("gltestsrc pattern=smpte num-buffers=" + frames + " ! " + glCaps(w, h)
                + " ! gltransformation crop-left=" + l + " crop-right=" + r + " crop-top=" + t + " crop-bottom=" + b
                + " ! gldownload ! appsink name=sink", frames, null, context);
        int size = (w - l - r) * (h - t - b) * 4;
        assertEquals(frames * size, ref.length);
        for (int f = 0; f < frames; f++) {
            assertClose(slice(ref, f * size, size), ours.get(f), w - l - r, 1, "frame " + f);
        }
    }

    /** GStreamer's gltransformation is the reference for the model/view/projection (same math, same orientation). */
    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource(delimiter = '|', value = {"64|64|rotation-z=90", "160|120|rotation-z=45", "160|120|rotation-x=30",
        "160|120|rotation-y=-25 pivot-x=1", "160|120|ortho=true rotation-x=-45", "160|120|translation-x=0.25 translation-y=-0.1",
        "160|120|scale-x=0.5 scale-y=0.75", "160|120|rotation-z=30 pivot-x=0.5 pivot-y=0.5", "160|120|translation-z=-0.5 fov=60",
        "160|120|rotation-y=20 pivot-z=0.3"})
    void transformEqualsGStreamersGltransformation(int w, int h, String props) throws Exception {
        String src = "videotestsrc pattern=smpte num-buffers=1 ! " + rgba(w, h) + " ! glupload ! gltransformation " + props;
        byte[] ref = gst(dir.resolve("t.raw"), src + " ! gldownload ! video/x-raw,format=RGBA");
        byte[] ours = GLPipelineTest.pull(src + " ! gldownload ! appsink name=sink", 1, null).get(0);
        assertClose(ref, ours, w, 1, props);
    }

    /** Output caps of another size scale the picture: bilinear, as GStreamer's GL filters sample. */
    @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
    @CsvSource({"320, 240, 160, 120", "320, 240, 200, 150", "160, 120, 320, 240", "64, 48, 100, 20"})
    void scalingToTheOutputCapsEqualsGStreamersGltransformation(int w, int h, int ow, int oh) throws Exception {
        String src = "videotestsrc pattern=smpte num-buffers=1 ! " + rgba(w, h) + " ! glupload ! gltransformation ! "
                + glCaps(ow, oh);
        byte[] ref = gst(dir.resolve("s.raw"), src.replace(glCaps(ow, oh), "'" + glCaps(ow, oh) + "'")
                + " ! gldownload ! video/x-raw,format=RGBA"); // quoted for the shell
        byte[] ours = GLPipelineTest.pull(src + " ! gldownload ! appsink name=sink", 1, null).get(0);
        assertEquals(ow * oh * 4, ours.length);
        assertClose(ref, ours, ow, 1, w + "x" + h + " to " + ow + "x" + oh);
    }

    /**
     * Against videoscale method=bilinear: its linear resampler widens the kernel when it shrinks
     * (about 2 x ratio taps), while GL's bilinear sampling blends the 2 x 2 texels around the
     * sample point. The two agree within ±1 wherever the input is uniform over the wider kernel
     * (most of the frame), and elsewhere both are blends of the same neighbourhood, so ours must
     * lie within that neighbourhood's range.
     */
    @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
    @CsvSource({"320, 240, 160, 120", "320, 240, 200, 150"})
    void downscalingAgreesWithVideoscaleBilinear(int w, int h, int ow, int oh) throws Exception {
        String src = "videotestsrc pattern=smpte num-buffers=1 ! " + rgba(w, h);
        byte[] in = gst(dir.resolve("in.raw"), src);
        byte[] ref = gst(dir.resolve("vs.raw"), src + " ! videoscale method=bilinear ! "
                + "video/x-raw,width=" + ow + ",height=" + oh);
        byte[] ours = GLPipelineTest.pull("gltestsrc pattern=smpte num-buffers=1 ! " + glCaps(w, h)
                + " ! gltransformation ! " + glCaps(ow, oh) + " ! gldownload ! appsink name=sink", 1, null).get(0);
        double rx = (double) w / ow;
        double ry = (double) h / oh;
        int uniform = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double cx = (x + 0.5) * rx - 0.5;
                double cy = (y + 0.5) * ry - 0.5;
                int x0 = Math.max(0, (int) Math.floor(cx - rx));
                int x1 = Math.min(w - 1, (int) Math.ceil(cx + rx));
                int y0 = Math.max(0, (int) Math.floor(cy - ry));
                int y1 = Math.min(h - 1, (int) Math.ceil(cy + ry));
                for (int ch = 0; ch < 4; ch++) {
                    int min = 255;
                    int max = 0;
                    for (int sy = y0; sy <= y1; sy++) {
                        for (int sx = x0; sx <= x1; sx++) {
                            int v = in[(sy * w + sx) * 4 + ch] & 0xff;
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                        }
                    }
                    int o = ours[(y * ow + x) * 4 + ch] & 0xff;
                    String where = "(" + x + ", " + y + ") channel " + ch;
                    if (min == max) {
                        uniform++;
                        assertTrue(Math.abs(o - (ref[(y * ow + x) * 4 + ch] & 0xff)) <= 1, where + ": " + o + " vs videoscale "
                                + (ref[(y * ow + x) * 4 + ch] & 0xff));
                    } else {
                        assertTrue(o >= min - 1 && o <= max + 1, where + ": " + o + " outside " + min + ".." + max);
                    }
                }
            }
        }
        assertTrue(uniform > ow * oh * 4 * 3 / 4, "most of smpte is uniform: " + uniform); // the comparison is substantive
    }

    /** A 90° turn of a square frame moves every pixel exactly: output (x, y) is input (y, n-1-x). */
    @ParameterizedTest
    @EnumSource(GLApi.class)
    void rotationZ90TurnsTheFrameAQuarterCounterClockwiseInGLCoordinates(GLApi api) {
        GLContext context = GLTestSupport.context(api);
        int n = 64;
        String src = "videotestsrc pattern=smpte num-buffers=1 ! " + rgba(n, n);
        byte[] in = GLPipelineTest.pull(src + " ! appsink name=sink", 1, null).get(0);
        byte[] out = GLPipelineTest.pull(src + " ! glupload ! gltransformation rotation-z=90 ! gldownload ! appsink name=sink",
                1, null, context).get(0);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                for (int ch = 0; ch < 4; ch++) {
                    int ix = y;
                    int iy = n - 1 - x;
                    int e = in[(iy * n + ix) * 4 + ch] & 0xff;
                    int o = out[(y * n + x) * 4 + ch] & 0xff;
                    assertTrue(Math.abs(e - o) <= 1, "(" + x + ", " + y + ") channel " + ch + ": " + o + " vs input (" + ix
                            + ", " + iy + ") " + e);
                }
            }
        }
        // the input's top-left corner (white bar) is now the top-right one
        assertEquals(in[0] & 0xff, out[(n - 1) * 4] & 0xff);
    }

    @Test
    void cropScaleAndRotateInGLMemoryCopyNothingAndADownloadIsTheOnlyCopy() {
        int frames = 4;
        String chain = "gltestsrc pattern=smpte num-buffers=" + frames + " ! " + glCaps(320, 240)
                + " ! gltransformation crop-left=10 crop-top=20 rotation-z=10 scale-x=0.8 ! " + glCaps(160, 100);
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        try {
            Pipeline p = LaunchParser.parse(chain + " ! fakesink");
            try {
                p.setState(State.PLAYING);
                assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class));
            } finally {
                p.setState(State.NULL);
            }
            assertEquals(0, copies.count(), "nothing copied: " + copies);
            GLPipelineTest.pull(chain + " ! gldownload ! appsink name=sink", frames, null);
        } finally {
            CopyTracers.remove(copies);
        }
        assertEquals(frames, copies.count(CopyReason.DOWNLOAD), copies.toString());
        assertEquals(frames, copies.count(), "no other copy: " + copies);
        assertEquals((long) frames * 160 * 100 * 4, copies.bytes());
    }

    /** Identity is passthrough; a rotation set while playing draws; a crop set while playing renegotiates the size. */
    @Test
    void theIdentityIsPassthroughAndPropertyChangesWhilePlayingRenegotiate() {
        int w = GLPipelineTest.W;
        int h = GLPipelineTest.H;
        Pipeline p = LaunchParser.parse("appsrc name=src caps=\"" + GLPipelineTest.RGBA + "\" ! glupload ! "
                + "gltransformation name=t ! gldownload ! appsink name=sink");
        GLTransformation t = (GLTransformation) p.byName("t");
        try {
            p.setState(State.PLAYING);
            AppSrc src = (AppSrc) p.byName("src");
            AppSink sink = (AppSink) p.byName("sink");

            src.pushBuffer(Buffer.wrap(GLPipelineTest.frame(0)));
            assertArrayEquals(GLPipelineTest.pattern(0), pullBytes(sink, w), "identity");
            assertTrue(t.isPassthrough());

            t.set("rotation-z", 180.0);
            src.pushBuffer(Buffer.wrap(GLPipelineTest.frame(1)));
            byte[] in = GLPipelineTest.pattern(1);
            byte[] turned = pullBytes(sink, w);
            assertFalse(t.isPassthrough());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < 4; ch++) {
                        int e = in[((h - 1 - y) * w + (w - 1 - x)) * 4 + ch] & 0xff;
                        int g = turned[(y * w + x) * 4 + ch] & 0xff;
                        assertTrue(Math.abs(e - g) <= 1, "180°: (" + x + ", " + y + ") channel " + ch + ": " + g + " vs " + e);
                    }
                }
            }

            t.set("rotation-z", 0.0);
            t.set("crop-left", 16);
            src.pushBuffer(Buffer.wrap(GLPipelineTest.frame(2)));
            byte[] cropped = pullBytes(sink, w - 16);
            in = GLPipelineTest.pattern(2);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w - 16; x++) {
                    for (int ch = 0; ch < 4; ch++) {
                        assertEquals(in[(y * w + x + 16) * 4 + ch], cropped[(y * (w - 16) + x) * 4 + ch],
                                "crop: (" + x + ", " + y + ") channel " + ch);
                    }
                }
            }
            src.endOfStream();
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
        }
    }

    /** The next sample's bytes, checking its caps' width. */
    private static byte[] pullBytes(AppSink sink, int width) {
        try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
            assertNotNull(s, "a frame");
            assertEquals(width, s.caps().structure(0).getInt("width"), s.caps().toString());
            return GLPipelineTest.bytes(s.buffer());
        }
    }

    @Test
    void invalidPropertyValuesAreClearErrors() {
        RuntimeException fov = assertThrows(RuntimeException.class,
                () -> LaunchParser.parse("gltestsrc ! gltransformation fov=200 ! fakesink"));
        assertTrue(fov.getMessage().contains("property 'fov' must be in [0.01, 179.99], not 200.0"), fov.getMessage());
        RuntimeException crop = assertThrows(RuntimeException.class,
                () -> LaunchParser.parse("gltestsrc ! gltransformation crop-left=-1 ! fakesink"));
        assertTrue(crop.getMessage().contains("crop-left"), crop.getMessage());
        GLTransformation t = new GLTransformation();
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> t.set("scale-x", Double.NaN));
        assertTrue(nan.getMessage().contains("scale-x"), nan.getMessage());
    }

    @Test
    void aCropThatLeavesNothingIsABusErrorNamingTheValues() {
        Pipeline p = LaunchParser.parse("gltestsrc num-buffers=3 ! " + glCaps(320, 240)
                + " ! gltransformation name=t crop-left=200 crop-right=120 ! fakesink");
        try {
            p.setState(State.PLAYING);
            Message.Error e = assertInstanceOf(Message.Error.class,
                    p.bus().pop(Duration.ofSeconds(30), Message.Error.class, Message.Eos.class));
            assertTrue(e.text().contains("t: crop-left=200 + crop-right=120 leave nothing of the 320 pixels wide input"),
                    e.text());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void theDefaultMatrixIsTheIdentityOnTheQuad() {
        GLTransformation t = new GLTransformation();
        float aspect = 4f / 3f;
        float[] corner = t.mvp(aspect).transformPoint(aspect, 1, 0);
        assertEquals(1f, corner[0], 1e-6f);
        assertEquals(1f, corner[1], 1e-6f);
        t.set("rotation-z", 90.0);
        float[] turned = t.mvp(1f).transformPoint(1, 0, 0); // the right edge's middle goes up
        assertEquals(0f, turned[0], 1e-6f);
        assertEquals(1f, turned[1], 1e-6f);
    }

    /** GStreamer's bytes for {@code pipeline}, written through a filesink to {@code file}. */
    private byte[] gst(Path file, String pipeline) throws Exception {
        return GstLaunch.output(pipeline + " ! filesink location=" + file, file);
    }

    private static byte[] slice(byte[] b, int from, int size) {
        byte[] r = new byte[size];
        System.arraycopy(b, from, r, 0, size);
        return r;
    }

    private static void assertClose(byte[] expected, byte[] got, int width, int tolerance, String what) {
        assertEquals(expected.length, got.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            int e = expected[i] & 0xff;
            int g = got[i] & 0xff;
            if (Math.abs(e - g) > tolerance) {
                int px = i / 4;
                assertEquals(e, g, what + ": pixel (" + px % width + ", " + px / width + ") channel " + i % 4);
            }
        }
    }
}
