package org.zeropipe.gpu.gl;

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
 * included (its generator is jumped ahead per pixel). Produces {@code memory:GLMemory}; frames
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
            uniform int pattern;
            uniform int width;
            uniform int height;
            uniform uint frame;
            const vec3 COLORS[12] = vec3[12](vec3(255.0, 255.0, 255.0), vec3(255.0, 255.0, 0.0), vec3(0.0, 255.0, 255.0),
                vec3(0.0, 255.0, 0.0), vec3(255.0, 0.0, 255.0), vec3(255.0, 0.0, 0.0), vec3(0.0, 0.0, 255.0),
                vec3(0.0, 0.0, 0.0), vec3(0.0, 0.0, 128.0), vec3(0.0, 128.0, 255.0), vec3(0.0, 0.0, 0.0),
                vec3(19.0, 19.0, 19.0));
            // videotestsrc's generator (state = state * 1103515245 + 12345 from 0), jumped n steps ahead
            uint lcg(uint n) {
                uint am = 1u, ap = 0u, cm = 1103515245u, cp = 12345u;
                while (n > 0u) {
                    if ((n & 1u) != 0u) { am = am * cm; ap = ap * cm + cp; }
                    cp = (cm + 1u) * cp;
                    cm = cm * cm;
                    n >>= 1;
                }
                return ap;
            }
            int bar(int x, int w) {
                for (int i = 0; i < 6; i++) {
                    if (x < (i + 1) * w / 7) return i;
                }
                return 6;
            }
            vec3 smpte(int x, int y) {
                int w = width, h = height;
                int y1 = 2 * h / 3, y2 = 3 * h / 4;
                if (y < y1) return COLORS[bar(x, w)];
                int i = bar(x, w);
                vec3 inverse = COLORS[(i & 1) != 0 ? 7 : 6 - i];
                if (y < y2) return inverse;
                for (int r = 0; r < 3; r++) {
                    if (x >= r * w / 6 && x < (r + 1) * w / 6) return COLORS[r == 0 ? 8 : r == 1 ? 0 : 9];
                }
                for (int r = 0; r < 3; r++) {
                    if (x >= w / 2 + r * w / 12 && x < w / 2 + (r + 1) * w / 12) return COLORS[r == 0 ? 10 : r == 1 ? 7 : 11];
                }
                int x1 = w * 3 / 4;
                if (x >= x1) {
                    uint rw = uint(w - x1);
                    uint n = frame * uint(h - y2) * rw + uint(y - y2) * rw + uint(x - x1) + 1u;
                    return vec3(float((lcg(n) >> 16) & 255u));
                }
                return inverse; // a column no region covers keeps the last painted line's colour
            }
            void main() {
                int x = int(gl_FragCoord.x);
                int y = int(gl_FragCoord.y);
                vec3 c;
                if (pattern == 0) c = smpte(x, y);
                else if (pattern == 1) c = COLORS[7];
                else if (pattern == 2) c = COLORS[0];
                else if (pattern == 3) c = COLORS[5];
                else if (pattern == 4) c = COLORS[3];
                else if (pattern == 5) c = COLORS[6];
                else {
                    int n = 1 << (pattern - 6);
                    c = ((x / n + y / n) & 1) == 0 ? COLORS[5] : COLORS[3];
                }
                fragColor = vec4(c / 255.0, 1.0);
            }
            """;

    private final GLContextHolder gl = new GLContextHolder(this);
    private final Property<Pattern> pattern;
    private GLShader shader; // owner thread
    private volatile GLVideoInfo info;
    private long frame;

    public GLTestSrc(String name) {
        super(name, PadTemplate.src(GLCaps.GL_RGBA));
        pattern = declare(PropertySpec.ofEnum("pattern", Pattern.class, Pattern.SMPTE, "the test pattern"));
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
        if (!gl.beforeStateChange(transition)) {
            return StateChangeReturn.FAILURE;
        }
        StateChangeReturn r = super.changeState(transition);
        gl.afterStateChange(transition);
        return r;
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
            c.run(() -> shader = GLShader.compile(c, null, FRAGMENT));
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
                if (shader != null) {
                    shader.delete();
                    shader = null;
                }
            });
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
            c.run(() -> {
                try (GLMemory.Texture t = m.texture(MapFlags.WRITE)) {
                    shader.use();
                    shader.setInt("pattern", pattern.get().ordinal());
                    shader.setInt("width", i.width());
                    shader.setInt("height", i.height());
                    org.lwjgl.opengl.GL30.glUniform1ui(shader.location("frame"), (int) n);
                    c.resources().drawInto(t.id(), i.width(), i.height());
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
