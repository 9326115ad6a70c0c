package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;

/** BaseTransform keeps a reconfigure asked for while it negotiates (a property set meanwhile). */
@Timeout(30)
class TransformReconfigureTest {

    /** Asks for a reconfigure from inside its first negotiation, as a property hook would. */
    static final class ChangesWhileNegotiating extends BaseTransform {
        final AtomicInteger negotiations = new AtomicInteger();

        ChangesWhileNegotiating() {
            super("t", PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        }

        @Override
        protected boolean setCaps(Caps in, Caps out) {
            if (negotiations.incrementAndGet() == 1) {
                srcPad.markReconfigure(); // a property changed after the caps were chosen
            }
            return super.setCaps(in, out);
        }
    }

    @Test
    void aReconfigureDuringNegotiationRenegotiatesAtTheNextBuffer() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 3).set("size", 8).setFromString("caps", "test/x");
        ChangesWhileNegotiating t = new ChangesWhileNegotiating();
        FakeSink sink = new FakeSink("sink");
        p.add(src, t, sink);
        Element.linkMany(src, t, sink);
        try {
            p.setState(State.PLAYING);
            Message end = p.bus().pop(Duration.ofSeconds(20), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        } finally {
            p.setState(State.NULL);
        }
        assertEquals(2, t.negotiations.get(), "the caps event's negotiation, then one more for the reconfigure it kept");
    }
}
