package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.GL_NEAREST;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MAG_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MIN_FILTER;
import static org.lwjgl.opengl.GL11.GL_UNSIGNED_INT;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL11.glDeleteTextures;
import static org.lwjgl.opengl.GL11.glGenTextures;
import static org.lwjgl.opengl.GL11.glTexParameteri;
import static org.lwjgl.opengl.GL11.glTexSubImage2D;
import static org.lwjgl.opengl.GL30.GL_RG32UI;
import static org.lwjgl.opengl.GL30.GL_RG_INTEGER;
import static org.lwjgl.opengl.GL13.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13.glActiveTexture;

import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.Query;

/**
 * {@code gltestsrc}: videotestsrc's patterns drawn by a fragment shader straight into GL
 * memory (RGBA). Pixel for pixel the same as videotestsrc's RGBA output, the SMPTE noise
 * included (its generator state per pixel comes from a table, see NOISE). Produces {@code memory:GLMemory}; frames
 * come from downstream's GL pool or its own; no CPU access. Negotiates 320x240 at 30/1 unless
 * downstream asks otherwise.
 */
public final class GLTestSrc extends BaseSource {

    /** The patterns, named as videotestsrc's. */
    public enum Pattern {
        SMPTE, BLACK, WHITE, RED, GREEN, BLUE, CHECKERS_1, CHECKERS_2, CHECKERS_4, CHECKERS_8
    }

    private static final String FRAGMENT = """
            out vec4 fragColor;
            uniform int width;
            uniform int height;
            // videotestsrc's colours (vts_colors_bt709_ycbcr_100, R G B) by index. A chain of selects,
            // not an indexed array: a SIMD software rasterizer gathers array elements lane by lane.
            vec3 color(int k) {
                int rgb = k == 0 ? 0xFFFFFF : k == 1 ? 0xFFFF00 : k == 2 ? 0x00FFFF : k == 3 ? 0x00FF00
                        : k == 4 ? 0xFF00FF : k == 5 ? 0xFF0000 : k == 6 ? 0x0000FF : k == 8 ? 0x000080
                        : k == 9 ? 0x0080FF : k == 11 ? 0x131313 : 0x000000;
                return vec3(float(rgb >> 16), float((rgb >> 8) & 255), float(rgb & 255));
            }
            // Column and row edges, computed on the CPU with videotestsrc's integer arithmetic:
            // bars[i] = i * w / 7, thirds[i] = i * w / 6, twelfths[i] = w / 2 + i * w / 12,
            // edges = (y1 = 2h/3, y2 = 3h/4, x1 = 3w/4).
            uniform int bars[8];
            uniform int thirds[4];
            uniform int twelfths[4];
            uniform ivec3 edges;
            int count(int x, int e1, int e2, int e3) {
                return int(x >= e1) + int(x >= e2) + int(x >= e3);
            }
            vec3 smpte(int x, int y) {
                int i = count(x, bars[1], bars[2], bars[3]) + count(x, bars[4], bars[5], bars[6]);
                if (y < edges.x) return color(i);
                vec3 inverse = color((i & 1) != 0 ? 7 : 6 - i);
                if (y < edges.y) return inverse;
                if (x < thirds[3]) {
                    int r = count(x, thirds[1], thirds[2], thirds[3]);
                    return color(r == 0 ? 8 : r == 1 ? 0 : 9);
                }
                if (x >= twelfths[0] && x < twelfths[3]) {
                    int r = count(x, twelfths[1], twelfths[2], twelfths[3]);
                    return color(r == 0 ? 10 : r == 1 ? 7 : 11);
                }
                if (x >= edges.z) return vec3(0.0); // the noise: NOISE draws it per frame
                return inverse; // a column no region covers keeps the last painted line's colour
            }
            void main() {
                int x = int(gl_FragCoord.x);
                int y = int(gl_FragCoord.y);
            #if PATTERN == 0
                vec3 c = smpte(x, y);
            #elif PATTERN <= 5
                const int SOLID[5] = int[5](7, 0, 5, 3, 6);
                vec3 c = color(SOLID[PATTERN - 1]);
            #else
                vec3 c = (((x >> (PATTERN - 6)) + (y >> (PATTERN - 6))) & 1) == 0 ? color(5) : color(3);
            #endif
                fragColor = vec4(c / 255.0, 1.0);
            }
            """;

    /**
     * SMPTE's noise, videotestsrc's generator ({@code state = state * 1103515245 + 12345} from
     * 0, one step per pixel, rows of the noise rectangle in order). Pixel m of frame n holds
     * the state after {@code n * pixels + m} steps, which is {@code A(m) * s(n) + B(m)}: s(n), the
     * state at the frame's start, is jumped on the CPU; A(m) and B(m) depend only on m and sit
     * in a table texture made once per size. One fetch and one multiply-add per pixel: jumping
     * per pixel cost ~20 multiply steps on every lane of a software rasterizer.
     */
    private static final String NOISE = """
            out vec4 fragColor;
            uniform highp usampler2D table; // (A(m), B(m)) at the pixel's place in the rectangle
            uniform ivec2 origin; // the rectangle's first pixel
            uniform uint frameState;
            void main() {
                uvec2 ab = texelFetch(table, ivec2(gl_FragCoord.xy) - origin, 0).xy;
                fragColor = vec4(vec3(float(((ab.x * frameState + ab.y) >> 16) & 255u) / 255.0), 1.0);
            }
            """;

    private final GLContextHolder gl = new GLContextHolder(this);
    private final Property<Pattern> pattern;
    private static final String COPY = """
            out vec4 fragColor;
            uniform sampler2D tex;
            void main() {
                fragColor = texelFetch(tex, ivec2(gl_FragCoord.xy), 0);
            }
            """;

    private GLShader shader; // owner thread
    private GLShader copy; // owner thread: draws the background
    private GLShader noise; // owner thread: draws SMPTE's noise from the table
    private int noiseTable; // owner thread: the RG32UI (A, B) texture, 0 if none
    private int noiseTableWidth; // owner thread: the rectangle noiseTable was made for
    private int noiseTableHeight;
    private volatile Pattern drawn; // the pattern read at start
    private GLMemory background; // streaming thread (start/stop/create)
    private static final java.util.concurrent.atomic.AtomicLong TAGS = new java.util.concurrent.atomic.AtomicLong();
    private long backgroundTag; // the content tag of frames holding the background
    private volatile GLVideoInfo info;
    private long frame;

    public GLTestSrc(String name) {
        super(name, PadTemplate.src(GLCaps.GL_RGBA));
        pattern = declare(PropertySpec.ofEnum("pattern", Pattern.class, Pattern.SMPTE,
                "the test pattern (read when the source starts)"));
    }

    public GLTestSrc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "gltestsrc";
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        return gl.changeState(transition, super::changeState);
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        return gl.answer(query) || super.handleQuery(pad, query);
    }

    @Override
    protected boolean start() {
        frame = 0;
        GLContext c = gl.require();
        try {
            // One program per pattern: a software rasterizer runs every branch of a shader (masked),
            // so the pattern is a compile-time constant rather than a uniform.
            drawn = pattern.get();
            c.run(() -> {
                try {
                    shader = GLShader.compile(c, null, "#define PATTERN " + drawn.ordinal() + "\n" + FRAGMENT);
                    copy = GLShader.compile(c, null, COPY);
                    noise = drawn == Pattern.SMPTE ? GLShader.compile(c, null, NOISE) : null;
                } catch (RuntimeException e) {
                    deletePrograms(); // stop() does not follow a failed start()
                    throw e;
                }
            });
            return true;
        } catch (GLShaderException e) {
            postError(name() + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    @Override
    protected void stop() {
        GLContext c = gl.context();
        if (c != null) {
            c.run(() -> {
                deletePrograms();
                deleteNoiseTable();
            });
        }
        if (background != null) {
            background.unref();
            background = null;
        }
    }

    @Override
    protected Caps fixate(Caps caps) {
        Structure s = caps.structure(0).fixateFieldNearestInt("width", 320).fixateFieldNearestInt("height", 240)
                .fixateFieldNearestFraction("framerate", new Fraction(30, 1));
        return Caps.of(s, caps.features(0)).fixate();
    }

    @Override
    protected boolean setCaps(Caps caps) {
        info = GLVideoInfo.of(caps);
        return true;
    }

    @Override
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        return GLBaseTransform.decideGLPool(gl.require(), caps, query);
    }

    /** Deletes the programs made so far. Owner thread. */
    private void deletePrograms() {
        for (GLShader s : new GLShader[] {shader, copy, noise}) {
            if (s != null) {
                s.delete();
            }
        }
        shader = null;
        copy = null;
        noise = null;
    }

    /** The pattern drawn once for this frame size (made at the first frame after caps). */
    private GLMemory background(GLContext c, GLVideoInfo i) {
        GLMemory bg = background;
        if (bg != null && bg.plane().equals(i.planes().get(0))) {
            return bg;
        }
        if (bg != null) {
            background = null;
            bg.unref();
        }
        GLMemory made = GLAllocator.INSTANCE.allocate(c, i.planes().get(0));
        try {
            c.run(() -> drawPattern(c, made.textureId(), i));
        } catch (RuntimeException e) {
            made.unref(); // the next frame tries again
            throw e;
        }
        background = made;
        backgroundTag = TAGS.incrementAndGet();
        return made;
    }

    /** Fills {@link #noiseTable} with (A(m), B(m)) for a {@code w x h} noise rectangle. Owner thread. */
    private void makeNoiseTable(GLContext c, int w, int h) {
        deleteNoiseTable();
        java.nio.IntBuffer ab = org.lwjgl.system.MemoryUtil.memAllocInt(2 * w * h);
        try {
            int a = 1;
            int b = 0;
            for (int m = 1; m <= w * h; m++) { // pixel m is m steps from the frame's start
                a *= 1103515245;
                b = b * 1103515245 + 12345;
                ab.put(a).put(b);
            }
            ab.flip();
            org.lwjgl.opengl.GL15.glBindBuffer(org.lwjgl.opengl.GL21.GL_PIXEL_UNPACK_BUFFER, 0); // from client memory,
            org.lwjgl.opengl.GL11.glPixelStorei(org.lwjgl.opengl.GL12.GL_UNPACK_ROW_LENGTH, 0); // rows packed
            noiseTable = glGenTextures();
            glBindTexture(GL_TEXTURE_2D, noiseTable);
            c.api().texStorage2D(GL_TEXTURE_2D, 1, GL_RG32UI, w, h);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST); // integer textures sample nearest only
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RG_INTEGER, GL_UNSIGNED_INT, ab);
            glBindTexture(GL_TEXTURE_2D, 0);
            noiseTableWidth = w;
            noiseTableHeight = h;
        } finally {
            org.lwjgl.system.MemoryUtil.memFree(ab);
        }
    }

    private void deleteNoiseTable() {
        if (noiseTable != 0) {
            glDeleteTextures(noiseTable);
            noiseTable = 0;
            noiseTableWidth = 0;
            noiseTableHeight = 0;
        }
    }

    /** SMPTE's noise rectangle's pixel count (the generator's steps per frame). */
    private static int noisePixels(GLVideoInfo i) {
        return (i.height() - 3 * i.height() / 4) * (i.width() - i.width() * 3 / 4);
    }

    /** Draws the pattern's static part (all but SMPTE's noise) into {@code texture}. Owner thread. */
    private void drawPattern(GLContext c, int texture, GLVideoInfo i) {
        shader.use();
        shader.setInt("width", i.width());
        shader.setInt("height", i.height());
        setEdges(shader, i.width(), i.height());
        c.resources().drawInto(texture, i.width(), i.height());
    }

    /** Draws frame {@code n}'s SMPTE noise into its rectangle of {@code texture}. Owner thread. */
    private void drawNoise(GLContext c, int texture, GLVideoInfo i, long n) {
        int x1 = i.width() * 3 / 4;
        int y2 = 3 * i.height() / 4;
        int w = i.width() - x1;
        int h = i.height() - y2;
        if (w == 0 || h == 0) {
            return;
        }
        if (noiseTable == 0 || noiseTableWidth != w || noiseTableHeight != h) {
            makeNoiseTable(c, w, h); // first frame of this size
        }
        noise.use();
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, noiseTable);
        try {
            noise.setInt("table", 0);
            org.lwjgl.opengl.GL20.glUniform2i(noise.location("origin"), x1, y2);
            org.lwjgl.opengl.GL30.glUniform1ui(noise.location("frameState"), lcgJump((int) n * noisePixels(i), 0));
            c.resources().drawInto(texture, i.width(), i.height(), x1, y2, w, h);
        } finally {
            glBindTexture(GL_TEXTURE_2D, 0); // unit 0 is shared by every element of the context
        }
    }

    /**
     * videotestsrc's generator ({@code s * 1103515245 + 12345}, 32-bit) applied {@code steps}
     * times (unsigned) to {@code state}, by squaring (the state at each frame's noise start).
     */
    static int lcgJump(int steps, int state) {
        int am = 1, ap = 0, cm = 1103515245, cp = 12345;
        for (int b = 0; b < 32; b++) {
            if (((steps >>> b) & 1) != 0) {
                am *= cm;
                ap = ap * cm + cp;
            }
            cp = (cm + 1) * cp;
            cm *= cm;
        }
        return am * state + ap;
    }

    /** The SMPTE layout's edges, as videotestsrc computes them (integer division). */
    private static void setEdges(GLShader s, int w, int h) {
        for (int i = 0; i < 8; i++) {
            s.setInt("bars[" + i + "]", i * w / 7);
        }
        for (int i = 0; i < 4; i++) {
            s.setInt("thirds[" + i + "]", i * w / 6);
            s.setInt("twelfths[" + i + "]", w / 2 + i * w / 12);
        }
        org.lwjgl.opengl.GL20.glUniform3i(s.location("edges"), 2 * h / 3, 3 * h / 4, w * 3 / 4);
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        GLVideoInfo i = info;
        Buffer b = allocateBuffer(i.size());
        if (b == null) {
            return FlowReturn.FLUSHING;
        }
        GLContext c = gl.require();
        GLMemory m = (GLMemory) b.peekMemory(0);
        long n = frame++;
        try {
            GLMemory bg = background(c, i);
            c.run(() -> {
                boolean hasBackground = m.contentTag() == backgroundTag;
                try (GLMemory.Texture t = m.texture(MapFlags.WRITE)) {
                    // The static part comes from the background, drawn once, and is drawn again into
                    // a frame only when the frame does not hold it yet (a pool frame coming back
                    // unchanged does); SMPTE's noise is drawn per frame, in its own rectangle only.
                    if (!hasBackground) {
                        copy.use();
                        glActiveTexture(GL_TEXTURE0);
                        glBindTexture(GL_TEXTURE_2D, bg.textureId());
                        copy.setInt("tex", 0);
                        c.resources().drawInto(t.id(), i.width(), i.height());
                        glBindTexture(GL_TEXTURE_2D, 0);
                    }
                    t.tagContent(backgroundTag);
                    if (drawn == Pattern.SMPTE) {
                        drawNoise(c, t.id(), i, n);
                    }
                }
                GLSyncMeta.of(b).setSync(c);
            });
        } catch (RuntimeException e) {
            b.unref();
            throw e;
        }
        Fraction fps = i.framerate();
        if (fps.numerator() > 0) {
            long d = 1_000_000_000L * fps.denominator() / fps.numerator();
            b.setPts(n * d);
            b.setDuration(d);
        }
        b.setOffset(n);
        out[0] = b;
        return FlowReturn.OK;
    }
}
