package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.gpu.gl.GLCompositor.Background;
import org.zeropipe.gpu.gl.GLCompositor.Blend;
import org.zeropipe.gpu.gl.GLCompositor.Layer;

/** The compositing renderer: places, orders and blends textures as GStreamer's glvideomixer does (llvmpipe). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLCompositorTest {

    @TempDir
    Path dir;

    private GLContext context;
    private GLCompositor compositor;
    private final List<GLMemory> memories = new ArrayList<>();

    @BeforeEach
    void setUp() {
        context = GLTestSupport.context();
        compositor = context.call(() -> GLCompositor.create(context));
    }

    @AfterEach
    void tearDown() {
        context.run(compositor::delete);
        memories.forEach(GLMemory::unref);
    }

    @Test
    void layersArePlacedAtTheirRectanglesAndTheHigherZorderIsOnTop() {
        GLMemory red = solid(16, 16, 255, 0, 0, 255);
        GLMemory blue = solid(16, 16, 0, 0, 255, 255);
        // red listed first but with the higher zorder: drawn last, on top of blue where they overlap
        byte[] out = render(40, 30, Background.BLACK, List.of(
                new Layer(red.textureId(), 4, 2, 16, 16, 1, 1, Blend.OVER),
                new Layer(blue.textureId(), 12, 10, 16, 16, 1, 0, Blend.OVER)), red, blue);
        assertEveryPixel(out, 40, 30, (x, y) -> {
            boolean inRed = x >= 4 && x < 20 && y >= 2 && y < 18;
            boolean inBlue = x >= 12 && x < 28 && y >= 10 && y < 26;
            return inRed ? new int[] {255, 0, 0, 255} : inBlue ? new int[] {0, 0, 255, 255} : new int[] {0, 0, 0, 255};
        });
    }

    @Test
    void aLayerPartlyOutsideTheOutputIsClippedAndAScaledOneFillsItsRectangle() {
        GLMemory green = solid(8, 8, 0, 255, 0, 255);
        GLMemory white = solid(3, 2, 255, 255, 255, 255);
        byte[] out = render(32, 24, Background.BLACK, List.of(
                new Layer(green.textureId(), -4, -3, 8, 8, 1, 0, Blend.OVER),
                new Layer(white.textureId(), 10, 6, 13, 11, 1, 1, Blend.OVER)), green, white);
        assertEveryPixel(out, 32, 24, (x, y) -> {
            boolean inGreen = x < 4 && y < 5;
            boolean inWhite = x >= 10 && x < 23 && y >= 6 && y < 17;
            return inWhite ? new int[] {255, 255, 255, 255} : inGreen ? new int[] {0, 255, 0, 255} : new int[] {0, 0, 0, 255};
        });
    }

    @Test
    void alphaBlendsStraightOverWhatIsBelow() {
        GLMemory green = solid(8, 8, 0, 255, 0, 255);
        GLMemory halfRed = solid(8, 8, 255, 0, 0, 128);
        byte[] out = render(16, 8, Background.WHITE, List.of(
                new Layer(green.textureId(), 0, 0, 8, 8, 0.25, 0, Blend.OVER),
                new Layer(halfRed.textureId(), 4, 0, 8, 8, 1, 1, Blend.OVER)), green, halfRed);
        // green at alpha 0.25 over white: rgb = src * a + dst * (1 - a); alpha = a + 1 * (1 - a) = 1
        assertPixel(new int[] {191, 255, 191, 255}, out, 16, 1, 1, 1);
        // red of texture alpha 128/255 over that green: straight alpha, not premultiplied
        double a = 128 / 255.0;
        assertPixel(new int[] {(int) Math.round(255 * a + 191 * (1 - a)), (int) Math.round(255 * (1 - a)),
            (int) Math.round(191 * (1 - a)), 255}, out, 16, 5, 1, 1);
        // red alone over white
        assertPixel(new int[] {255, (int) Math.round(255 * (1 - a)), (int) Math.round(255 * (1 - a)), 255}, out, 16, 10, 1, 1);
        assertPixel(new int[] {255, 255, 255, 255}, out, 16, 13, 1, 0);
    }

    @Test
    void transparentBackgroundKeepsTheLayersAlphaAndSourceBlendReplaces() {
        GLMemory halfGreen = solid(8, 8, 0, 255, 0, 64);
        GLMemory halfRed = solid(4, 4, 255, 0, 0, 128);
        byte[] out = render(8, 8, Background.TRANSPARENT, List.of(
                new Layer(halfGreen.textureId(), 0, 0, 8, 8, 1, 0, Blend.OVER),
                new Layer(halfRed.textureId(), 4, 4, 4, 4, 1, 1, Blend.SOURCE)), halfGreen, halfRed);
        assertPixel(new int[] {0, 64, 0, 64}, out, 8, 1, 1, 1); // rgb * a over (0, 0, 0, 0)
        assertPixel(new int[] {255, 0, 0, 128}, out, 8, 5, 5, 0); // replaced, as it is
    }

    @Test
    void alphaZeroAndEmptyLayersAreNotDrawnAndAddAdds() {
        GLMemory red = solid(4, 4, 255, 0, 0, 255);
        GLMemory blue = solid(4, 4, 0, 0, 255, 255);
        byte[] out = render(12, 4, Background.BLACK, List.of(
                new Layer(red.textureId(), 0, 0, 4, 4, 0, 2, Blend.OVER),
                new Layer(red.textureId(), 4, 0, 0, 4, 1, 2, Blend.OVER),
                new Layer(red.textureId(), 8, 0, 4, 4, 1, 0, Blend.OVER),
                new Layer(blue.textureId(), 8, 0, 4, 4, 1, 1, Blend.ADD)), red, blue);
        assertPixel(new int[] {0, 0, 0, 255}, out, 12, 1, 1, 0);
        assertPixel(new int[] {0, 0, 0, 255}, out, 12, 5, 1, 0);
        assertPixel(new int[] {255, 0, 255, 255}, out, 12, 9, 1, 0);
    }

    @Test
    void checkerBackgroundIsEightPixelSquaresOfGrey() {
        byte[] out = render(40, 20, Background.CHECKER, List.of());
        assertEveryPixel(out, 40, 20, (x, y) -> {
            int g = ((x / 8) & 1) == ((y / 8) & 1) ? 85 : 170;
            return new int[] {g, g, g, 255};
        });
    }

    /** The same inputs and layout through gst-launch-1.0's glvideomixer give the same bytes. */
    @Test
    void equalsGStreamerGlvideomixerForOneLayout() throws Exception {
        String smpte = "videotestsrc pattern=smpte num-buffers=1 ! video/x-raw,format=RGBA,width=64,height=48";
        String ball = "videotestsrc pattern=solid-color foreground-color=0x9000ff80 num-buffers=1 ! "
                + "video/x-raw,format=RGBA,width=20,height=16";
        String bars = "videotestsrc pattern=checkers-4 num-buffers=1 ! video/x-raw,format=RGBA,width=16,height=12";
        byte[] reference = gstreamer("glvideomixer name=m background=checker sink_0::xpos=8 sink_0::ypos=4 "
                + "sink_1::xpos=40 sink_1::ypos=30 sink_1::zorder=5 sink_2::xpos=-6 sink_2::ypos=20 sink_2::width=32 "
                + "sink_2::height=24 sink_2::alpha=0.6 sink_2::zorder=3 ! gldownload ! video/x-raw,format=RGBA",
                " " + smpte + " ! glupload ! m.  " + ball + " ! glupload ! m.  " + bars + " ! glupload ! m.", "mix");
        GLMemory s = upload(gstreamer(smpte, "", "smpte"), 64, 48);
        GLMemory b = upload(gstreamer(ball, "", "ball"), 20, 16);
        GLMemory c = upload(gstreamer(bars, "", "bars"), 16, 12);
        int w = 72;
        int h = 52; // GStreamer's output: the largest xpos + width, ypos + height
        assertEquals(w * h * 4, reference.length, "GStreamer's output size");
        byte[] out = render(w, h, Background.CHECKER, List.of(
                new Layer(s.textureId(), 8, 4, 64, 48, 1, 0, Blend.OVER),
                new Layer(b.textureId(), 40, 30, 20, 16, 1, 5, Blend.OVER),
                new Layer(c.textureId(), -6, 20, 32, 24, 0.6, 3, Blend.OVER)), s, b, c);
        GstLaunch.assertSameFrame(out, reference, 0, w, "");
    }

    private byte[] render(int w, int h, Background background, List<Layer> layers, GLMemory... inputs) {
        GLMemory target = GLAllocator.INSTANCE.allocate(context, plane(w, h));
        memories.add(target);
        context.run(() -> {
            List<GLMemory.Texture> held = new ArrayList<>();
            try {
                for (GLMemory m : inputs) {
                    held.add(m.texture(MapFlags.READ)); // brings the CPU bytes up
                }
                try (GLMemory.Texture t = target.texture(MapFlags.WRITE)) {
                    compositor.render(t.id(), w, h, background, layers);
                }
            } finally {
                held.forEach(GLMemory.Texture::close);
            }
        });
        try (Mapping m = target.map(MapFlags.READ)) {
            return m.segment().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private GLMemory solid(int w, int h, int r, int g, int b, int a) {
        byte[] px = new byte[w * h * 4];
        for (int i = 0; i < px.length; i += 4) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
            px[i + 3] = (byte) a;
        }
        return upload(px, w, h);
    }

    private GLMemory upload(byte[] rgba, int w, int h) {
        GLMemory m = GLAllocator.INSTANCE.allocate(context, plane(w, h));
        memories.add(m);
        assertEquals(rgba.length, m.size(), "input size");
        try (Mapping map = m.map(MapFlags.WRITE)) {
            MemorySegment.copy(MemorySegment.ofArray(rgba), 0, map.segment(), 0, rgba.length);
        }
        return m;
    }

    private static GLVideoInfo.Plane plane(int w, int h) {
        return GLVideoInfo.of(Caps.parse("video/x-raw, format=RGBA, width=" + w + ", height=" + h)).planes().get(0);
    }

    /** What pixel (x, y) should be. */
    private interface Expected {
        int[] at(int x, int y);
    }

    private static void assertEveryPixel(byte[] out, int w, int h, Expected expected) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertPixel(expected.at(x, y), out, w, x, y, 0);
            }
        }
    }

    private static void assertPixel(int[] want, byte[] out, int w, int x, int y, int tolerance) {
        for (int c = 0; c < 4; c++) {
            int got = out[(y * w + x) * 4 + c] & 0xff;
            if (Math.abs(got - want[c]) > tolerance) {
                assertArrayEquals(want, new int[] {out[(y * w + x) * 4] & 0xff, out[(y * w + x) * 4 + 1] & 0xff,
                    out[(y * w + x) * 4 + 2] & 0xff, out[(y * w + x) * 4 + 3] & 0xff}, "pixel (" + x + ", " + y + ")");
            }
        }
    }

    /** GStreamer's output of {@code head ! filesink tail} (skips when GStreamer is absent). */
    private byte[] gstreamer(String head, String tail, String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".raw");
        return GstLaunch.output(head + " ! filesink location=" + out + tail, out);
    }
}
