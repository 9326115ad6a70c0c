package org.zeropipe.gpu.gl;

import org.zeropipe.core.buffer.Buffer;

/**
 * One way {@code glupload} turns an input buffer into GL memory. The list is open: a later
 * module adds DMABuf or Vulkan imports with {@link GLUpload#addMethod}. Methods are tried in
 * order; the first that takes the buffer wins.
 */
public interface GLUploadMethod {

    /** A short name for messages ("glmemory", "raw", "dmabuf" …). */
    String name();

    /**
     * Uploads {@code in} (borrowed) to GL memory on {@code context} for frames of {@code info};
     * returns the output buffer (a reference the caller owns: {@code in} itself with a new
     * reference, or a new buffer), or {@code null} when this method cannot take this buffer.
     * {@code pool} gives output frames (active, configured for {@code info}).
     */
    Buffer upload(GLContext context, GLVideoInfo info, Buffer in, GLOutputFrames pool);

    /** Where an upload method gets an output frame from. */
    @FunctionalInterface
    interface GLOutputFrames {
        /** A frame of GL memory, or null when flushing. */
        Buffer acquire();
    }
}
