package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.zeropipe.core.video.VideoColorimetry;
import org.zeropipe.core.video.VideoFormat;

/**
 * Writes the fragment stages of a colour conversion: one program per output plane. Each reads
 * the input planes (units 0..2: {@code tex0..tex2}) with {@code texelFetch} at whole pixels,
 * turns them into RGB (YUV through the input's matrix and range), and writes its plane (RGB
 * swizzled, or YUV through the output's matrix and range; 4:2:0 and 4:2:2 chroma is the mean of
 * the pixels it covers; upsampling repeats each chroma sample).
 */
final class GLColorShaders {

    /** The program of one output plane. */
    record PlanePass(int plane, String fragment) {
    }

    private GLColorShaders() {
    }

    static List<PlanePass> passes(VideoFormat in, VideoColorimetry inColor, VideoFormat out, VideoColorimetry outColor) {
        String common = header() + reader(in) + toRgb(in, inColor) + fromRgb(outColor);
        List<PlanePass> passes = new ArrayList<>();
        switch (out) {
            case RGBA -> passes.add(pass(0, common, "vec4 c = rgbaAt(p); fragColor = c;"));
            case BGRA -> passes.add(pass(0, common, "vec4 c = rgbaAt(p); fragColor = c.bgra;"));
            case RGBx -> passes.add(pass(0, common, "vec4 c = rgbaAt(p); fragColor = vec4(c.rgb, 1.0);"));
            case BGRx -> passes.add(pass(0, common, "vec4 c = rgbaAt(p); fragColor = vec4(c.bgr, 1.0);"));
            case GRAY8 -> passes.add(pass(0, common, "fragColor = vec4(gray(rgbaAt(p).rgb) / 255.0, 0.0, 0.0, 1.0);"));
            case NV12 -> {
                passes.add(pass(0, common, "fragColor = vec4(yuvAt(p).x / 255.0, 0.0, 0.0, 1.0);"));
                passes.add(pass(1, common, "vec3 c = chroma420(p); fragColor = vec4(c.y / 255.0, c.z / 255.0, 0.0, 1.0);"));
            }
            case I420, YV12 -> {
                int u = out == VideoFormat.I420 ? 1 : 2;
                passes.add(pass(0, common, "fragColor = vec4(yuvAt(p).x / 255.0, 0.0, 0.0, 1.0);"));
                passes.add(pass(u, common, "fragColor = vec4(chroma420(p).y / 255.0, 0.0, 0.0, 1.0);"));
                passes.add(pass(3 - u, common, "fragColor = vec4(chroma420(p).z / 255.0, 0.0, 0.0, 1.0);"));
            }
            case YUY2 -> passes.add(pass(0, common, "vec3 a = yuvAt(ivec2(2 * p.x, p.y)); vec3 b = yuvAt(ivec2(2 * p.x + 1, p.y));"
                    + " vec3 c = chroma422(p); fragColor = vec4(a.x, c.y, b.x, c.z) / 255.0;"));
            case UYVY -> passes.add(pass(0, common, "vec3 a = yuvAt(ivec2(2 * p.x, p.y)); vec3 b = yuvAt(ivec2(2 * p.x + 1, p.y));"
                    + " vec3 c = chroma422(p); fragColor = vec4(c.y, a.x, c.z, b.x) / 255.0;"));
            default -> throw new IllegalArgumentException("glcolorconvert does not write " + out);
        }
        return passes;
    }

    private static PlanePass pass(int plane, String common, String body) {
        return new PlanePass(plane, common + "void main() {\n    ivec2 p = ivec2(gl_FragCoord.xy);\n    " + body + "\n}\n");
    }

    private static String header() {
        return """
                out vec4 fragColor;
                uniform sampler2D tex0;
                uniform sampler2D tex1;
                uniform sampler2D tex2;
                uniform ivec2 size; // the frame in pixels
                ivec2 clampPx(ivec2 p) { return clamp(p, ivec2(0), size - 1); }
                """;
    }

    /** {@code vec4 raw(ivec2 p)}: the input at pixel p, as RGBA (0..1) or YUV (0..255) in xyz. */
    private static String reader(VideoFormat in) {
        String body = switch (in) {
            case RGBA, RGBx -> "vec4 t = texelFetch(tex0, p, 0); return vec4(t.rgb, " + (in == VideoFormat.RGBA ? "t.a" : "1.0") + ");";
            case BGRA, BGRx -> "vec4 t = texelFetch(tex0, p, 0); return vec4(t.bgr, " + (in == VideoFormat.BGRA ? "t.a" : "1.0") + ");";
            case GRAY8 -> "float y = texelFetch(tex0, p, 0).r; return vec4(y, y, y, 1.0);";
            case NV12 -> "return vec4(texelFetch(tex0, p, 0).r, texelFetch(tex1, p / 2, 0).rg, 1.0) * vec4(255.0, 255.0, 255.0, 1.0);";
            case I420 -> "return vec4(texelFetch(tex0, p, 0).r, texelFetch(tex1, p / 2, 0).r, texelFetch(tex2, p / 2, 0).r, 1.0)"
                    + " * vec4(255.0, 255.0, 255.0, 1.0);";
            case YV12 -> "return vec4(texelFetch(tex0, p, 0).r, texelFetch(tex2, p / 2, 0).r, texelFetch(tex1, p / 2, 0).r, 1.0)"
                    + " * vec4(255.0, 255.0, 255.0, 1.0);";
            case YUY2 -> "vec4 t = texelFetch(tex0, ivec2(p.x / 2, p.y), 0) * 255.0;"
                    + " return vec4((p.x & 1) == 0 ? t.r : t.b, t.g, t.a, 1.0);";
            case UYVY -> "vec4 t = texelFetch(tex0, ivec2(p.x / 2, p.y), 0) * 255.0;"
                    + " return vec4((p.x & 1) == 0 ? t.g : t.a, t.r, t.b, 1.0);";
            default -> throw new IllegalArgumentException("glcolorconvert does not read " + in);
        };
        return "vec4 raw(ivec2 q) {\n    ivec2 p = clampPx(q);\n    " + body + "\n}\n";
    }

    /** {@code vec4 rgbaAt(ivec2 p)}: RGB 0..1 and alpha. */
    private static String toRgb(VideoFormat in, VideoColorimetry color) {
        if (!in.isYuv()) {
            return "vec4 rgbaAt(ivec2 p) { return raw(p); }\n";
        }
        Matrix m = Matrix.of(color);
        boolean full = m.full();
        double kr = m.kr();
        double kb = m.kb();
        double kg = m.kg();
        return String.format(Locale.ROOT, """
                vec4 rgbaAt(ivec2 p) {
                    vec3 c = raw(p).xyz;
                    float y = %s;
                    float cb = %s;
                    float cr = %s;
                    float r = y + %.8f * cr;
                    float b = y + %.8f * cb;
                    float g = (y - %.8f * r - %.8f * b) / %.8f;
                    return vec4(clamp(vec3(r, g, b), 0.0, 1.0), 1.0);
                }
                """, full ? "c.x / 255.0" : "(c.x - 16.0) / 219.0", full ? "(c.y - 128.0) / 255.0" : "(c.y - 128.0) / 224.0",
                full ? "(c.z - 128.0) / 255.0" : "(c.z - 128.0) / 224.0", 2 * (1 - kr), 2 * (1 - kb), kr, kb, kg);
    }

    /** {@code vec3 yuvAt(ivec2 p)} (0..255), {@code gray}, and the chroma means. */
    private static String fromRgb(VideoColorimetry color) {
        Matrix m = Matrix.of(color);
        boolean full = m.full();
        return String.format(Locale.ROOT, """
                vec3 yuvOf(vec3 c) {
                    float l = dot(c, vec3(%.8f, %.8f, %.8f));
                    float u = (c.b - l) / %.8f;
                    float v = (c.r - l) / %.8f;
                    return %s;
                }
                vec3 yuvAt(ivec2 p) { return yuvOf(rgbaAt(clampPx(p)).rgb); }
                float gray(vec3 c) { return 255.0 * dot(c, vec3(0.299, 0.587, 0.114)); }
                vec3 chroma420(ivec2 p) {
                    ivec2 q = 2 * p;
                    return (yuvAt(q) + yuvAt(q + ivec2(1, 0)) + yuvAt(q + ivec2(0, 1)) + yuvAt(q + ivec2(1, 1))) / 4.0;
                }
                vec3 chroma422(ivec2 p) {
                    ivec2 q = ivec2(2 * p.x, p.y);
                    return (yuvAt(q) + yuvAt(q + ivec2(1, 0))) / 2.0;
                }
                """, m.kr(), m.kg(), m.kb(), 2 * (1 - m.kb()), 2 * (1 - m.kr()),
                full ? "vec3(255.0 * l, 128.0 + 255.0 * u, 128.0 + 255.0 * v)"
                        : "vec3(16.0 + 219.0 * l, 128.0 + 224.0 * u, 128.0 + 224.0 * v)");
    }

    /** The luma weights and range of a colorimetry (BT.709's weights when it names none). */
    private record Matrix(double kr, double kb, boolean full) {
        static Matrix of(VideoColorimetry color) {
            double[] k = color.matrix().krKb().orElse(new double[] {0.2126, 0.0722});
            return new Matrix(k[0], k[1], color.range() == VideoColorimetry.Range.FULL);
        }

        double kg() {
            return 1 - kr - kb;
        }
    }
}
