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

    /**
     * Compiles and links; owner thread.
     *
     * @throws GLShaderException quoting the GLSL log and the numbered source of the failing stage
     */
    public static GLShader compile(GLContext context, String vertex, String fragment) {
        context.checkOwner();
        String vs = withHeader(context.api(), vertex == null ? DEFAULT_VERTEX : vertex);
        String fs = withHeader(context.api(), fragment == null ? IDENTITY_FRAGMENT : fragment);
        int v = stage(GL_VERTEX_SHADER, "vertex", vs);
        int f;
        try {
            f = stage(GL_FRAGMENT_SHADER, "fragment", fs);
        } catch (GLShaderException e) {
            glDeleteShader(v);
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

    private static String withHeader(GLApi api, String source) {
        return source.stripLeading().startsWith("#version") ? source : api.shaderHeader() + source;
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
