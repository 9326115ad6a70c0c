package org.zeropipe.gpu.gl;

/** Which GL a context speaks; shaders get the matching {@code #version} line. */
public enum GLApi {
    /** Desktop OpenGL 4.5, core profile. */
    OPENGL("#version 450 core\n"),
    /** OpenGL ES 3 (the fallback where desktop GL 4.5 cannot be had). */
    GLES("#version 300 es\nprecision highp float;\n");

    private final String shaderHeader;

    GLApi(String shaderHeader) {
        this.shaderHeader = shaderHeader;
    }

    /** The lines every shader of this API starts with. */
    public String shaderHeader() {
        return shaderHeader;
    }
}
