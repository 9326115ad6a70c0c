package org.zeropipe.core.trace;

/**
 * A {@link Tracer} that only watches copies: every copy the memory model performs, on the
 * copying thread, right after the copy. Attach one with {@link Tracers#attach} (or
 * {@link CopyTracers#add}). Implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface CopyTracer extends Tracer {
    @Override
    void onCopy(CopyEvent event);
}
