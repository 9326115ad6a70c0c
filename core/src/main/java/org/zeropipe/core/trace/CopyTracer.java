package org.zeropipe.core.trace;

/**
 * Receives every copy the memory model performs, on the copying thread, right after the copy.
 * Attach one with {@link CopyTracers#add}. Implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface CopyTracer {
    void onCopy(CopyEvent event);
}
