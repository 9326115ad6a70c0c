package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/** GL pipelines on the machine's EGL (llvmpipe in CI): pixels and copies checked. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLPipelineTest {

    static final int W = 64;
    static final int H = 48;
    static final String RGBA = "video/x-raw,format=RGBA,width=" + W + ",height=" + H + ",framerate=30/1";
    static final String INVERT = "in vec2 v_texcoord; out vec4 fragColor; uniform sampler2D tex; "
            + "void main() { vec4 c = texture(tex, v_texcoord); fragColor = vec4(1.0 - c.rgb, c.a); }";
    /** The same as GStreamer's glshader takes it: GLSL ES 1.00, with no vertex stage given. */
    static final String GST_INVERT = "#version 100\n#ifdef GL_ES\nprecision highp float;\n#endif\n"
            + "varying vec2 v_texcoord; uniform sampler2D tex; "
            + "void main () { vec4 c = texture2D(tex, v_texcoord); gl_FragColor = vec4(1.0 - c.rgb, c.a); }";

    @BeforeEach
    void needsGL() {
        GLTestSupport.context(); // skips, saying why, where EGL cannot make a context
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"OPENGL, false", "GLES, false", "OPENGL, true", "GLES, true"})
    void uploadShaderDownloadEqualsTheCpuInvertWithOneUploadAndOneDownloadPerFrame(GLApi api, boolean gstreamerShader) {
        Pipeline p = LaunchParser.parse("appsrc name=src caps=\"" + RGBA + "\" ! glupload name=up ! glshader name=sh ! "
                + "gldownload ! appsink name=sink");
        p.setContext(GLContext.CONTEXT_TYPE, GLTestSupport.context(api));
        p.byName("sh").set("fragment", gstreamerShader ? GST_INVERT : INVERT);
        int frames = 3;
        CopyCounter copies = new CopyCounter();
        List<byte[]> out = new ArrayList<>();
        CopyTracers.add(copies);
        try {
            p.setState(State.PLAYING);
            AppSrc src = (AppSrc) p.byName("src");
            for (int f = 0; f < frames; f++) {
                src.pushBuffer(Buffer.wrap(frame(f)));
            }
            src.endOfStream();
            AppSink sink = (AppSink) p.byName("sink");
            for (int f = 0; f < frames; f++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
                    assertNotNull(s, "frame " + f);
                    out.add(bytes(s.buffer()));
                }
            }
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
            CopyTracers.remove(copies);
        }
        for (int f = 0; f < frames; f++) {
            byte[] expected = pattern(f);
            for (int i = 0; i < expected.length; i++) {
                byte e = (i & 3) == 3 ? expected[i] : (byte) (255 - (expected[i] & 0xff));
                assertEquals(e, out.get(f)[i], "frame " + f + " byte " + i);
            }
        }
        assertEquals("raw", ((GLUpload) p.byName("up")).lastMethod());
        assertEquals(frames, copies.count(CopyReason.UPLOAD), copies.toString());
        assertEquals(frames, copies.count(CopyReason.DOWNLOAD), copies.toString());
        assertEquals(2L * frames * W * H * 4, copies.bytes(), "no other copy: " + copies);
    }

    @Test
    void videotestsrcThroughUploadShaderDownloadIsOneUploadAndOneDownloadPerFrameAndNothingElse() {
        int frames = 5;
        List<byte[]> reference = pull("videotestsrc num-buffers=" + frames + " pattern=checkers-4 ! " + RGBA
                + " ! appsink name=sink", frames, null);
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        List<byte[]> out;
        try {
            out = pull("videotestsrc num-buffers=" + frames + " pattern=checkers-4 ! " + RGBA
                    + " ! glupload ! glshader name=sh ! gldownload ! appsink name=sink", frames, INVERT);
        } finally {
            CopyTracers.remove(copies);
        }
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < W * H * 4; i++) {
                int v = reference.get(f)[i] & 0xff;
                assertEquals((byte) ((i & 3) == 3 ? v : 255 - v), out.get(f)[i], "frame " + f + " byte " + i);
            }
        }
        assertEquals(frames, copies.count(CopyReason.UPLOAD), copies.toString());
        assertEquals(frames, copies.count(CopyReason.DOWNLOAD), copies.toString());
        assertEquals(2 * frames, copies.count(), "no other copy: " + copies);
    }

    /** Runs {@code description} (its appsink named sink) and returns the bytes of {@code frames} frames. */
    static List<byte[]> pull(String description, int frames, String fragment) {
        return pull(description, frames, fragment, null);
    }

    /** {@link #pull(String, int, String)} on {@code context} (null: the pipeline finds or makes one). */
    static List<byte[]> pull(String description, int frames, String fragment, GLContext context) {
        Pipeline p = LaunchParser.parse(description);
        if (context != null) {
            p.setContext(GLContext.CONTEXT_TYPE, context);
        }
        if (fragment != null) {
            p.byName("sh").set("fragment", fragment);
        }
        List<byte[]> out = new ArrayList<>();
        try {
            p.setState(State.PLAYING);
            AppSink sink = (AppSink) p.byName("sink");
            for (int f = 0; f < frames; f++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
                    assertNotNull(s, "frame " + f + " of " + description);
                    out.add(bytes(s.buffer()));
                }
            }
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
        }
        return out;
    }

    @Test
    void aProducerWritingIntoGluploadsPoolIsUploadedOnceWithoutACpuCopy() {
        Pipeline p = LaunchParser.parse("capsfilter name=cf caps=\"" + RGBA + "\" ! glupload name=up ! glshader name=sh ! "
                + "gldownload ! appsink name=sink");
        WritingSource src = new WritingSource(4);
        p.add(src);
        src.link(p.byName("cf"));
        p.byName("sh").set("fragment", INVERT);
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        try {
            p.setState(State.PLAYING);
            AppSink sink = (AppSink) p.byName("sink");
            for (int f = 0; f < 4; f++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
                    assertNotNull(s, "frame " + f);
                    byte[] got = bytes(s.buffer());
                    byte[] expected = pattern(f);
                    for (int i = 0; i < expected.length; i++) {
                        byte e = (i & 3) == 3 ? expected[i] : (byte) (255 - (expected[i] & 0xff));
                        assertEquals(e, got[i], "frame " + f + " byte " + i);
                    }
                }
            }
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
            CopyTracers.remove(copies);
        }
        assertEquals("glmemory", ((GLUpload) p.byName("up")).lastMethod(), "the source wrote into glupload's PBO pool");
        assertEquals(4, copies.count(CopyReason.UPLOAD), copies.toString());
        assertEquals(4, copies.count(CopyReason.DOWNLOAD), copies.toString());
        assertEquals(8, copies.count(), "no other copy: " + copies);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"identity, 255, 0, 0", "invert, 0, 255, 255", "grayscale, 54, 54, 54",
        "sepia, 82, 56, 33", "mirror, 255, 0, 0", "blur, 255, 0, 0"})
    void effectsOnASolidRedFrame(String effect, int r, int g, int b) {
        List<byte[]> out = pull("gltestsrc pattern=red num-buffers=1 ! video/x-raw(memory:GLMemory),width=16,height=8 ! "
                + "gleffects effect=" + effect + " ! gldownload ! appsink name=sink", 1, null);
        byte[] px = out.get(0);
        for (int i = 0; i < px.length; i += 4) {
            assertEquals(r, px[i] & 0xff, effect + " R of pixel " + i / 4);
            assertEquals(g, px[i + 1] & 0xff, effect + " G of pixel " + i / 4);
            assertEquals(b, px[i + 2] & 0xff, effect + " B of pixel " + i / 4);
            assertEquals(255, px[i + 3] & 0xff);
        }
    }

    @Test
    void mirrorReflectsTheLeftHalf() {
        List<byte[]> out = pull("gltestsrc pattern=smpte num-buffers=1 ! video/x-raw(memory:GLMemory),width=70,height=10 ! "
                + "gleffects effect=mirror ! gldownload ! appsink name=sink", 1, null);
        byte[] px = out.get(0);
        for (int x = 0; x < 35; x++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(px[x * 4 + c], px[(69 - x) * 4 + c], "column " + x + " mirrors column " + (69 - x));
            }
        }
        assertEquals((byte) 255, px[0], "the left edge keeps smpte's white bar");
    }

    @Test
    void gltestsrcIntoShaderIntoAGLSinkCopiesNothing() {
        Pipeline p = LaunchParser.parse("gltestsrc num-buffers=10 ! glshader ! gleffects effect=blur ! fakesink");
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        try {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
            CopyTracers.remove(copies);
        }
        assertEquals(0, copies.bytes(), copies.toString());
    }

    @Test
    void elementsOfAPipelineShareOneContextAndAnApplicationContextIsUsed() {
        GLContext app = GLTestSupport.context();
        Pipeline p = LaunchParser.parse("gltestsrc name=src num-buffers=2 ! glshader name=sh ! gldownload name=down ! "
                + "appsink name=sink");
        p.setContext(GLContext.CONTEXT_TYPE, app);
        try {
            p.setState(State.PLAYING);
            try (Sample s = ((AppSink) p.byName("sink")).pullSample(Duration.ofSeconds(20))) {
                assertSame(app, ((GLMemory) s.buffer().peekMemory(0)).context());
            }
        } finally {
            p.setState(State.NULL);
        }
        // Without one, the first element to start makes a context and the others get it.
        Pipeline q = LaunchParser.parse("gltestsrc name=src num-buffers=2 ! glshader name=sh ! gldownload name=down ! fakesink");
        List<Message.HaveContext> made = new ArrayList<>();
        q.bus().setSyncHandler(m -> {
            if (m instanceof Message.HaveContext h) {
                made.add(h);
            }
            return org.zeropipe.core.pipeline.Bus.SyncReply.PASS;
        });
        try {
            q.setState(State.PAUSED);
            assertEquals(1, made.size(), "one context made: " + made);
            Object c = made.get(0).context();
            for (String e : List.of("src", "sh", "down")) {
                assertSame(c, q.byName(e).context(GLContext.CONTEXT_TYPE), e);
            }
        } finally {
            q.setState(State.NULL);
        }
    }

    @Test
    void badGlslIsABusErrorQuotingTheLogWithLineNumbers() {
        Pipeline p = LaunchParser.parse("gltestsrc num-buffers=1 ! glshader name=sh ! fakesink");
        p.byName("sh").set("fragment", "out vec4 fragColor;\nvoid main() {\n    fragColor = vec4(undefined_thing);\n}\n");
        try {
            assertEquals(StateChangeReturn.FAILURE, p.setState(State.PAUSED));
            Message.Error e = (Message.Error) p.bus().pop(Duration.ofSeconds(10), Message.Error.class);
            assertNotNull(e);
            assertEquals("sh", e.source().name());
            assertTrue(e.text().contains("fragment shader did not compile"), e.text());
            assertTrue(e.text().contains("undefined_thing"), "quotes the GLSL log: " + e.text());
            int line = GLTestSupport.context().api().shaderHeader().split("\n").length + 3; // after the API's header
            assertTrue(e.text().contains(String.format("%4d |     fragColor = vec4(undefined_thing);", line)),
                    "numbered source: " + e.text());
        } finally {
            p.setState(State.NULL);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** RGBA bytes of frame f: every byte a function of its index and the frame. */
    static byte[] pattern(int f) {
        byte[] b = new byte[W * H * 4];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + f * 13 + (i >> 8));
        }
        return b;
    }

    static org.zeropipe.core.memory.Memory frame(int f) {
        var m = org.zeropipe.core.memory.Allocators.defaultAllocator().alloc(W * H * 4);
        try (Mapping w = m.map(MapFlags.WRITE)) {
            MemorySegment.copy(MemorySegment.ofArray(pattern(f)), 0, w.segment(), 0, W * H * 4);
        }
        return m;
    }

    static byte[] bytes(Buffer b) {
        try (Mapping r = b.map(MapFlags.READ)) {
            return r.segment().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** A source that writes each frame into a buffer of the negotiated pool (as videotestsrc does). */
    static final class WritingSource extends BaseSource {
        private final int frames;
        private int made;

        WritingSource(int frames) {
            super("writer", PadTemplate.src(Caps.parse(RGBA)));
            this.frames = frames;
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        protected FlowReturn create(Buffer[] out) {
            if (made == frames) {
                return FlowReturn.EOS;
            }
            Buffer b = allocateBuffer(W * H * 4);
            if (b == null) {
                return FlowReturn.FLUSHING;
            }
            try (Mapping w = b.map(MapFlags.WRITE)) {
                MemorySegment.copy(MemorySegment.ofArray(pattern(made)), 0, w.segment(), 0, W * H * 4);
            }
            made++;
            out[0] = b;
            return FlowReturn.OK;
        }
    }
}
