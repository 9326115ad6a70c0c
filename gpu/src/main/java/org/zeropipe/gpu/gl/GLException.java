package org.zeropipe.gpu.gl;

/** A GL or EGL failure: no usable EGL, a context that cannot be made, a GL error. */
public final class GLException extends RuntimeException {
    public GLException(String message) {
        super(message);
    }

    public GLException(String message, Throwable cause) {
        super(message, cause);
    }
}
