package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

/** Choosing GL or GLES: the override, the fallback, and GLES specifics (shader header, staging without buffer storage). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLApiTest {

    private static final String GL96 = "video/x-raw(memory:GLMemory),format=RGBA,width=96,height=64";

    @Test
    void theOverrideNamesTheApiAndAnUnknownNameIsAClearError() {
        assertEquals(GLApi.OPENGL, GLApi.parse("gl"));
        assertEquals(GLApi.OPENGL, GLApi.parse(" OpenGL "));
        assertEquals(GLApi.GLES, GLApi.parse("gles"));
        String old = System.getProperty("zeropipe.gl.api");
        System.setProperty("zeropipe.gl.api", "vulkan");
        try {
            GLException e = assertThrows(GLException.class, GLContext::create);
            assertTrue(e.getMessage().contains("zeropipe.gl.api: unknown GL API 'vulkan': expected opengl (or gl) or gles"),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("zeropipe.gl.api");
            } else {
                System.setProperty("zeropipe.gl.api", old);
            }
        }
    }

    @Test
    void aGlesContextSpeaksGlslEsWithPrecisions() {
        GLContext c = GLTestSupport.context(GLApi.GLES);
        assertEquals(GLApi.GLES, c.api());
        assertTrue(c.call(() -> org.lwjgl.opengl.GL11.glGetString(org.lwjgl.opengl.GL11.GL_VERSION)).startsWith("OpenGL ES 3"));
        assertTrue(GLApi.GLES.shaderHeader().startsWith("#version 300 es\nprecision highp float;"));
        // a program with integer arithmetic compiles under the header (no default int precision needed)
        c.run(() -> GLShader.compile(c, null, "in vec2 v_texcoord; out vec4 fragColor; uniform sampler2D tex;\n"
                + "void main() { ivec2 p = ivec2(gl_FragCoord.xy); fragColor = texelFetch(tex, p / 2, 0); }").delete());
    }

    /**
     * Where desktop GL 4.5 cannot be had (here Mesa told to offer only GL 4.1), the context is
     * GLES 3 and the GL elements run on it. A fresh JVM: the override is read from the environment.
     */
    @Test
    void withoutDesktopGL45TheContextFallsBackToGlesAndPipelinesRun() throws Exception {
        assumeTrue(GLTestSupport.context().renderer().contains("llvmpipe"), "needs Mesa's version override");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dorg.lwjgl.opengl.contextAPI=EGL",
                "-cp", System.getProperty("java.class.path"), FallbackProbe.class.getName()).redirectErrorStream(true);
        pb.environment().put("MESA_GL_VERSION_OVERRIDE", "4.1");
        pb.environment().remove("ZEROPIPE_GL_API");
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "the probe hung: " + out);
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("RESULT gles, 1 frame of 64 x 48"), out);
    }

    /** Makes a context the default way, then runs gltestsrc through gldownload on it. */
    public static final class FallbackProbe {
        public static void main(String[] args) {
            GLContext c = GLContext.create();
            try {
                byte[] frame = GLPipelineTest.pull("gltestsrc num-buffers=1 ! video/x-raw(memory:GLMemory),width=64,height=48"
                        + " ! gldownload ! appsink name=sink", 1, null, c).get(0);
                System.out.println("RESULT " + c.api().name().toLowerCase() + ", 1 frame of " + frame.length / 4 / 48 + " x 48");
            } finally {
                c.unref();
            }
        }
    }

    /**
     * Without persistent buffer mapping (GLES without EXT_buffer_storage; forced here) a frame
     * still costs exactly one upload and one download, staged through client memory.
     */
    @Test
    void withoutPersistentMappingTransfersStageThroughClientMemoryOncePerFrame() {
        GLContext c = GLTestSupport.context(GLApi.GLES);
        String old = System.getProperty("zp.nopbo");
        System.setProperty("zp.nopbo", "true");
        CopyCounter copies = new CopyCounter();
        CopyTracers.add(copies);
        Pipeline p = LaunchParser.parse("appsrc name=src caps=\"" + GLPipelineTest.RGBA + "\" ! glupload ! glshader name=sh ! "
                + "gldownload ! appsink name=sink");
        p.setContext(GLContext.CONTEXT_TYPE, c);
        p.byName("sh").set("fragment", GLPipelineTest.INVERT);
        int frames = 2;
        try {
            p.setState(State.PLAYING);
            AppSrc src = (AppSrc) p.byName("src");
            for (int f = 0; f < frames; f++) {
                src.pushBuffer(Buffer.wrap(GLPipelineTest.frame(f)));
            }
            src.endOfStream();
            AppSink sink = (AppSink) p.byName("sink");
            for (int f = 0; f < frames; f++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(20))) {
                    assertNotNull(s, "frame " + f);
                    byte[] got = GLPipelineTest.bytes(s.buffer());
                    byte[] in = GLPipelineTest.pattern(f);
                    for (int i = 0; i < in.length; i++) {
                        byte e = (i & 3) == 3 ? in[i] : (byte) (255 - (in[i] & 0xff));
                        assertEquals(e, got[i], "frame " + f + " byte " + i);
                    }
                }
            }
        } finally {
            p.setState(State.NULL);
            CopyTracers.remove(copies);
            if (old == null) {
                System.clearProperty("zp.nopbo");
            } else {
                System.setProperty("zp.nopbo", old);
            }
        }
        assertEquals(frames, copies.count(CopyReason.UPLOAD), copies.toString());
        assertEquals(frames, copies.count(CopyReason.DOWNLOAD), copies.toString());
        assertEquals(2 * frames, copies.count(), "no other copy: " + copies);
    }

    /** The GL elements give the same bytes on a GLES context as on a GL one. */
    @ParameterizedTest
    @ValueSource(strings = {
        "gltestsrc pattern=smpte num-buffers=2 ! " + GL96 + " ! glcolorconvert ! video/x-raw(memory:GLMemory),format=NV12",
        "gltestsrc pattern=smpte num-buffers=2 ! " + GL96 + " ! glcolorconvert ! video/x-raw(memory:GLMemory),format=YUY2",
        "videotestsrc pattern=smpte num-buffers=2 ! video/x-raw,format=I420,width=96,height=64 ! glupload ! glcolorconvert ! "
            + GL96,
        "gltestsrc pattern=smpte num-buffers=2 ! " + GL96 + " ! gleffects effect=sepia",
        "gltestsrc pattern=checkers-2 num-buffers=2 ! " + GL96 + " ! gleffects effect=blur",
        "gltestsrc pattern=smpte num-buffers=2 ! " + GL96 + " ! gltransformation rotation-x=30 rotation-z=10"})
    void elementsGiveTheSameBytesOnGlesAsOnGl(String chain) {
        GLContext gl = GLTestSupport.context(GLApi.OPENGL);
        GLContext gles = GLTestSupport.context(GLApi.GLES);
        String description = chain + " ! gldownload ! appsink name=sink";
        List<byte[]> a = GLPipelineTest.pull(description, 2, null, gl);
        List<byte[]> b = GLPipelineTest.pull(description, 2, null, gles);
        for (int f = 0; f < 2; f++) {
            assertEquals(a.get(f).length, b.get(f).length);
            for (int i = 0; i < a.get(f).length; i++) {
                int d = Math.abs((a.get(f)[i] & 0xff) - (b.get(f)[i] & 0xff));
                assertTrue(d <= 1, "frame " + f + " byte " + i + ": GL " + (a.get(f)[i] & 0xff) + ", GLES " + (b.get(f)[i] & 0xff));
            }
        }
    }

    /** glimagesink draws (offscreen: the context handed in is surfaceless) on GLES until EOS. */
    @Test
    void glimagesinkRunsOnGles() {
        Pipeline p = LaunchParser.parse("gltestsrc num-buffers=3 ! " + GL96 + " ! glimagesink sync=false");
        p.setContext(GLContext.CONTEXT_TYPE, GLTestSupport.context(GLApi.GLES));
        try {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(30), Message.Eos.class, Message.Error.class));
        } finally {
            p.setState(State.NULL);
        }
    }

    /**
     * On a GLES context LWJGL loads only GL ≤ 3.2's entry points, and calling one it did not
     * load aborts the JVM: GL code must reach later functions (samplers, texture storage, buffer
     * storage ...) through {@link GLApi}. This keeps that rule for every source of the package.
     */
    @Test
    void glCodeCallsNoDesktopGlFunctionNewerThan32ExceptThroughGLApi() throws Exception {
        Path dir = Path.of("src/main/java/org/zeropipe/gpu/gl");
        assumeTrue(java.nio.file.Files.isDirectory(dir), "sources not found from " + Path.of("").toAbsolutePath());
        java.util.regex.Pattern newer = java.util.regex.Pattern.compile("GL(3[3-9]|4[0-9])C?\\.(gl[A-Z]\\w*)");
        List<String> found = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                if (f.getFileName().toString().equals("GLApi.java")) {
                    continue;
                }
                var m = newer.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    found.add(f.getFileName() + ": GL" + m.group(1) + "." + m.group(2));
                }
            }
        }
        assertTrue(found.isEmpty(), "not loaded on GLES contexts, call them through context.api() (GLApi): " + found);
    }

    /** Mesa's GLES 3.2 has EXT_buffer_storage: GL memory maps its PBOs persistently there too. */
    @Test
    void glesOnMesaMapsPixelBuffersPersistently() {
        GLContext gles = GLTestSupport.context(GLApi.GLES);
        assumeTrue(gles.renderer().contains("llvmpipe"), "Mesa llvmpipe only");
        assertTrue(gles.persistentMapping());
        assertTrue(GLTestSupport.context(GLApi.OPENGL).persistentMapping());
    }
}
