package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.convert.ConvertSide;
import org.zeropipe.core.video.convert.FramePlanes;
import org.zeropipe.core.video.convert.VideoConverter;

/**
 * glcolorconvert within ±1 of videoconvert, per channel: every pair of its ten formats, at an
 * odd size and at 720p (the two default chroma sitings), with several colorimetries, on a SMPTE
 * frame and a frame of random bytes. The reference is core's {@link VideoConverter} (which
 * reproduces GStreamer 1.22's videoconvert bit exactly); a few pairs are also checked against
 * gst-launch-1.0's videoconvert itself.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLColorConvertTest {

    private static final List<String> FORMATS = List.of("RGBA", "BGRA", "RGBx", "BGRx", "GRAY8", "NV12", "I420", "YV12",
            "YUY2", "UYVY");
    /** SMPTE frames by input caps, made once per JVM. */
    private static final Map<String, byte[]> SMPTE = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        List<Arguments> a = new ArrayList<>();
        for (String in : FORMATS) {
            for (String out : FORMATS) {
                if (!in.equals(out)) {
                    a.add(Arguments.of(in, out));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} to {1} at 37x27")
    @MethodSource("pairs")
    void everyPairAtAnOddSize(String in, String out) {
        check(in, "", out, "", 37, 27);
    }

    @ParameterizedTest(name = "{0} to {1} at 1280x720")
    @MethodSource("pairs")
    void everyPairAt720p(String in, String out) {
        check(in, "", out, "", 1280, 720);
    }

    /** Colorimetries: range:matrix:transfer:primaries ("1:4:0:0" is BT.601 full range). */
    @ParameterizedTest(name = "{0} {1} to {2} {3} at {4}x{5}")
    @CsvSource({"RGBA, , NV12, bt709, 37, 27", "RGBA, , I420, 1:4:0:0, 37, 27", "RGBA, , YUY2, 1:3:5:1, 37, 27",
        "RGBA, , UYVY, bt2020, 37, 27", "RGBA, , YV12, 1:4:0:0, 1280, 720", "BGRx, , NV12, 1:3:5:1, 1280, 720",
        "NV12, bt709, RGBA, , 37, 27", "I420, 1:4:0:0, BGRA, , 37, 27", "YUY2, 1:3:5:1, RGBx, , 37, 27",
        "UYVY, bt2020, RGBA, , 37, 27", "YV12, 1:3:5:1, RGBA, , 1280, 720", "NV12, 1:4:0:0, BGRx, , 1280, 720",
        "I420, bt601, NV12, bt709, 37, 27", "NV12, bt709, YUY2, 1:4:0:0, 37, 27", "UYVY, bt2020, I420, bt601, 37, 27",
        "YUY2, bt601, NV12, bt709, 1280, 720", "RGBA, , GRAY8, , 1280, 720"})
    void colorimetries(String in, String inColor, String out, String outColor, int w, int h) {
        check(in, inColor == null ? "" : inColor, out, outColor == null ? "" : outColor, w, h);
    }

    /**
     * Against GStreamer's own videoconvert (gst-launch-1.0), random bytes in, converting to the caps
     * glcolorconvert negotiated. 4:2:2 output at even widths only: for an odd width GStreamer fills the
     * missing second Y of the last pair with whatever its line buffers held (core writes 0, as do we).
     */
    @ParameterizedTest(name = "{0} to {1} at {2}x{3} (gst-launch-1.0)")
    @CsvSource({"RGBA, NV12, 1280, 720", "NV12, RGBA, 37, 27", "I420, YUY2, 38, 27", "YUY2, I420, 37, 27",
        "UYVY, BGRx, 1280, 720", "NV12, UYVY, 38, 27", "BGRA, YV12, 37, 27"})
    void againstGstreamer(String in, String out, int w, int h) throws Exception {
        GLTestSupport.context();
        VideoInfo info = VideoInfo.fromCaps(Caps.parse(rawCaps(in, "", w, h)));
        byte[] input = new byte[(int) info.size()];
        new Random(3).nextBytes(input);
        Path file = dir.resolve("in.raw");
        Files.write(file, input);
        Run r = convert(rawCaps(in, "", w, h), out, "", List.of(input));
        // GStreamer's videoconvert to the caps glcolorconvert negotiated (its siting and colorimetry).
        VideoInfo vout = VideoInfo.fromCaps(r.outCaps());
        String outCaps = "video/x-raw,format=" + out + vout.colorimetry().toCapsString().map(c -> ",colorimetry=" + c).orElse("")
                + (vout.format().isYuv() ? ",chroma-site=" + vout.chromaSite().toCapsString() : "");
        Path ref = dir.resolve("ref.raw");
        gst("filesrc location=" + file + " ! rawvideoparse format=" + in.toLowerCase(Locale.ROOT) + " width=" + w
                + " height=" + h + " framerate=1/1 ! videoconvert ! " + outCaps + " ! filesink location=" + ref);
        assertWithinOne(r.frames().getFirst(), Files.readAllBytes(ref), GLVideoInfo.of(r.outCaps()),
                in + " to " + out + " at " + w + "x" + h + " (gst-launch-1.0 videoconvert)");
    }

    /** A format glcolorconvert cannot write: the link fails naming the format and what it can produce. */
    @ParameterizedTest(name = "to {0} is refused")
    @CsvSource({"Y444", "NV21"})
    void unsupportedFormatIsNamed(String format) {
        GLTestSupport.context();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> LaunchParser.parse("gltestsrc num-buffers=1 ! glcolorconvert ! video/x-raw(memory:GLMemory),format="
                        + format + " ! fakesink"));
        assertTrue(e.getMessage().contains("format") && e.getMessage().contains(format) && e.getMessage().contains("NV12"),
                e.getMessage());
    }

    /** Converts a SMPTE frame and a noise frame on the GPU and compares them with VideoConverter's. */
    private void check(String in, String inColor, String out, String outColor, int w, int h) {
        GLTestSupport.context();
        String inCaps = rawCaps(in, inColor, w, h);
        VideoInfo info = VideoInfo.fromCaps(Caps.parse(inCaps));
        byte[] noise = new byte[(int) info.size()];
        new Random(w * 31 + h).nextBytes(noise);
        List<byte[]> inputs = List.of(smpte(inCaps), noise);
        Run r = convert(inCaps, out, outColor, inputs);
        VideoInfo vin = VideoInfo.fromCaps(r.inCaps());
        VideoInfo vout = VideoInfo.fromCaps(r.outCaps());
        VideoConverter reference = VideoConverter.create(ConvertSide.of(vin), ConvertSide.of(vout));
        String[] names = {"smpte", "noise"};
        for (int f = 0; f < inputs.size(); f++) {
            byte[] expected = new byte[(int) vout.size()];
            reference.convert(FramePlanes.of(vin, MemorySegment.ofArray(inputs.get(f))),
                    FramePlanes.of(vout, MemorySegment.ofArray(expected)), 1);
            assertWithinOne(r.frames().get(f), expected, GLVideoInfo.of(r.outCaps()),
                    names[f] + " " + r.inCaps() + " to " + r.outCaps() + " (VideoConverter, " + reference.path() + ")");
        }
    }

    private static String rawCaps(String format, String color, int w, int h) {
        return "video/x-raw,format=" + format + ",width=" + w + ",height=" + h + ",framerate=1/1"
                + (color.isEmpty() ? "" : ",colorimetry=" + color);
    }

    /** videotestsrc's SMPTE frame in {@code caps}. */
    private static byte[] smpte(String caps) {
        return SMPTE.computeIfAbsent(caps, c -> {
            List<byte[]> got = new ArrayList<>();
            Pipeline p = LaunchParser.parse("videotestsrc pattern=smpte num-buffers=1 ! videoconvert ! " + c + " ! fakesink name=out");
            ((FakeSink) p.byName("out")).setHandoff(b -> got.add(b.extractBytes(0, b.size())));
            run(p);
            return got.getFirst();
        });
    }

    /** The frames out of appsrc ! glupload ! glcolorconvert ! gldownload, and the caps the converter negotiated. */
    private record Run(Caps inCaps, Caps outCaps, List<byte[]> frames) {
    }

    private static Run convert(String inCaps, String out, String outColor, List<byte[]> inputs) {
        Pipeline p = LaunchParser.parse("appsrc name=in caps=\"" + inCaps + "\" ! glupload ! glcolorconvert name=cc"
                + " ! video/x-raw(memory:GLMemory),format=" + out + (outColor.isEmpty() ? "" : ",colorimetry=" + outColor)
                + " ! gldownload ! fakesink name=out");
        List<byte[]> frames = new ArrayList<>();
        ((FakeSink) p.byName("out")).setHandoff(b -> frames.add(b.extractBytes(0, b.size())));
        AppSrc src = (AppSrc) p.byName("in");
        for (byte[] frame : inputs) {
            Buffer b = Buffer.allocate(frame.length);
            b.fill(0, frame);
            src.pushBuffer(b);
        }
        src.endOfStream();
        Element cc = p.byName("cc");
        Caps[] caps = new Caps[2];
        run(p, () -> {
            caps[0] = cc.staticPad("sink").currentCaps();
            caps[1] = cc.staticPad("src").currentCaps();
        });
        assertEquals(inputs.size(), frames.size(), "frames out");
        return new Run(caps[0], caps[1], frames);
    }

    private static void run(Pipeline p) {
        run(p, () -> { });
    }

    /** Plays to EOS (asserted), then {@code atEos} before the pipeline stops. */
    private static void run(Pipeline p, Runnable atEos) {
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(120), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, "pipeline ended with " + m);
            atEos.run();
        } finally {
            p.setState(State.NULL);
        }
    }

    /**
     * Compares the pixel bytes of each plane (row padding left out), channel by channel (a plane
     * and a byte of its texel); on failure prints each failing channel's histogram of differences.
     */
    private static void assertWithinOne(byte[] got, byte[] expected, GLVideoInfo layout, String what) {
        assertEquals(layout.size(), got.length, what + ": frame size");
        long[] offsets = layout.offsets();
        List<String> failures = new ArrayList<>();
        for (int pl = 0; pl < layout.planes().size(); pl++) {
            GLVideoInfo.Plane plane = layout.planes().get(pl);
            int bpp = plane.textureFormat().bytesPerPixel();
            List<TreeMap<Integer, Integer>> hist = new ArrayList<>();
            for (int c = 0; c < bpp; c++) {
                hist.add(new TreeMap<>());
            }
            int worst = 0;
            String where = "";
            for (int y = 0; y < plane.height(); y++) {
                for (int x = 0; x < plane.width() * bpp; x++) {
                    int i = (int) (offsets[pl] + (long) y * plane.stride() + x);
                    int d = (got[i] & 0xff) - (expected[i] & 0xff);
                    hist.get(x % bpp).merge(d, 1, Integer::sum);
                    if (Math.abs(d) > worst) {
                        worst = Math.abs(d);
                        where = "texel (" + x / bpp + ", " + y + ") byte " + x % bpp + " is " + (got[i] & 0xff)
                                + ", expected " + (expected[i] & 0xff);
                    }
                }
            }
            if (worst > 1) {
                StringBuilder s = new StringBuilder("plane " + pl + ": " + where + "; differences (got - expected: count)");
                for (int c = 0; c < bpp; c++) {
                    s.append("\n    byte ").append(c).append(": ").append(hist.get(c));
                }
                failures.add(s.toString());
            }
        }
        assertTrue(failures.isEmpty(), () -> what + " differs by more than 1:\n  " + String.join("\n  ", failures));
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
