package org.zeropipe.core.elements;

import java.util.function.Consumer;

import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;

/**
 * Swallows buffers. {@code sync} is false by default (as GStreamer's fakesink). A handoff
 * callback sees each buffer (borrowed: {@code ref()} it to keep it).
 */
public final class FakeSink extends BaseSink {

    private volatile Consumer<Buffer> handoff;

    public FakeSink(String name) {
        super(name, PadTemplate.sink(Caps.ANY), false);
    }

    public FakeSink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "fakesink";
    }

    /** Called with each rendered buffer (borrowed), on the streaming thread. */
    public void setHandoff(Consumer<Buffer> callback) {
        handoff = callback;
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        Consumer<Buffer> h = handoff;
        if (h != null) {
            h.accept(buffer);
        }
        return FlowReturn.OK;
    }
}
