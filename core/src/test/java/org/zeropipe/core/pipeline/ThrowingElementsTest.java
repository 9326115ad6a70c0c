package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;

/**
 * Element code that throws becomes an ERROR message, and no buffer it held stays alive (the leak
 * checker fails these tests otherwise).
 */
@Timeout(20)
class ThrowingElementsTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void anAppSinkCallbackThatThrowsDoesNotLeakTheSample() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 3).set("size", 8);
        AppSink sink = new AppSink("sink");
        sink.set("sync", false);
        sink.setCallback(sample -> {
            throw new IllegalStateException("application bug");
        });
        p.add(src, sink);
        src.link(sink);
        try {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Error.class, p.bus().pop(WAIT, Message.Error.class, Message.Eos.class));
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Fills the slot, then fails. */
    static final class FillThenThrow extends BaseSource {
        FillThenThrow(String name) {
            super(name, PadTemplate.src(Caps.ANY));
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        protected FlowReturn create(Buffer[] out) {
            out[0] = allocateBuffer(16);
            throw new IllegalStateException("device gone");
        }
    }

    @Test
    void aCreateThatThrowsAfterFillingTheSlotDoesNotLeakTheBuffer() {
        Pipeline p = new Pipeline("p");
        FillThenThrow src = new FillThenThrow("src");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        try {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Error.class, p.bus().pop(WAIT, Message.Error.class, Message.Eos.class));
        } finally {
            p.setState(State.NULL);
        }
    }
}
