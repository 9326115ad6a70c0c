package org.zeropipe.gpu.gl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.DoubleValue;
import org.zeropipe.core.caps.IntValue;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * {@code glshader}: a user's shader as a {@link GLFilter}. The fragment (and optional vertex)
 * stage comes from {@code fragment}/{@code vertex} or from the files {@code fragment-location}/
 * {@code vertex-location}; without any, the identity. {@code uniforms} sets user uniforms as a
 * structure ({@code "uniforms, gain=(float)1.5, steps=(int)4"}); {@code time}, {@code width},
 * {@code height} and {@code tex} are always set. Changing a source recompiles at the next frame.
 */
public final class GLShaderElement extends GLFilter {

    private final Property<String> fragment;
    private final Property<String> vertex;
    private final Property<String> fragmentLocation;
    private final Property<String> vertexLocation;
    private final Property<String> uniforms;
    private volatile Structure parsedUniforms;

    public GLShaderElement(String name) {
        super(name);
        fragment = declare(PropertySpec.ofString("fragment", null, "GLSL fragment stage (no #version needed)"),
                this::shaderChanged);
        vertex = declare(PropertySpec.ofString("vertex", null, "GLSL vertex stage, null for the default"),
                this::shaderChanged);
        fragmentLocation = declare(PropertySpec.ofString("fragment-location", null, "file holding the fragment stage"),
                this::shaderChanged);
        vertexLocation = declare(PropertySpec.ofString("vertex-location", null, "file holding the vertex stage"),
                this::shaderChanged);
        uniforms = declare(PropertySpec.ofString("uniforms", null,
                "user uniforms as a structure: \"uniforms, name=(float)1.0, n=(int)2\""), this::parseUniforms);
    }

    public GLShaderElement() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "glshader";
    }

    private void parseUniforms() {
        String text = uniforms.get();
        if (text == null || text.isBlank()) {
            parsedUniforms = null;
            return;
        }
        Caps c = Caps.parse(text.contains(",") ? text : "uniforms, " + text);
        parsedUniforms = c.structure(0);
    }

    @Override
    protected String fragmentShader() {
        return source(fragment.get(), fragmentLocation.get(), GLShader.IDENTITY_FRAGMENT);
    }

    @Override
    protected String vertexShader() {
        return source(vertex.get(), vertexLocation.get(), null);
    }

    private String source(String text, String location, String fallback) {
        if (text != null) {
            return text;
        }
        if (location != null) {
            try {
                return Files.readString(Path.of(location));
            } catch (IOException e) {
                throw new GLShaderException("cannot read shader file " + location + ": " + e.getMessage());
            }
        }
        return fallback;
    }

    @Override
    protected void setUniforms(GLShader program, Buffer in) {
        Structure u = parsedUniforms;
        if (u == null) {
            return;
        }
        for (int i = 0; i < u.size(); i++) {
            Value v = u.value(i);
            switch (v) {
                case DoubleValue d -> program.setFloat(u.fieldName(i), (float) d.value());
                case IntValue n -> program.setInt(u.fieldName(i), n.value());
                default -> {
                    // other types have no GLSL uniform counterpart; ignored
                }
            }
        }
    }
}
