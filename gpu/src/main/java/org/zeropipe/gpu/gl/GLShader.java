package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL20.GL_COMPILE_STATUS;
import static org.lwjgl.opengl.GL20.GL_FRAGMENT_SHADER;
import static org.lwjgl.opengl.GL20.GL_LINK_STATUS;
import static org.lwjgl.opengl.GL20.GL_VERTEX_SHADER;
import static org.lwjgl.opengl.GL20.glAttachShader;
import static org.lwjgl.opengl.GL20.glBindAttribLocation;
import static org.lwjgl.opengl.GL20.glCompileShader;
import static org.lwjgl.opengl.GL20.glCreateProgram;
import static org.lwjgl.opengl.GL20.glCreateShader;
import static org.lwjgl.opengl.GL20.glDeleteProgram;
import static org.lwjgl.opengl.GL20.glDeleteShader;
import static org.lwjgl.opengl.GL20.glGetProgramInfoLog;
import static org.lwjgl.opengl.GL20.glGetProgrami;
import static org.lwjgl.opengl.GL20.glGetShaderInfoLog;
import static org.lwjgl.opengl.GL20.glGetShaderi;
import static org.lwjgl.opengl.GL20.glGetUniformLocation;
import static org.lwjgl.opengl.GL20.glLinkProgram;
import static org.lwjgl.opengl.GL20.glShaderSource;
import static org.lwjgl.opengl.GL20.glUniform1f;
import static org.lwjgl.opengl.GL20.glUniform1i;
import static org.lwjgl.opengl.GL20.glUniform2f;
import static org.lwjgl.opengl.GL20.glUniform4f;
import static org.lwjgl.opengl.GL20.glUniformMatrix4fv;
import static org.lwjgl.opengl.GL20.glUseProgram;

import java.util.HashMap;
import java.util.Map;

/**
 * A linked vertex + fragment program on one context (owner thread only). Sources without a
 * {@code #version} line get the context's ({@link GLApi#shaderHeader}). The vertex inputs are
 * bound to {@link GLResources}' quad: {@code a_position}, {@code a_texcoord}.
 */
public final class GLShader {

    /** The default vertex stage: passes the quad through, {@code v_texcoord} to the fragment stage. */
    public static final String DEFAULT_VERTEX = """
            in vec4 a_position;
            in vec2 a_texcoord;
            out vec2 v_texcoord;
            void main() {
                gl_Position = a_position;
                v_texcoord = a_texcoord;
            }
            """;

    /** The identity fragment stage: samples {@code tex} at {@code v_texcoord}. */
    public static final String IDENTITY_FRAGMENT = """
            in vec2 v_texcoord;
            out vec4 fragColor;
            uniform sampler2D tex;
            void main() {
                fragColor = texture(tex, v_texcoord);
            }
            """;

    private final int program;
    private final Map<String, Integer> locations = new HashMap<>();

    private GLShader(int program) {
        this.program = program;
    }

    /** {@link #DEFAULT_VERTEX} in GLSL before 1.30 ({@code attribute}/{@code varying}), as GLSL ES 1.00 needs. */
    private static final String LEGACY_VERTEX = """
            attribute vec4 a_position;
            attribute vec2 a_texcoord;
            varying vec2 v_texcoord;
            void main() {
                gl_Position = a_position;
                v_texcoord = a_texcoord;
            }
            """;

    /**
     * Compiles and links; owner thread. A stage without a {@code #version} line gets the
     * context's ({@link GLApi#shaderHeader()}). With no vertex stage given, the default one is
     * written in the fragment stage's own GLSL version when it declares one: a stage pair must
     * share a version to link, and GStreamer's glshader shaders say {@code #version 100}.
     *
     * @throws GLShaderException quoting the GLSL log and the numbered source of the failing stage
     */
    public static GLShader compile(GLContext context, String vertex, String fragment) {
        context.checkOwner();
        String fs = withHeader(context.api(), fragment == null ? IDENTITY_FRAGMENT : fragment);
        // The fragment stage first: a failure is more likely the user's, and the default vertex
        // stage takes its version from it.
        int f = stage(GL_FRAGMENT_SHADER, "fragment", fs);
        int v;
        try {
            if (vertex != null) {
                v = stage(GL_VERTEX_SHADER, "vertex", withHeader(context.api(), vertex));
            } else {
                Version declared = Version.of(fragment);
                v = stage(GL_VERTEX_SHADER, declared == null ? "default vertex"
                        : "default vertex (written for the fragment's #version " + declared.text() + ")",
                        withHeader(context.api(), defaultVertexFor(fragment)));
            }
        } catch (GLShaderException e) {
            glDeleteShader(f);
            throw e;
        }
        int p = glCreateProgram();
        glAttachShader(p, v);
        glAttachShader(p, f);
        glBindAttribLocation(p, GLResources.POSITION, "a_position");
        glBindAttribLocation(p, GLResources.TEXCOORD, "a_texcoord");
        glLinkProgram(p);
        glDeleteShader(v);
        glDeleteShader(f);
        if (glGetProgrami(p, GL_LINK_STATUS) == 0) {
            String log = glGetProgramInfoLog(p);
            glDeleteProgram(p);
            throw new GLShaderException("shader program did not link:\n" + log.strip());
        }
        return new GLShader(p);
    }

    /**
     * A stage's {@code #version} directive: the number and the profile ("core", "es", or empty).
     * GLSL allows only whitespace and comments before it, and a space after {@code #}.
     */
    record Version(int number, String profile) {
        private static final java.util.regex.Pattern DIRECTIVE =
                java.util.regex.Pattern.compile("#[ \\t]*version[ \\t]+(\\d+)(?:[ \\t]+(\\w+))?");
        private static final java.util.regex.Pattern ANY_DIRECTIVE = java.util.regex.Pattern.compile("#[ \\t]*version\\b");

        /** The directive {@code source} starts with, or null (none, or not readable: the compiler will say). */
        static Version of(String source) {
            if (source == null) {
                return null;
            }
            int i = skipBlanksAndComments(source);
            java.util.regex.Matcher m = DIRECTIVE.matcher(source).region(i, source.length());
            if (!m.lookingAt()) {
                return null;
            }
            try {
                return new Version(Integer.parseInt(m.group(1)), m.group(2) == null ? "" : m.group(2));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** Whether {@code source} starts with a {@code #version} directive, readable or not. */
        static boolean declared(String source) {
            return ANY_DIRECTIVE.matcher(source).region(skipBlanksAndComments(source), source.length()).lookingAt();
        }

        String text() {
            return profile.isEmpty() ? Integer.toString(number) : number + " " + profile;
        }

        private static int skipBlanksAndComments(String s) {
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || c == '\uFEFF') {
                    i++;
                } else if (s.startsWith("//", i)) {
                    int end = s.indexOf('\n', i);
                    i = end < 0 ? s.length() : end + 1;
                } else if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    i = end < 0 ? s.length() : end + 2;
                } else {
                    break;
                }
            }
            return i;
        }
    }

    /** The default vertex stage in the version {@code fragment} declares, or versionless if it declares none. */
    static String defaultVertexFor(String fragment) {
        Version v = Version.of(fragment);
        if (v == null) {
            return DEFAULT_VERTEX;
        }
        return "#version " + v.text() + "\n" + (v.number() < 130 ? LEGACY_VERTEX : DEFAULT_VERTEX);
    }

    /** The source with the context's header unless it declares its own version (a leading BOM dropped). */
    private static String withHeader(GLApi api, String source) {
        String s = source.startsWith("\uFEFF") ? source.substring(1) : source;
        return Version.declared(s) ? s : api.shaderHeader() + s; // a malformed one: the compiler quotes it
    }

    private static int stage(int type, String name, String source) {
        int s = glCreateShader(type);
        glShaderSource(s, source);
        glCompileShader(s);
        if (glGetShaderi(s, GL_COMPILE_STATUS) == 0) {
            String log = glGetShaderInfoLog(s);
            glDeleteShader(s);
            throw new GLShaderException(name + " shader did not compile:\n" + log.strip() + "\nin:\n" + numbered(source));
        }
        return s;
    }

    /** The source with line numbers, as GLSL logs count them (from 1). */
    static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            sb.append(String.format("%4d | %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }

    public void use() {
        glUseProgram(program);
    }

    /** The uniform's location, -1 when the program has no such (active) uniform. */
    public int location(String name) {
        return locations.computeIfAbsent(name, n -> glGetUniformLocation(program, n));
    }

    public void setInt(String name, int value) {
        int l = location(name);
        if (l >= 0) {
            glUniform1i(l, value);
        }
    }

    public void setFloat(String name, float value) {
        int l = location(name);
        if (l >= 0) {
            glUniform1f(l, value);
        }
    }

    public void setVec2(String name, float x, float y) {
        int l = location(name);
        if (l >= 0) {
            glUniform2f(l, x, y);
        }
    }

    public void setVec4(String name, float x, float y, float z, float w) {
        int l = location(name);
        if (l >= 0) {
            glUniform4f(l, x, y, z, w);
        }
    }

    /** Sets a {@code mat4} (column-major, as {@link Matrix4} keeps it). */
    public void setMat4(String name, Matrix4 value) {
        int l = location(name);
        if (l >= 0) {
            glUniformMatrix4fv(l, false, value.toArray());
        }
    }

    /** Deletes the program; owner thread. */
    public void delete() {
        glDeleteProgram(program);
    }
}
