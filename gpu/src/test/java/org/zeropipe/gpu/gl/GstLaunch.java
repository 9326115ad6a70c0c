package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** GStreamer's output for reference: gst-launch-1.0 with its GL elements on EGL headless. */
final class GstLaunch {

    private GstLaunch() {
    }

    /**
     * Runs {@code gst-launch-1.0 -q pipeline} (which writes {@code out}, a filesink location)
     * and returns the bytes of {@code out}; skips the test when GStreamer is absent.
     */
    static byte[] output(String pipeline, Path out) throws IOException, InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", "gst-launch-1.0 -q " + pipeline);
            pb.environment().put("GST_GL_WINDOW", "egl-device");
            pb.environment().put("GST_GL_PLATFORM", "egl");
            Process proc = pb.redirectErrorStream(true).start();
            String log = new String(proc.getInputStream().readAllBytes());
            assumeTrue(proc.waitFor(60, TimeUnit.SECONDS), "gst-launch-1.0 did not finish");
            assumeTrue(proc.exitValue() != 127, "gst-launch-1.0 is not installed");
            assertEquals(0, proc.exitValue(), "gst-launch-1.0 failed: " + log);
        } catch (IOException e) {
            assumeTrue(false, "cannot run gst-launch-1.0: " + e.getMessage());
        }
        return Files.readAllBytes(out);
    }

    /**
     * Asserts that RGBA frame {@code ours} ({@code width} pixels a row) equals GStreamer's
     * bytes at {@code offset} of {@code reference}, naming the first pixel that differs.
     */
    static void assertSameFrame(byte[] ours, byte[] reference, int offset, int width, String what) {
        for (int i = 0; i < ours.length; i++) {
            if (ours[i] != reference[offset + i]) {
                fail(what + " pixel (" + (i / 4) % width + ", " + (i / 4) / width + ") channel " + i % 4 + ": "
                        + (ours[i] & 0xff) + " but GStreamer " + (reference[offset + i] & 0xff));
            }
        }
    }
}
