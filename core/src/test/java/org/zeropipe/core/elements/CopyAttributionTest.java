package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;

@Timeout(20)
class CopyAttributionTest {

    /** An in-place transform that writes every byte. */
    static final class Writer extends BaseTransform {
        Writer(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        }

        @Override
        protected boolean passthroughOnSameCaps() {
            return false;
        }

        @Override
        protected FlowReturn transformInPlace(Buffer buffer) {
            buffer.memset(0, (byte) 7, buffer.size());
            return FlowReturn.OK;
        }
    }

    @Test
    void copyOnWriteAfterATeeIsChargedToTheElementThatWrites() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 10).set("size", 1000);
        Tee tee = new Tee("tee");
        Writer w = new Writer("writer");
        FakeSink a = new FakeSink("a");
        // The other branch keeps every buffer (an appsink nobody pulls), so each write must copy.
        AppSink b = new AppSink("b");
        b.set("sync", false);
        Queue qa = new Queue("qa");
        Queue qb = new Queue("qb");
        // Without queues the first branch's sink would block the tee's thread in preroll (as in GStreamer).
        p.add(src, tee, qa, qb, w, a, b);
        src.link(tee);
        Element.linkMany(tee, qa, w, a);
        Element.linkMany(tee, qb, b);
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
            p.setState(State.NULL);
            Map<CopyCounter.Key, CopyCounter.Totals> t = copies.totals();
            assertEquals(10 * 1000, copies.bytes(CopyReason.COPY_ON_WRITE), copies.describe().toString());
            for (CopyCounter.Key k : t.keySet()) {
                assertEquals("writer", k.who(), "every copy is the writer's: " + copies.describe());
            }
        }
    }

    @Test
    void aPipelineThatOnlyPassesBuffersCopiesNothing() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 10).set("size", 1000);
        Identity id = new Identity("id");
        Queue q = new Queue("q");
        FakeSink sink = new FakeSink("sink");
        p.add(src, id, q, sink);
        Element.linkMany(src, id, q, sink);
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
            p.setState(State.NULL);
            assertEquals(0, copies.count(), copies.describe().toString());
        }
    }
}
