package org.zeropipe.gpu.gl;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;

/** Caps the GL elements speak, and the change of caps features between memory types. */
public final class GLCaps {

    /** Formats that upload and download handle (one texture per plane). */
    public static final String FORMATS = "{ (string)RGBA, (string)BGRA, (string)RGBx, (string)BGRx, (string)GRAY8, "
            + "(string)NV12, (string)I420, (string)YV12, (string)YUY2, (string)UYVY }";
    private static final String RANGES = ", width=(int)[ 1, 2147483647 ], height=(int)[ 1, 2147483647 ], "
            + "framerate=(fraction)[ 0/1, 2147483647/1 ]";

    /** Raw video in GL memory, any upload format. */
    public static final Caps GL_ANY = Caps.parse("video/x-raw(" + GLMemory.CAPS_FEATURE + "), format=(string)" + FORMATS + RANGES);
    /** Raw video in system memory, any upload format. */
    public static final Caps RAW_ANY = Caps.parse("video/x-raw, format=(string)" + FORMATS + RANGES);
    /** RGBA in GL memory: what filters and the test source speak. */
    public static final Caps GL_RGBA = Caps.parse("video/x-raw(" + GLMemory.CAPS_FEATURE + "), format=(string)RGBA" + RANGES);

    private static final CapsFeatures GL = CapsFeatures.of(GLMemory.CAPS_FEATURE);

    private GLCaps() {
    }

    /** {@code caps} with every structure in GL memory. */
    public static Caps toGL(Caps caps) {
        return withFeatures(caps, GL);
    }

    /** {@code caps} with every structure in system memory. */
    public static Caps toSystem(Caps caps) {
        return withFeatures(caps, CapsFeatures.SYSTEM_MEMORY);
    }

    private static Caps withFeatures(Caps caps, CapsFeatures features) {
        if (caps.isAny() || caps.isEmpty()) {
            return caps;
        }
        Caps.Builder b = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            b.add(caps.structure(i), features);
        }
        return b.build();
    }

    /** Whether fixed {@code caps} are in GL memory. */
    public static boolean isGL(Caps caps) {
        return caps.size() == 1 && caps.features(0).names().contains(GLMemory.CAPS_FEATURE);
    }
}
