package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** glcolorconvert within ±1 of GStreamer's videoconvert (gst-launch-1.0 runs the reference). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLColorConvertTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "RGBA to {0} at {1}x{2}")
    @CsvSource({"NV12, 40, 30", "I420, 40, 30", "YV12, 40, 30", "YUY2, 40, 30", "UYVY, 40, 30", "BGRA, 40, 30",
        "BGRx, 40, 30", "RGBx, 40, 30", "GRAY8, 40, 30"})
    void fromRandomRgba(String format, int w, int h) throws Exception {
        GLTestSupport.context();
        byte[] rgba = new byte[w * h * 4];
        new Random(7).nextBytes(rgba);
        for (int i = 3; i < rgba.length; i += 4) {
            rgba[i] = (byte) 255; // videoconvert drops alpha into x formats; keep it opaque
        }
        compare(rgba, "rgba", w, h, format);
    }

    @ParameterizedTest(name = "GRAY8 to RGBA")
    @CsvSource({"GRAY8"})
    void fromGray(String format) throws Exception {
        GLTestSupport.context();
        byte[] in = new byte[40 * 30];
        new Random(5).nextBytes(in);
        compare(in, "gray8", 40, 30, "RGBA");
    }

    /**
     * YUV in, random luma and one chroma value over the frame, against a CPU reference of BT.601
     * limited range (the default colorimetry at this size). Not against videoconvert: it
     * interpolates chroma when upsampling and its fixed-point YUV→RGB differs by up to 4 from
     * the exact formula (see docs/gl.md).
     */
    @ParameterizedTest(name = "{0} to RGBA")
    @CsvSource({"I420", "NV12", "YUY2"})
    void fromYuvWithFlatChroma(String format) throws Exception {
        GLTestSupport.context();
        int w = 40;
        int h = 30;
        Random r = new Random(11);
        byte[] in = switch (format) {
            case "I420" -> planar(r, w, h, false);
            case "NV12" -> planar(r, w, h, true);
            case "YUY2" -> {
                byte[] b = new byte[w * h * 2];
                for (int i = 0; i < b.length; i += 4) {
                    b[i] = (byte) (16 + r.nextInt(220));
                    b[i + 1] = (byte) 90;
                    b[i + 2] = (byte) (16 + r.nextInt(220));
                    b[i + 3] = (byte) 170;
                }
                yield b;
            }
            default -> throw new IllegalArgumentException(format);
        };
        byte[] expected = new byte[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            int y = format.equals("YUY2") ? in[(i / 2) * 4 + (i % 2) * 2] & 0xff : in[i] & 0xff;
            double l = (y - 16) / 219.0;
            double cb = (90 - 128) / 224.0;
            double cr = (170 - 128) / 224.0;
            double red = l + 2 * (1 - 0.299) * cr;
            double blue = l + 2 * (1 - 0.114) * cb;
            double green = (l - 0.299 * red - 0.114 * blue) / 0.587;
            double[] c = {red, green, blue, 1};
            for (int k = 0; k < 4; k++) {
                expected[i * 4 + k] = (byte) Math.round(255 * Math.min(1, Math.max(0, c[k])));
            }
        }
        Path in2 = dir.resolve("in.raw");
        Files.write(in2, in);
        byte[] got = convert(in2, format.toLowerCase(Locale.ROOT), w, h, "RGBA");
        assertWithinOne(got, expected, format + " to RGBA (CPU reference)");
    }

    private static byte[] planar(Random r, int w, int h, boolean nv12) {
        byte[] b = new byte[w * h * 3 / 2];
        for (int i = 0; i < w * h; i++) {
            b[i] = (byte) (16 + r.nextInt(220));
        }
        for (int i = w * h; i < b.length; i++) {
            boolean u = nv12 ? (i - w * h) % 2 == 0 : i < w * h + w * h / 4;
            b[i] = (byte) (u ? 90 : 170);
        }
        return b;
    }

    private void compare(byte[] input, String inFormat, int w, int h, String outFormat) throws Exception {
        Path in = dir.resolve("in.raw");
        Files.write(in, input);
        String src = "filesrc location=" + in + " ! rawvideoparse format=" + inFormat + " width=" + w + " height=" + h
                + " framerate=1/1";
        Path ref = dir.resolve("ref.raw");
        gst(src + " ! videoconvert ! video/x-raw,format=" + outFormat + " ! filesink location=" + ref);
        assertWithinOne(convert(in, inFormat, w, h, outFormat), Files.readAllBytes(ref),
                inFormat + " to " + outFormat + " (videoconvert)");
    }

    /** Runs the file through glupload ! glcolorconvert ! gldownload and returns the output bytes. */
    private byte[] convert(Path in, String inFormat, int w, int h, String outFormat) throws IOException {
        Path got = dir.resolve("got.raw");
        Pipeline p = LaunchParser.parse("filesrc location=" + in + " ! rawvideoparse format=" + inFormat + " width=" + w
                + " height=" + h + " framerate=1/1 ! glupload ! glcolorconvert ! video/x-raw(memory:GLMemory),format="
                + outFormat + " ! gldownload ! filesink location=" + got);
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
            assertTrue(m instanceof Message.Eos, "pipeline ended with " + m);
        } finally {
            p.setState(State.NULL);
        }
        return Files.readAllBytes(got);
    }

    private static void assertWithinOne(byte[] a, byte[] b, String what) {
        assertEquals(b.length, a.length, what + ": frame size");
        int worst = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        int where = at;
        assertTrue(worst <= 1, () -> what + ": byte " + where + " is " + (a[where] & 0xff) + ", expected "
                + (b[where] & 0xff));
    }

    private static void gst(String pipeline) throws IOException, InterruptedException {
        Process proc;
        try {
            proc = new ProcessBuilder("sh", "-c", "gst-launch-1.0 -q " + pipeline).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "cannot run gst-launch-1.0: " + e.getMessage());
            return;
        }
        String log = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "gst-launch-1.0 did not finish");
        assumeTrue(proc.exitValue() != 127, "gst-launch-1.0 is not installed");
        assertEquals(0, proc.exitValue(), "gst-launch-1.0 failed: " + log);
    }
}
