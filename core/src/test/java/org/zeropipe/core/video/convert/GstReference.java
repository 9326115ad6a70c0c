package org.zeropipe.core.video.convert;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs gst-launch-1.0 to make reference frames, and reads back what caps it negotiated. */
final class GstReference {

    private GstReference() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("gst-launch-1.0", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void assumeAvailable() {
        assumeTrue(available(), "gst-launch-1.0 is not installed: skipping the comparison with GStreamer");
    }

    /** Runs a pipeline with -v and returns its output (caps lines included). */
    static String launch(String pipeline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-v"));
        cmd.addAll(List.of(pipeline.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gst-launch-1.0 " + pipeline + " failed:\n" + out);
        }
        return out;
    }

    /** The caps that {@code element}'s {@code pad} carried, from gst-launch -v output. */
    static String caps(String verbose, String element, String pad) {
        Matcher m = Pattern.compile("/" + Pattern.quote(element) + "\\.GstPad:" + pad + ": caps = (.*)").matcher(verbose);
        if (!m.find()) {
            throw new IllegalStateException("no caps for " + element + "." + pad + " in:\n" + verbose);
        }
        return m.group(1).trim();
    }

    static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
