package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.Identity;

/** Shared contexts (GstContext): set on a bin, announced with HAVE_CONTEXT, asked with NEED_CONTEXT. */
class ContextPropagationTest {

    @Test
    void aContextSetOnABinReachesItsChildrenPresentAndLater() {
        Pipeline p = new Pipeline("p");
        Bin inner = new Bin("inner");
        Identity a = new Identity("a");
        inner.add(a);
        p.add(inner);
        Object ctx = new Object();
        p.setContext("x.display", ctx);
        assertSame(ctx, a.context("x.display"));
        Identity b = new Identity("b");
        inner.add(b);
        assertSame(ctx, b.context("x.display"), "a child added later gets the bin's contexts");
        assertNull(b.context("other"));
    }

    @Test
    void haveContextIsKeptByTheBinsAndAnswersLaterNeedContext() {
        Pipeline p = new Pipeline("p");
        Identity maker = new Identity("maker");
        FakeSink other = new FakeSink("other");
        p.add(maker, other);
        List<Message> seen = new ArrayList<>();
        p.bus().setSyncHandler(m -> {
            seen.add(m);
            return Bus.SyncReply.PASS;
        });
        Object ctx = new Object();
        maker.postMessage(new Message.HaveContext(maker, "x.display", ctx));
        assertSame(ctx, other.context("x.display"), "the pipeline handed it to every child");
        Identity late = new Identity("late");
        p.add(late);
        late.postMessage(new Message.NeedContext(late, "x.display"));
        assertSame(ctx, late.context("x.display"));
        assertEquals(1, seen.size(), "the pipeline answered NEED_CONTEXT itself; only HAVE_CONTEXT reached the bus: " + seen);
    }

    @Test
    void anUnansweredNeedContextReachesTheApplicationWhichMayAnswerAtOnce() {
        Pipeline p = new Pipeline("p");
        Identity asker = new Identity("asker");
        p.add(asker);
        Object appCtx = new Object();
        p.bus().setSyncHandler(m -> {
            if (m instanceof Message.NeedContext n) {
                n.source().setContext(n.contextType(), appCtx);
                return Bus.SyncReply.DROP;
            }
            return Bus.SyncReply.PASS;
        });
        asker.postMessage(new Message.NeedContext(asker, "x.display"));
        assertSame(appCtx, asker.context("x.display"));
    }
}
