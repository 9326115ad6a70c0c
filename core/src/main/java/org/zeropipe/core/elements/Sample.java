package org.zeropipe.core.elements;

import java.util.Objects;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.Segment;

/**
 * A buffer with the caps and segment it came with (GStreamer's {@code GstSample}). The sample
 * owns one reference to the buffer — the same buffer object that went through the pipeline,
 * never a copy. {@link #close()} releases it; to keep the buffer longer, {@code ref()} it.
 */
public record Sample(Buffer buffer, Caps caps, Segment segment) implements AutoCloseable {

    public Sample {
        Objects.requireNonNull(buffer, "buffer");
    }

    /** Releases the sample's buffer reference. */
    @Override
    public void close() {
        buffer.unref();
    }
}
