package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.convert.ChromaResampler;
import org.zeropipe.core.video.convert.ConvertSide;
import org.zeropipe.core.video.convert.MatrixKernel;
import org.zeropipe.core.video.convert.VideoConverter;

/**
 * Writes the fragment stages of a colour conversion, one program per output plane, that run the
 * steps core's {@link VideoConverter} (GStreamer 1.22's videoconvert, bit exact) plans for the
 * same pair, in the same integer arithmetic: unpack (subsampled chroma repeated), chroma
 * upsampling, the integer matrix kernel, chroma downsampling, pack. The CPU converter runs these
 * steps over whole lines; here each output texel computes the few intermediate pixels it depends
 * on ({@code line(x, y)}), so the result is the same bytes. Inputs are read with
 * {@code texelFetch} from units 0..2 ({@code tex0..tex2}) and turned back into 0..255 integers.
 */
final class GLColorShaders {

    /** The program of one output plane. */
    record PlanePass(int plane, String fragment) {
    }

    private GLColorShaders() {
    }

    /**
     * The passes converting {@code in} to {@code out} (same size).
     *
     * @throws IllegalArgumentException naming the format or step a shader cannot do
     */
    static List<PlanePass> passes(VideoInfo in, VideoInfo out) {
        VideoConverter plan = VideoConverter.create(ConvertSide.of(in), ConvertSide.of(out));
        if (plan.changesDepth() || plan.matrix() instanceof MatrixKernel.Matrix16) {
            throw new IllegalArgumentException("glcolorconvert converts 8-bit formats only, not " + in.format() + " to "
                    + out.format());
        }
        String size = "const ivec2 size = ivec2(" + in.width() + ", " + in.height() + "); // the frame in pixels\n";
        String common = HEADER + size + reader(in.format()) + line(plan.upsampler(), plan.matrix()) + chroma(plan.downsampler());
        VideoFormat o = out.format();
        List<PlanePass> passes = new ArrayList<>();
        switch (o) {
            case RGBA, RGBx -> passes.add(pass(0, common, "vec4 c = line(p.x, p.y); store(c.yzwx);"));
            case BGRA, BGRx -> passes.add(pass(0, common, "vec4 c = line(p.x, p.y); store(c.wzyx);"));
            case GRAY8 -> passes.add(pass(0, common, "store(vec4(line(p.x, p.y).y, 0.0, 0.0, 255.0));"));
            case NV12 -> {
                passes.add(pass(0, common, "store(vec4(line(p.x, p.y).y, 0.0, 0.0, 255.0));"));
                passes.add(pass(1, common, "store(vec4(chroma(2 * p.x, 2 * p.y), 0.0, 255.0));"));
            }
            case I420, YV12 -> {
                int u = o == VideoFormat.I420 ? 1 : 2;
                passes.add(pass(0, common, "store(vec4(line(p.x, p.y).y, 0.0, 0.0, 255.0));"));
                passes.add(pass(u, common, "store(vec4(chroma(2 * p.x, 2 * p.y).x, 0.0, 0.0, 255.0));"));
                passes.add(pass(3 - u, common, "store(vec4(chroma(2 * p.x, 2 * p.y).y, 0.0, 0.0, 255.0));"));
            }
            case YUY2, UYVY -> {
                // A texel is a pixel pair; an odd width's missing second Y is 0, as GStreamer packs it.
                String pair = "int x = 2 * p.x; float y0 = line(x, p.y).y; float y1 = x + 1 < size.x ? line(x + 1, p.y).y : 0.0;"
                        + " vec2 c = chroma(x, p.y); ";
                passes.add(pass(0, common, pair + (o == VideoFormat.YUY2 ? "store(vec4(y0, c.x, y1, c.y));"
                        : "store(vec4(c.x, y0, c.y, y1));")));
            }
            default -> throw new IllegalArgumentException("glcolorconvert does not write " + o);
        }
        return passes;
    }

    private static PlanePass pass(int plane, String common, String body) {
        return new PlanePass(plane, common + "void main() {\n    ivec2 p = ivec2(gl_FragCoord.xy);\n    " + body + "\n}\n");
    }

    private static final String HEADER = """
            out vec4 fragColor;
            uniform sampler2D tex0;
            uniform sampler2D tex1;
            uniform sampler2D tex2;
            vec4 u8(vec4 t) { return floor(t * 255.0 + 0.5); }
            void store(vec4 c) { fragColor = c * (1.0 / 255.0); }
            // a >> n of non-negative integer-valued floats: exact (values stay far below 2^24)
            vec2 shr1(vec2 a) { return floor(a * 0.5); }
            vec2 shr2(vec2 a) { return floor(a * 0.25); }
            """;

    /**
     * {@code vec4 raw(int x, int y)}: the unpacked pixel (A, then R, G, B or Y, U, V; 0..255) with
     * subsampled chroma repeated, the row clamped into the frame as the CPU converter clamps it.
     */
    private static String reader(VideoFormat in) {
        String body = switch (in) {
            case RGBA, RGBx -> "vec4 t = u8(texelFetch(tex0, p, 0)); return t.wxyz;";
            case BGRA, BGRx -> "vec4 t = u8(texelFetch(tex0, p, 0)); return t.wzyx;";
            case GRAY8 -> "return vec4(255.0, u8(texelFetch(tex0, p, 0)).x, 128.0, 128.0);";
            case NV12 -> "return vec4(255.0, u8(texelFetch(tex0, p, 0)).x, u8(texelFetch(tex1, p / 2, 0)).xy);";
            case I420 -> "return vec4(255.0, u8(texelFetch(tex0, p, 0)).x, u8(texelFetch(tex1, p / 2, 0)).x,"
                    + " u8(texelFetch(tex2, p / 2, 0)).x);";
            case YV12 -> "return vec4(255.0, u8(texelFetch(tex0, p, 0)).x, u8(texelFetch(tex2, p / 2, 0)).x,"
                    + " u8(texelFetch(tex1, p / 2, 0)).x);";
            case YUY2 -> "vec4 t = u8(texelFetch(tex0, ivec2(p.x / 2, p.y), 0)); return vec4(255.0, (p.x & 1) == 0 ? t.x : t.z, t.yw);";
            case UYVY -> "vec4 t = u8(texelFetch(tex0, ivec2(p.x / 2, p.y), 0)); return vec4(255.0, (p.x & 1) == 0 ? t.y : t.w, t.xz);";
            default -> throw new IllegalArgumentException("glcolorconvert does not read " + in);
        };
        return "vec4 raw(int x, int y) {\n    ivec2 p = ivec2(x, y); // callers keep it inside the frame\n    " + body + "\n}\n";
    }

    /**
     * {@code vec4 line(int x, int y)}: the intermediate pixel after chroma upsampling and the
     * matrix, as {@code VideoConverter.line} leaves it (row clamped; an even row's vertical
     * partner is the row above, an odd row's the row below).
     */
    private static String line(ChromaResampler up, MatrixKernel matrix) {
        StringBuilder s = new StringBuilder();
        s.append("vec2 upH(int x, int y) {\n");
        if (up != null && up.horizontal()) {
            if (up.hCosited()) {
                // 1:1 between co-sited neighbours; even pixels and the last keep theirs (the pair repeats them).
                s.append("    return shr1(raw(x, y).zw + raw(min(x + 1, size.x - 1), y).zw + 1.0);\n");
            } else {
                // 3:1 towards the nearer neighbour (odd pixels: the next sample, even: the previous); the edges keep theirs.
                s.append("    int n = (x & 1) == 1 ? min(x + 1, size.x - 1) : max(x - 1, 0);\n")
                        .append("    return shr2(3.0 * raw(x, y).zw + raw(n, y).zw + 2.0);\n");
            }
        } else {
            s.append("    return raw(x, y).zw;\n");
        }
        s.append("}\n");
        s.append(matrix(matrix));
        s.append("vec4 line(int x, int y) {\n    vec4 c = raw(x, y);\n");
        if (up != null) {
            if (up.vertical()) {
                s.append("    int n = (y & 1) == 1 ? min(y + 1, size.y - 1) : max(y - 1, 0);\n")
                        .append("    c.zw = shr2(3.0 * upH(x, y) + upH(x, n) + 2.0);\n");
            } else {
                s.append("    c.zw = upH(x, y);\n");
            }
        }
        s.append("    return matrix(c);\n}\n");
        return s.toString();
    }

    /**
     * {@code vec4 matrix(vec4 c)}: the kernel's integer arithmetic (GStreamer's table or ORC path).
     * The table path's sums stay below 2^24, so floats hold them exactly and {@code floor(v / 256)}
     * is its {@code >> 8}; ORC's 16-bit wrap-around and saturation run in ints.
     */
    private static String matrix(MatrixKernel kernel) {
        return switch (kernel) {
            case null -> "vec4 matrix(vec4 c) { return c; }\n";
            case MatrixKernel.NoClip8 k -> {
                int[][] m = k.im();
                yield "vec4 matrix(vec4 c) {\n    vec3 v = c.y * " + col(m, 0) + " + c.z * " + col(m, 1) + " + c.w * " + col(m, 2)
                        + " + " + col(m, 3) + ";\n    return vec4(c.x, clamp(floor(v * (1.0 / 256.0)), 0.0, 255.0));\n}\n";
            }
            case MatrixKernel.Orc8 k -> {
                int[][] m = k.im();
                yield ORC + "vec4 matrix(vec4 f) {\n    ivec4 c = ivec4(f);\n"
                        + "    ivec4 s = ivec4(splat(c.x), splat(c.y), splat(c.z), splat(c.w));\n"
                        + "    ivec3 r = mulhs(s.y, " + scol(m, 0) + ") + mulhs(s.z, " + scol(m, 1) + ") + mulhs(s.w, "
                        + scol(m, 2) + ");\n"
                        + "    return vec4(ivec4(sat8(s.x), sat8(r.x), sat8(r.y), sat8(r.z)) + 128);\n}\n";
            }
            case MatrixKernel.YuvToRgb8 k -> ORC + "vec4 matrix(vec4 f) {\n    ivec4 c = ivec4(f);\n"
                    + "    int y = mulhs(splat(c.y), " + (short) k.p1() + ");\n    int u = splat(c.z);\n    int v = splat(c.w);\n"
                    + "    return vec4(c.x, sat8(y + mulhs(v, " + (short) k.p2() + ")) + 128,"
                    + " sat8(y + mulhs(u, " + (short) k.p4() + ") + mulhs(v, " + (short) k.p5() + ")) + 128,"
                    + " sat8(y + mulhs(u, " + (short) k.p3() + ")) + 128);\n}\n";
            case MatrixKernel.Matrix16 k -> throw new IllegalArgumentException("glcolorconvert has no 16-bit matrix");
        };
    }

    /** ORC's signed 16-bit helpers, as core's {@link MatrixKernel} spells them. */
    private static final String ORC = """
            int s16(int v) { return (v << 16) >> 16; }
            int splat(int v) { return s16(((v - 128) & 0xff) * 257); }
            int mulhs(int a, int b) { return (a * b) >> 16; }
            ivec3 mulhs(int a, ivec3 b) { return (a * b) >> 16; }
            int sat8(int v) { return clamp(s16(v), -128, 127); }
            """;

    private static String col(int[][] m, int j) {
        return "vec3(" + m[0][j] + ".0, " + m[1][j] + ".0, " + m[2][j] + ".0)";
    }

    /** A column as ORC's signed 16-bit coefficients. */
    private static String scol(int[][] m, int j) {
        return "ivec3(" + (short) m[0][j] + ", " + (short) m[1][j] + ", " + (short) m[2][j] + ")";
    }

    /**
     * {@code vec2 chroma(int x, int y)}: the chroma packed for the block whose first pixel is
     * ({@code x}, {@code y}), after downsampling: the line pair averaged (rounding up), then the
     * pixel pair averaged (centred) or filtered 1:2:1 (co-sited: 3:1 at the left edge, 1:3 at
     * the right), exactly {@code ChromaResampler.down}'s edges.
     */
    private static String chroma(ChromaResampler down) {
        StringBuilder s = new StringBuilder("vec2 downV(int x, int y) {\n");
        if (down != null && down.vertical()) {
            s.append("    return shr1(line(x, y).zw + line(x, min(y + 1, size.y - 1)).zw + 1.0);\n");
        } else {
            s.append("    return line(x, y).zw;\n");
        }
        s.append("}\nvec2 chroma(int x, int y) {\n");
        if (down != null && down.horizontal()) {
            if (down.hCosited()) {
                s.append("    vec3 k = x == 0 ? vec3(0.0, 3.0, 1.0) : (x < size.x - 2 ? vec3(1.0, 2.0, 1.0) : vec3(1.0, 3.0, 0.0));\n")
                        .append("    return shr2(k.x * downV(max(x - 1, 0), y) + k.y * downV(x, y)")
                        .append(" + k.z * downV(min(x + 1, size.x - 1), y) + 2.0);\n");
            } else {
                s.append("    return shr1(downV(x, y) + downV(min(x + 1, size.x - 1), y) + 1.0);\n");
            }
        } else {
            s.append("    return downV(x, y);\n");
        }
        s.append("}\n");
        return s.toString();
    }
}
