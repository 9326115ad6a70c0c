package org.zeropipe.gpu.gl;

/** A shader that did not compile or link; the message quotes the GLSL log and the source. */
public final class GLShaderException extends RuntimeException {
    public GLShaderException(String message) {
        super(message);
    }
}
