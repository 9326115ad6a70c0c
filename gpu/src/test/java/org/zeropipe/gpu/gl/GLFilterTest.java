package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lwjgl.opengl.GL11;
import org.lwjgl.opengl.GL13;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** What GLFilter leaves behind on its context when a frame fails. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLFilterTest {

    private static final int GL_SAMPLER_BINDING = 0x8919; // GL 3.3 / GLES 3.0

    /** A scaling filter whose drawing fails after it bound the linear sampler. */
    static final class FailingScaler extends GLFilter {
        FailingScaler() {
            super("failing");
        }

        @Override
        public String factoryName() {
            return "failingscaler";
        }

        @Override
        protected String fragmentShader() {
            return "in vec2 v_texcoord; out vec4 fragColor; uniform sampler2D tex;\n"
                    + "void main() { fragColor = texture(tex, v_texcoord); }";
        }

        @Override
        protected boolean linearSampling() {
            return true;
        }

        @Override
        protected boolean coversOutput() {
            throw new IllegalStateException("draw failed on purpose"); // asked for while drawing
        }
    }

    @Test
    void aFailedDrawLeavesTextureUnit0WithoutTheLinearSampler() {
        GLContext c = GLTestSupport.context();
        Pipeline p = LaunchParser.parse("gltestsrc num-buffers=1 name=src");
        Element filter = new FailingScaler();
        Element sink = org.zeropipe.core.pipeline.ElementRegistry.make("fakesink", "sink");
        p.add(filter, sink);
        p.byName("src").link(filter, Caps.parse("video/x-raw(memory:GLMemory),format=RGBA,width=32,height=32"));
        filter.link(sink);
        p.setContext(GLContext.CONTEXT_TYPE, c);
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(30), Message.Error.class, Message.Eos.class);
            Message.Error e = assertInstanceOf(Message.Error.class, m);
            assertTrue((e.text() + e.debug() + e.cause()).contains("draw failed on purpose"), e.toString());
        } finally {
            p.setState(State.NULL);
        }
        int bound = c.call(() -> {
            GL13.glActiveTexture(GL13.GL_TEXTURE0);
            return GL11.glGetInteger(GL_SAMPLER_BINDING);
        });
        assertEquals(0, bound, "unit 0 still samples through the filter's linear sampler: later filters would too");
    }
}
