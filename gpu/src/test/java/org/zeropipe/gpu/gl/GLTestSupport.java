package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One GL context for the tests of a JVM (made once; skipped with the reason when EGL cannot make one). */
final class GLTestSupport {

    private static GLContext shared;
    private static String failure;

    private GLTestSupport() {
    }

    static synchronized GLContext context() {
        if (shared == null && failure == null) {
            try {
                shared = GLContext.create();
            } catch (GLException e) {
                failure = e.getMessage();
            }
        }
        assumeTrue(shared != null, () -> "no GL context on this machine: " + failure);
        return shared;
    }
}
