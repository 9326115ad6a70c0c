package org.zeropipe.v4l2;

import java.io.IOException;

/** Finds the VM's virtual devices by name (numbers change with module options). */
final class VividNodes {

    private VividNodes() {
    }

    /** The /dev/videoN whose sysfs name is {@code name}, e.g. {@code vivid-000-vid-cap}. */
    static String byName(String name) throws IOException {
        return V4l2Nodes.byName(name).orElseThrow(() -> new IllegalStateException(
                "no V4L2 node named " + name + " (is the vivid/vicodec/vim2m module loaded?)"));
    }

    static String capture() throws IOException {
        return byName("vivid-000-vid-cap");
    }

    static String output() throws IOException {
        return byName("vivid-000-vid-out");
    }

}
