package org.zeropipe.core.video;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real GStreamer as the reference: runs a python3-gst script or a gst-launch-1.0 line and
 * returns what it printed or wrote. A test that needs it is skipped, with a message, where
 * GStreamer is absent; a failing run fails the test with GStreamer's own output.
 */
final class GstReference {

    private GstReference() {
    }

    /** True when {@code gst-launch-1.0} runs. */
    static boolean hasLaunch() {
        return runs(List.of("gst-launch-1.0", "--version"));
    }

    /** A python3 that can import GStreamer's video library (the system one when PATH's lacks gi), or null. */
    static String python() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (runs(List.of(candidate, "-c", "import gi; gi.require_version('GstVideo', '1.0'); "
                    + "from gi.repository import GstVideo"))) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs {@code script} (python3, GStreamer imported as Gst and GstVideo and initialised) and returns its stdout lines. */
    static List<String> python(String script) {
        String python = python();
        assumeTrue(python != null, "python3 with GStreamer's GstVideo (python3-gst-1.0) not found; skipping");
        String prelude = """
                import gi, sys
                gi.require_version('Gst', '1.0'); gi.require_version('GstVideo', '1.0')
                from gi.repository import Gst, GstVideo, GObject
                Gst.init(None)
                """;
        return run(List.of(python, "-c", prelude + script));
    }

    /**
     * Runs {@code gst-launch-1.0 -q} with {@code pipeline} (split on spaces; no quoting needed
     * for the pipelines tests use).
     */
    static void launch(String pipeline) {
        assumeTrue(hasLaunch(), "gst-launch-1.0 not found; skipping the comparison with GStreamer");
        List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        cmd.addAll(List.of(pipeline.trim().split("\\s+")));
        run(cmd);
    }

    /** Runs a pipeline ending in {@code filesink location=FILE} and returns the file's bytes. */
    static byte[] launchToFile(String pipelineWithoutSink, Path file) {
        launch(pipelineWithoutSink + " ! filesink location=" + file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean runs(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> run(List<String> cmd) {
        try {
            Path err = Files.createTempFile("gst-ref", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("GStreamer reference timed out: " + cmd);
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("GStreamer reference failed (exit " + p.exitValue() + "): " + cmd + "\n"
                            + out + Files.readString(err));
                }
                return out.lines().toList();
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
