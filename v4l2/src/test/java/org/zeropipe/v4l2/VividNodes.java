package org.zeropipe.v4l2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the VM's virtual devices by name (numbers change with module options). */
final class VividNodes {

    private VividNodes() {
    }

    /** The /dev/videoN whose sysfs name is {@code name}, e.g. {@code vivid-000-vid-cap}. */
    static String byName(String name) throws IOException {
        for (String node : DevicesCommand.videoNodes(Path.of("/dev"))) {
            Path sys = Path.of("/sys/class/video4linux", Path.of(node).getFileName().toString(), "name");
            if (Files.exists(sys) && Files.readString(sys).strip().equals(name)) {
                return node;
            }
        }
        throw new IllegalStateException("no V4L2 node named " + name + " (is the vivid/vicodec module loaded?)");
    }

    static String capture() throws IOException {
        return byName("vivid-000-vid-cap");
    }

    static String output() throws IOException {
        return byName("vivid-000-vid-out");
    }

}
