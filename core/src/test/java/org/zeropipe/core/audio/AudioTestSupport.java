package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** Runs a pipeline text on GStreamer (gst-launch-1.0 ... ! filesink) and on zeropipe (... ! fakesink). */
final class AudioTestSupport {

    private AudioTestSupport() {
    }

    /** The bytes {@code pipeline} produces on GStreamer; skips the test when gst-launch-1.0 is absent. */
    static byte[] gst(String pipeline) throws Exception {
        Path out = Files.createTempFile("zp-audio-gst", ".raw");
        try {
            List<String> cmd = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
            for (String t : (pipeline + " ! filesink location=" + out).split(" ")) {
                cmd.add(t);
            }
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                Assumptions.abort("gst-launch-1.0 is not installed (ci/setup installs it): " + e.getMessage());
                return null;
            }
            byte[] log = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("gst-launch-1.0 " + pipeline + " failed: " + new String(log));
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The bytes {@code pipeline} produces on zeropipe, collected by a fakesink at its end. */
    static byte[] zeropipe(String pipeline) {
        Pipeline p = LaunchParser.parse(pipeline + " ! fakesink name=zpcollect");
        FakeSink sink = (FakeSink) p.byName("zpcollect");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sink.setHandoff(b -> bytes.writeBytes(b.extractBytes(0, b.size())));
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(30), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, () -> "pipeline failed: " + m);
        } finally {
            p.setState(State.NULL);
        }
        return bytes.toByteArray();
    }

    static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    static short[] shorts(byte[] b) {
        short[] s = new short[b.length / 2];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

}
