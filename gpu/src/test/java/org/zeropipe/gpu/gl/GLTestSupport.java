package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One GL context for the tests of a JVM (made once; skipped with the reason when EGL cannot make one). */
final class GLTestSupport {

    private static GLContext shared;
    private static String failure;
    private static final java.util.Map<GLApi, Object> PER_API = new java.util.EnumMap<>(GLApi.class); // context or why not

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

    /**
     * A context of exactly {@code api}, one per API for the JVM (skipped, saying why, where EGL
     * cannot make one), for tests parametrized over the API: hand it to a pipeline with
     * {@code setContext(GLContext.CONTEXT_TYPE, ...)}.
     */
    static synchronized GLContext context(GLApi api) {
        Object c = PER_API.computeIfAbsent(api, a -> {
            GLDisplay d = GLDisplay.open();
            try {
                return GLContext.create(d, a);
            } catch (GLException e) {
                return e.getMessage();
            } finally {
                d.unref();
            }
        });
        assumeTrue(c instanceof GLContext, () -> "no " + api + " context on this machine: " + c);
        return (GLContext) c;
    }
}
