package org.zeropipe.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;

/** VideoInfo's layouts, caps and colorimetry against GStreamer 1.22's own (python3-gst). */
class VideoInfoTest {

    private static final int[][] SIZES = {{1, 1}, {2, 2}, {7, 3}, {33, 17}, {320, 240}, {321, 241}, {1920, 1080}};

    private static String formats() {
        return Arrays.stream(VideoFormat.values()).map(f -> "'" + f.capsName() + "'").collect(Collectors.joining(","));
    }

    private static String line(VideoInfo i) {
        List<String> strides = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        for (int p = 0; p < i.planes(); p++) {
            strides.add(Integer.toString(i.stride(p)));
            offsets.add(Long.toString(i.offset(p)));
        }
        return i.format().capsName() + " " + i.width() + "x" + i.height() + " " + i.interlaceMode().capsName()
                + " size=" + i.size() + " strides=" + strides + " offsets=" + offsets;
    }

    @Test
    void defaultLayoutsMatchGStreamerForEveryFormatSizeAndInterlaceMode() {
        String sizes = Arrays.stream(SIZES).map(s -> "(" + s[0] + "," + s[1] + ")").collect(Collectors.joining(","));
        List<String> expected = GstReference.python("""
                modes = {'progressive': GstVideo.VideoInterlaceMode.PROGRESSIVE,
                         'interleaved': GstVideo.VideoInterlaceMode.INTERLEAVED,
                         'alternate': GstVideo.VideoInterlaceMode.ALTERNATE}
                for name in [%s]:
                    for (w, h) in [%s]:
                        for mode in ['progressive', 'interleaved', 'alternate']:
                            i = GstVideo.VideoInfo()
                            i.set_interlaced_format(GstVideo.VideoFormat.from_string(name), modes[mode], w, h)
                            n = i.finfo.n_planes
                            print('%%s %%dx%%d %%s size=%%d strides=[%%s] offsets=[%%s]' %% (name, w, h, mode, i.size,
                                  ', '.join(str(s) for s in i.stride[:n]), ', '.join(str(o) for o in i.offset[:n])))
                """.formatted(formats(), sizes));
        List<String> actual = new ArrayList<>();
        for (VideoFormat f : VideoFormat.values()) {
            for (int[] s : SIZES) {
                for (InterlaceMode m : List.of(InterlaceMode.PROGRESSIVE, InterlaceMode.INTERLEAVED,
                        InterlaceMode.ALTERNATE)) {
                    actual.add(line(VideoInfo.of(f, s[0], s[1], m)));
                }
            }
        }
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k), actual.get(k));
        }
    }

    @Test
    void alignedLayoutsMatchGStreamersVideoBufferPool() {
        // GStreamer's video pool ORs all stride masks into one, so the reference uses one mask for all planes.
        int[][] cases = {{3, 1, 5, 2, 63}, {0, 0, 0, 0, 15}, {2, 2, 2, 2, 0}, {16, 16, 32, 32, 31}, {1, 0, 3, 0, 3}};
        StringBuilder calls = new StringBuilder();
        List<String> actual = new ArrayList<>();
        for (VideoFormat f : VideoFormat.values()) {
            for (int[] c : cases) {
                calls.append("aligned('%s', 321, 241, %d, %d, %d, %d, %d)\n".formatted(f.capsName(), c[0], c[1], c[2],
                        c[3], c[4]));
                int[] masks = {c[4], c[4], c[4], c[4]};
                actual.add(line(VideoInfo.of(f, 321, 241).align(new VideoAlignment(c[0], c[1], c[2], c[3], masks))));
            }
        }
        List<String> expected = GstReference.python("""
                def aligned(fmt, w, h, top, bottom, left, right, mask):
                    caps = Gst.Caps.from_string('video/x-raw,format=%s,width=%d,height=%d' % (fmt, w, h))
                    vi = GstVideo.VideoInfo.new_from_caps(caps)
                    pool = GstVideo.VideoBufferPool()
                    cfg = pool.get_config()
                    Gst.BufferPool.config_set_params(cfg, caps, vi.size, 0, 0)
                    Gst.BufferPool.config_add_option(cfg, GstVideo.BUFFER_POOL_OPTION_VIDEO_META)
                    Gst.BufferPool.config_add_option(cfg, GstVideo.BUFFER_POOL_OPTION_VIDEO_ALIGNMENT)
                    fields = [('padding-top', top), ('padding-bottom', bottom), ('padding-left', left),
                              ('padding-right', right)] + [('stride-align%d' % i, mask) for i in range(4)]
                    for k, v in fields:
                        val = GObject.Value(); val.init(GObject.TYPE_UINT); val.set_uint(v); cfg.set_value(k, val)
                    if not pool.set_config(cfg):
                        assert pool.set_config(pool.get_config())
                    pool.set_active(True)
                    ok, buf = pool.acquire_buffer(None)
                    m = GstVideo.buffer_get_video_meta(buf)
                    n = m.n_planes
                    print('%s %dx%d progressive size=%d strides=[%s] offsets=[%s]' % (fmt, w, h, buf.get_size(),
                          ', '.join(str(s) for s in m.stride[:n]), ', '.join(str(o) for o in m.offset[:n])))
                    del m
                    pool.release_buffer(buf)
                    pool.set_active(False)
                """ + calls);
        assertEquals(expected, actual);
    }

    @Test
    void perPlaneStrideMasksAreMetOneByOne() {
        // Worked by hand from gst_video_info_align: left 5 -> 6 -> 8 -> 16 -> 32 -> 64 (Y needs 64, U/V 32);
        // padded width 321+64+2 = 387 grows by its lowest set bit (388, 392, 400, 416, 448) until the
        // Y stride is a multiple of 64 and the U/V strides of 32: 448 and 224.
        VideoInfo i = VideoInfo.of(VideoFormat.I420, 321, 241).align(new VideoAlignment(3, 1, 5, 2,
                new int[] {63, 31, 31, 0}));
        assertEquals(List.of(448, 224, 224), List.of(i.stride(0), i.stride(1), i.stride(2)));
        // Y: 246 padded rows; chroma 123 rows; offsets skip 64 pixels (32 chroma) and 3 rows (2 chroma
        // rows: GStreamer's SCALE_HEIGHT rounds up)
        assertEquals(64 + 3 * 448, i.offset(0));
        assertEquals(448 * 246 + 32 + 2 * 224, i.offset(1));
        assertEquals(448 * 246 + 224 * 123 + 32 + 2 * 224, i.offset(2));
        assertEquals(448 * 246 + 2 * 224 * 123, i.size());
        assertEquals(321, i.width());
    }

    @Test
    void capsRoundTripMatchesGStreamersToCaps() {
        List<String> inputs = List.of("video/x-raw,format=I420,width=320,height=240,framerate=30/1",
                "video/x-raw,format=NV12,width=1920,height=1080,framerate=30000/1001,pixel-aspect-ratio=4/3",
                "video/x-raw,format=RGBA,width=3840,height=2160",
                "video/x-raw,format=GRAY8,width=8,height=8",
                "video/x-raw,format=P010_10LE,width=3840,height=2160",
                "video/x-raw,format=I420,width=720,height=576,interlace-mode=interleaved,colorimetry=bt709,"
                        + "chroma-site=jpeg",
                "video/x-raw,format=I420,width=720,height=576,colorimetry=1:4:0:0,chroma-site=dv",
                "video/x-raw,format=BGRx,width=64,height=48,colorimetry=bt709",
                "video/x-raw,format=YUY2,width=64,height=48,colorimetry=sRGB",
                "video/x-raw,format=UYVY,width=64,height=48,colorimetry=2:6:13:7,chroma-site=cosited",
                "video/x-raw,format=Y444,width=64,height=48,colorimetry=bt2020,interlace-mode=mixed",
                "video/x-raw,format=RGB,width=5,height=5,colorimetry=1:1:0:0,chroma-site=v-cosited");
        List<String> expected = GstReference.python("""
                for s in %s:
                    print(GstVideo.VideoInfo.new_from_caps(Gst.Caps.from_string(s)).to_caps().to_string())
                """.formatted(inputs.stream().map(s -> "'" + s + "'").collect(Collectors.joining(",", "[", "]"))));
        List<String> actual = inputs.stream().map(s -> VideoInfo.fromCaps(Caps.parse(s)).toCaps().toString()).toList();
        assertEquals(expected, actual);
    }

    @Test
    void colorimetryParsesAndPrintsLikeGStreamer() {
        List<String> inputs = List.of("bt601", "bt709", "bt2020", "bt2020-10", "bt2100-pq", "bt2100-hlg", "sRGB",
                "smpte240m", "1:4:0:0", "2:3:5:1", "1:3:5:1", "0:0:0:0", "2:6:16:4", "1:1:7:1");
        List<String> expected = GstReference.python("""
                for s in %s:
                    c = GstVideo.VideoColorimetry()
                    assert c.from_string(s)
                    print('%%d:%%d:%%d:%%d %%s' %% (int(c.range), int(c.matrix), int(c.transfer), int(c.primaries),
                          c.to_string()))
                """.formatted(inputs.stream().map(s -> "'" + s + "'").collect(Collectors.joining(",", "[", "]"))));
        List<String> actual = inputs.stream().map(VideoColorimetry::parse).map(c -> c.range().gstValue() + ":"
                + c.matrix().gstValue() + ":" + c.transfer().gstValue() + ":" + c.primaries().gstValue() + " "
                + c.toCapsString().orElse("None")).toList();
        assertEquals(expected, actual);
    }

    @Test
    void anExplicitChromaSiteIsKeptWhereGStreamerWouldOverrideIt() {
        // GStreamer 1.22 gives chroma-site=jpeg here (the default that comes with the default colorimetry).
        VideoInfo i = VideoInfo.fromCaps(Caps.parse("video/x-raw,format=I420,width=320,height=240,"
                + "chroma-site=mpeg2"));
        assertEquals(ChromaSite.MPEG2, i.chromaSite());
        assertEquals(VideoColorimetry.BT601, i.colorimetry());
    }

    @Test
    void fromCapsReadsEveryField() {
        VideoInfo i = VideoInfo.fromCaps(Caps.parse("video/x-raw,format=NV21,width=33,height=17,framerate=25/1,"
                + "pixel-aspect-ratio=16/15,interlace-mode=interleaved,colorimetry=bt709,chroma-site=mpeg2"));
        assertEquals(VideoFormat.NV21, i.format());
        assertEquals(new Fraction(25, 1), i.framerate());
        assertEquals(new Fraction(16, 15), i.pixelAspectRatio());
        assertEquals(InterlaceMode.INTERLEAVED, i.interlaceMode());
        assertEquals(VideoColorimetry.BT709, i.colorimetry());
        assertEquals(ChromaSite.MPEG2, i.chromaSite());
        assertEquals(40_000_000L, i.frameDurationNanos());
        assertEquals(9, i.planeHeight(1));
        assertEquals(17, i.componentWidth(1));
    }

    @Test
    void badCapsGetErrorsNamingTheField() {
        assertMessage("unknown video format 'NOPE'", "video/x-raw,format=NOPE,width=2,height=2");
        assertMessage("missing field 'height'", "video/x-raw,format=I420,width=2");
        assertMessage("width must be positive", "video/x-raw,format=I420,width=0,height=2");
        assertMessage("field 'format' must be a string (fixed)", "video/x-raw,format={I420,NV12},width=2,height=2");
        assertMessage("field 'framerate' must be a fraction", "video/x-raw,format=I420,width=2,height=2,framerate=30");
        assertMessage("unknown interlace-mode 'zigzag'", "video/x-raw,format=I420,width=2,height=2,"
                + "interlace-mode=zigzag");
        assertMessage("colorimetry 'bt999' is neither", "video/x-raw,format=I420,width=2,height=2,colorimetry=bt999");
        assertMessage("colorimetry '1:9:0:0': matrix 9 is not one of 0..6",
                "video/x-raw,format=I420,width=2,height=2,colorimetry=1:9:0:0");
        assertMessage("chroma-site 'left': unknown part 'left'",
                "video/x-raw,format=I420,width=2,height=2,chroma-site=left");
        assertMessage("not raw video caps: audio/x-raw", "audio/x-raw,format=S16LE");
    }

    private static void assertMessage(String part, String caps) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoInfo.fromCaps(Caps.parse(caps)));
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
    }

    @Test
    void drmFormatsPrintAndParseLikeGStreamer124() {
        DrmFormat tiled = DrmFormat.parse("NV12:0x0100000000000002");
        assertEquals(VideoFormat.NV12, tiled.videoFormat().orElseThrow());
        assertEquals(0x0100000000000002L, tiled.modifier());
        assertEquals("NV12:0x0100000000000002", tiled.toString());
        assertEquals("AB24", DrmFormat.linear(VideoFormat.RGBA).toString());
        assertEquals(DrmFormat.linear(VideoFormat.BGRx), DrmFormat.parse("XR24"));
        assertEquals(0x34325241, DrmFourcc.ARGB8888, "'AR24' little-endian as in drm_fourcc.h");
        assertEquals(VideoFormat.BGR, VideoFormat.fromDrmFourcc(DrmFourcc.RGB888).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> DrmFormat.parse("NV12:0xzz"));
        assertThrows(IllegalArgumentException.class, () -> DrmFormat.parse("NV1"));
        for (VideoFormat f : VideoFormat.values()) {
            assertEquals(f, VideoFormat.fromDrmFourcc(f.drmFourcc()).orElseThrow(), "fourccs are unique");
        }
    }
}
