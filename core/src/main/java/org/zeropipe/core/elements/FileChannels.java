package org.zeropipe.core.elements;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/** What filesrc and filesink share: closing their channel at stop without failing the state change. */
final class FileChannels {

    private FileChannels() {
    }

    /** Closes {@code channel} if open; a failure is reported to {@code warn}, never thrown. */
    static void close(FileChannel channel, String location, Consumer<String> warn) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            warn.accept("closing " + location + " failed: " + e.getMessage());
        }
    }
}
