package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;

@Timeout(20)
class PipelineBasicsTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void fakesrcToFakesinkRunsToEos() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 10).set("size", 64);
        FakeSink sink = new FakeSink("sink");
        AtomicInteger seen = new AtomicInteger();
        sink.setHandoff(b -> seen.incrementAndGet());
        p.add(src, sink);
        src.link(sink);
        // ASYNC, or SUCCESS when the sink prerolled before the bin's step ended.
        assertNotEquals(StateChangeReturn.FAILURE, p.setState(State.PLAYING));
        Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        assertEquals(10, seen.get());
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        assertEquals(State.NULL, sink.currentState());
        assertEquals(State.NULL, src.currentState());
    }

    @Test
    void pausedPrerollsOneBufferAndWaits() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        StateChangeReturn first = p.setState(State.PAUSED);
        assertTrue(first == StateChangeReturn.ASYNC || first == StateChangeReturn.SUCCESS, first.name());
        StateResult r = p.getState(WAIT);
        assertEquals(StateChangeReturn.SUCCESS, r.result());
        assertEquals(State.PAUSED, r.current());
        assertEquals(0, sink.rendered(), "a prerolled sink renders nothing in PAUSED");
        if (first == StateChangeReturn.ASYNC) {
            assertNotNull(p.bus().pop(WAIT, Message.AsyncDone.class));
        }
        p.setState(State.PLAYING);
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.rendered() < 100 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(sink.rendered() >= 100);
        p.setState(State.PAUSED);
        p.setState(State.PLAYING);
        p.setState(State.READY);
        assertEquals(State.READY, p.currentState());
        p.setState(State.NULL);
    }

    @Test
    void stateChangesWithoutDataUpAndDown() {
        Pipeline p = new Pipeline("p");
        Identity id = new Identity("id");
        p.add(id);
        for (State s : new State[] {State.READY, State.PAUSED, State.PLAYING, State.PAUSED, State.READY, State.NULL,
                State.PLAYING, State.NULL}) {
            StateChangeReturn r = p.setState(s);
            assertEquals(StateChangeReturn.SUCCESS, r, "to " + s);
            assertEquals(s, id.currentState());
        }
    }

    @Test
    void threeIdentitiesPassEverything() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 50);
        Identity a = new Identity("a");
        Identity b = new Identity("b");
        Identity c = new Identity("c");
        FakeSink sink = new FakeSink("sink");
        p.add(src, a, b, c, sink);
        Element.linkMany(src, a, b, c, sink);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        assertEquals(50, sink.rendered());
        p.setState(State.NULL);
    }
}
