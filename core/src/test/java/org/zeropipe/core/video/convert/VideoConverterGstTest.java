package org.zeropipe.core.video.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.zeropipe.core.video.VideoInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Our conversions against GStreamer's videoconvert on the same input: every byte within one step. */
class VideoConverterGstTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needGStreamer() {
        GstReference.assumeAvailable();
    }

    static final String[] FORMATS = {"RGBA", "BGRA", "ARGB", "ABGR", "RGBx", "BGRx", "xRGB", "xBGR", "RGB", "BGR",
        "I420", "YV12", "NV12", "NV21", "YUY2", "UYVY", "Y444", "GRAY8", "GRAY16_LE", "P010_10LE"};
    /** bt601 and bt709 in limited and full range, and bt2020: each pair gets one, in turn. */
    static final String[] YUV_COLORS = {"bt601", "bt709", "1:4:0:0", "1:3:0:0", "bt2020"};

    static Stream<Arguments> pairs() {
        List<Arguments> list = new ArrayList<>();
        int n = 0;
        for (String f : FORMATS) {
            for (String[] pair : new String[][] {{f, "RGBA"}, {"RGBA", f}, {f, "I420"}, {"I420", f}}) {
                if (pair[0].equals(pair[1])) {
                    continue;
                }
                String yuv = YUV_COLORS[n % YUV_COLORS.length];
                String yuv2 = YUV_COLORS[(n + 2) % YUV_COLORS.length];
                int w = n % 2 == 0 ? 33 : 64;
                int h = n % 3 == 0 ? 17 : 30;
                list.add(Arguments.of(pair[0], pair[1], w, h, n % 2 == 0 ? "snow" : "smpte", color(pair[0], yuv),
                        color(pair[1], yuv2)));
                n++;
            }
        }
        return list.stream();
    }

    private static String color(String format, String yuv) {
        return PixelCodec.forName(format).rgb() ? "sRGB" : format.startsWith("GRAY") ? "1:4:0:0" : yuv;
    }

    @ParameterizedTest(name = "{0} -> {1} {2}x{3} {4} in={5} out={6}")
    @MethodSource("pairs")
    void matchesGStreamer(String inFormat, String outFormat, int w, int h, String pattern, String inColor,
            String outColor) throws Exception {
        compare(dir, inFormat, outFormat, w, h, pattern, inColor, outColor);
    }

    /** At 720 lines and more GStreamer's default chroma siting is mpeg2 (horizontally co-sited): its other filters. */
    @ParameterizedTest(name = "{0} -> {1} {2}x{3} {4} in={5} out={6}")
    @CsvSource({
        "RGBA, I420, 66, 720, snow, sRGB, ''",
        "BGRx, NV21, 67, 721, snow, sRGB, ''",
        "NV12, RGBA, 66, 720, snow, bt709, ''",
        "Y444, I420, 67, 720, snow, bt709, bt709",
        "YUY2, NV12, 66, 720, snow, bt709, bt601",
        "I420, YUY2, 67, 721, snow, 1:3:0:0, bt709",
        "P010_10LE, I420, 66, 720, snow, bt709, bt709",
        "I420, RGBA, 67, 720, snow, bt709, ''",
    })
    void matchesGStreamerWithCositedChroma(String inFormat, String outFormat, int w, int h, String pattern,
            String inColor, String outColor) throws Exception {
        compare(dir, inFormat, outFormat, w, h, pattern, inColor, outColor);
    }

    static void compare(Path dir, String inFormat, String outFormat, int w, int h, String pattern, String inColor,
            String outColor) throws Exception {
        Path in = dir.resolve("in.raw");
        Path out = dir.resolve("out.raw");
        GstReference.launch("videotestsrc num-buffers=1 pattern=" + pattern + " ! video/x-raw,format=" + inFormat
                + ",width=" + w + ",height=" + h + " ! filesink location=" + in);
        String v = GstReference.launch("filesrc location=" + in + " ! rawvideoparse format=" + TestFrames.gstNick(inFormat)
                + " width=" + w + " height=" + h + " colorimetry=" + inColor + " ! videoconvert ! video/x-raw,format="
                + outFormat + (outColor.isEmpty() ? "" : ",colorimetry=" + outColor) + " ! filesink location=" + out);
        VideoInfo inInfo = TestFrames.info(GstReference.caps(v, "GstVideoConvert:videoconvert0", "sink"));
        VideoInfo outInfo = TestFrames.info(GstReference.caps(v, "GstVideoConvert:videoconvert0", "src"));
        ConvertSide inSide = ConvertSide.of(inInfo);
        ConvertSide outSide = ConvertSide.of(outInfo);
        byte[] src = GstReference.read(in);
        byte[] ref = GstReference.read(out);
        byte[] ours = new byte[(int) outInfo.size()];
        VideoConverter c = VideoConverter.create(inSide, outSide);
        c.convert(TestFrames.frame(inInfo, src), TestFrames.frame(outInfo, ours));
        String diff = Compare.within(outInfo, ref, ours, 1);
        assertTrue(diff.isEmpty(), inSide + " -> " + outSide + " via " + c.path() + ": " + diff);
    }
}
