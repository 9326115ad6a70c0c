package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** How tee combines the flow of its branches (gsttee.c gst_tee_handle_data). */
@Timeout(20)
class TeeFlowTest {

    /** A sink that accepts any caps in its template and query but refuses every caps event. */
    static final class RefusingSink extends BaseSink {
        RefusingSink(String name) {
            super(name, PadTemplate.sink(Caps.ANY), false);
        }

        @Override
        protected boolean setCaps(Caps caps) {
            return false;
        }

        @Override
        protected FlowReturn render(Buffer buffer) {
            return FlowReturn.OK;
        }
    }

    private static void fatalBranchStopsTheStream(boolean refusingFirst) {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 20).setFromString("caps", "test/x");
        Tee tee = new Tee("t");
        // The healthy branch has its own thread (a prerolled sink would otherwise hold the
        // tee's); the refusing sink is linked straight to the tee, so only the tee's result
        // can carry its not-negotiated flow to the source, which posts the error.
        Queue q = new Queue("q");
        FakeSink ok = new FakeSink("ok");
        RefusingSink bad = new RefusingSink("bad");
        p.add(src, tee, q, ok, bad);
        src.link(tee);
        q.link(ok);
        if (refusingFirst) {
            tee.link(bad);
            tee.link(q);
        } else {
            tee.link(q);
            tee.link(bad);
        }
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(5), Message.Error.class, Message.Eos.class);
            Message.Error e = assertInstanceOf(Message.Error.class, m,
                    "a branch that cannot negotiate stops the stream with an ERROR, not " + m);
            assertTrue((e.text() + " " + e.debug()).contains("not-negotiated") || e.text().contains("negotiat"),
                    e.toString());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aFatalFlowOfTheLastBranchIsNotHiddenByAnOkOne() {
        fatalBranchStopsTheStream(false);
    }

    @Test
    void aFatalFlowOfTheFirstBranchIsNotHiddenByAnOkOne() {
        fatalBranchStopsTheStream(true);
    }
}
