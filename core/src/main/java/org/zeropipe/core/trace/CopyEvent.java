package org.zeropipe.core.trace;

import java.util.Objects;

/**
 * One copy the memory model performed.
 *
 * @param memoryType the type of the memory the bytes were copied from ({@code SystemMemory}, …)
 * @param bytes      how many bytes were copied
 * @param reason     which model operation copied
 * @param who        who asked for it: the {@link CopyAttribution} of the copying thread
 *                   (an element name once the pipeline runtime sets it), or {@code null}
 */
public record CopyEvent(String memoryType, long bytes, CopyReason reason, String who) {
    public CopyEvent {
        Objects.requireNonNull(memoryType, "memoryType");
        Objects.requireNonNull(reason, "reason");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
    }
}
