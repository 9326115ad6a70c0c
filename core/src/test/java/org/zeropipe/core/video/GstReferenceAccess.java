package org.zeropipe.core.video;

import java.nio.file.Path;

/** Lets tests in sub-packages use {@link GstReference}. */
public final class GstReferenceAccess {

    private GstReferenceAccess() {
    }

    public static byte[] launchToFile(String pipelineWithoutSink, Path file) {
        return GstReference.launchToFile(pipelineWithoutSink, file);
    }
}
