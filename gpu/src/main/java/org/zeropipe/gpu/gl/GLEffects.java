package org.zeropipe.gpu.gl;

import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/** {@code gleffects}: a few fixed effects as one {@link GLFilter}; {@code effect} picks one. */
public final class GLEffects extends GLFilter {

    /** The effects; the names are GStreamer's gleffects names where it has the effect. */
    public enum Effect {
        IDENTITY("fragColor = texture(tex, v_texcoord);"),
        INVERT("vec4 c = texture(tex, v_texcoord); fragColor = vec4(1.0 - c.rgb, c.a);"),
        GRAYSCALE("vec4 c = texture(tex, v_texcoord); float y = dot(c.rgb, vec3(0.2126, 0.7152, 0.0722));"
                + " fragColor = vec4(y, y, y, c.a);"),
        SEPIA("vec4 c = texture(tex, v_texcoord); float y = dot(c.rgb, vec3(0.299, 0.587, 0.114));"
                + " fragColor = vec4(clamp(vec3(y) * vec3(1.07, 0.74, 0.43), 0.0, 1.0), c.a);"),
        MIRROR("vec2 t = v_texcoord; if (t.x > 0.5) t.x = 1.0 - t.x; fragColor = texture(tex, t);"),
        BLUR("vec2 px = 1.0 / vec2(textureSize(tex, 0)); vec4 sum = vec4(0.0);"
                + " for (int dy = -2; dy <= 2; dy++) for (int dx = -2; dx <= 2; dx++)"
                + " sum += texture(tex, v_texcoord + vec2(float(dx), float(dy)) * px);"
                + " fragColor = sum / 25.0;");

        private final String body;

        Effect(String body) {
            this.body = body;
        }

        String fragment() {
            return "in vec2 v_texcoord;\nout vec4 fragColor;\nuniform sampler2D tex;\nvoid main() {\n    " + body + "\n}\n";
        }
    }

    private final Property<Effect> effect;

    public GLEffects(String name) {
        super(name);
        effect = declare(PropertySpec.ofEnum("effect", Effect.class, Effect.IDENTITY, "the effect to apply"),
                this::shaderChanged);
    }

    public GLEffects() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "gleffects";
    }

    @Override
    protected String fragmentShader() {
        return effect.get().fragment();
    }
}
