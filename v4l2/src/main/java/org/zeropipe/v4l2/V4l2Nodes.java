package org.zeropipe.v4l2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds V4L2 nodes by their sysfs name (numbers change with module options and load order). */
public final class V4l2Nodes {

    private V4l2Nodes() {
    }

    /** The /dev/videoN whose {@code /sys/class/video4linux/videoN/name} is {@code name}, e.g. {@code vim2m}. */
    public static Optional<String> byName(String name) {
        try {
            for (String node : DevicesCommand.videoNodes(Path.of("/dev"))) {
                Path sys = Path.of("/sys/class/video4linux", Path.of(node).getFileName().toString(), "name");
                if (Files.exists(sys) && Files.readString(sys).strip().equals(name)) {
                    return Optional.of(node);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("listing V4L2 nodes", e);
        }
    }
}
