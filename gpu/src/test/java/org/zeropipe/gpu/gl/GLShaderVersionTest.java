package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a stage's #version, and the default vertex stage written to match it (no GL needed). */
class GLShaderVersionTest {

    @Test
    void readsTheDirectiveAfterBlanksCommentsAndABom() {
        assertEquals(new GLShader.Version(100, ""), GLShader.Version.of("#version 100\nvarying vec2 v;"));
        assertEquals(new GLShader.Version(300, "es"), GLShader.Version.of("// a blur\n/* by me */\n  #version 300 es\r\nin vec2 v;"));
        assertEquals(new GLShader.Version(450, "core"), GLShader.Version.of("\uFEFF#version 450 core\n"));
        assertEquals(new GLShader.Version(120, ""), GLShader.Version.of("# version 120\n"));
        assertEquals(new GLShader.Version(100, ""), GLShader.Version.of("#version 100/* c */\n"));
    }

    @Test
    void noOrUnreadableDirectiveIsNull() {
        assertNull(GLShader.Version.of("out vec4 c; void main() { c = vec4(1.0); }"));
        assertNull(GLShader.Version.of("#define X 1\n#version 100\n")); // not first: the compiler will say so
        assertNull(GLShader.Version.of("#version abc\n"));
        assertNull(GLShader.Version.of(null));
        assertTrue(GLShader.Version.declared("#version abc\n"), "a malformed directive still declares one");
        assertFalse(GLShader.Version.declared("#versionless\n"));
    }

    @Test
    void theDefaultVertexStageFollowsTheFragmentsVersionAndDialect() {
        String legacy = GLShader.defaultVertexFor("// GStreamer style\n#version 100\nvarying vec2 v_texcoord;");
        assertTrue(legacy.startsWith("#version 100\n"), legacy);
        assertTrue(legacy.contains("attribute vec4 a_position;") && legacy.contains("varying vec2 v_texcoord;"), legacy);
        String es3 = GLShader.defaultVertexFor("#version 300 es\nin vec2 v_texcoord;");
        assertTrue(es3.startsWith("#version 300 es\n") && es3.contains("out vec2 v_texcoord;"), es3);
        assertEquals(GLShader.DEFAULT_VERTEX, GLShader.defaultVertexFor("in vec2 v_texcoord; out vec4 c;"));
        assertEquals(GLShader.DEFAULT_VERTEX, GLShader.defaultVertexFor(null));
    }
}
