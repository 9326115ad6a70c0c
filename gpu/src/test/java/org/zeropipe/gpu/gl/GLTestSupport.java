package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One GL context for the tests of a JVM (made once; skipped with the reason when EGL cannot make
 * one), and GStreamer's output as a reference.
 */
final class GLTestSupport {

    private static GLContext shared;
    private static String failure;
    private static final java.util.Map<GLApi, Object> PER_API = new java.util.EnumMap<>(GLApi.class); // context or why not

    private GLTestSupport() {
    }

    static synchronized GLContext context() {
        if (shared == null && failure == null) {
            try {
                shared = GLContext.create();
            } catch (GLException e) {
                failure = e.getMessage();
            }
        }
        assumeTrue(shared != null, () -> "no GL context on this machine: " + failure);
        return shared;
    }

    /**
     * A context of exactly {@code api}, one per API for the JVM (skipped, saying why, where EGL
     * cannot make one), for tests parametrized over the API: hand it to a pipeline with
     * {@code setContext(GLContext.CONTEXT_TYPE, ...)}.
     */
    static synchronized GLContext context(GLApi api) {
        Object c = PER_API.computeIfAbsent(api, a -> {
            GLDisplay d = GLDisplay.open();
            try {
                return GLContext.create(d, a);
            } catch (GLException e) {
                return e.getMessage();
            } finally {
                d.unref();
            }
        });
        assumeTrue(c instanceof GLContext, () -> "no " + api + " context on this machine: " + c);
        return (GLContext) c;
    }

    /**
     * Runs {@code gst-launch-1.0 -q PIPELINE ! filesink location=FILE} and returns the file's bytes;
     * skips when GStreamer is absent. GStreamer's GL elements use EGL without a window, as in ci/bench.
     */
    static byte[] gstreamer(Path file, String pipeline) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "gst-launch-1.0 -q " + pipeline + " ! filesink location=" + file);
        pb.environment().put("GST_GL_WINDOW", "egl-device");
        pb.environment().put("GST_GL_PLATFORM", "egl");
        try {
            Process proc = pb.redirectErrorStream(true).start();
            String log = new String(proc.getInputStream().readAllBytes());
            assumeTrue(proc.waitFor(60, TimeUnit.SECONDS), "gst-launch-1.0 did not finish");
            assumeTrue(proc.exitValue() != 127, "gst-launch-1.0 is not installed");
            assertEquals(0, proc.exitValue(), "gst-launch-1.0 failed: " + log);
        } catch (IOException e) {
            assumeTrue(false, "cannot run gst-launch-1.0: " + e.getMessage());
        }
        return Files.readAllBytes(file);
    }
}
