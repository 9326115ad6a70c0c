package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;
import org.zeropipe.core.elements.Queue;

@Timeout(20)
class ErrorPathsTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Passes buffers through; fails one chosen state change, or throws from chain after n buffers. */
    static final class Failing extends Element {
        final Pad sink = Pad.fromTemplate(PadTemplate.sink(Caps.ANY));
        final Pad src = Pad.fromTemplate(PadTemplate.src(Caps.ANY));
        final StateChange failAt;
        final boolean throwing;

        Failing(String name, StateChange failAt, boolean throwing) {
            super(name);
            this.failAt = failAt;
            this.throwing = throwing;
            addPad(sink);
            addPad(src);
        }

        @Override
        protected StateChangeReturn changeState(StateChange t) {
            if (t == failAt) {
                if (throwing) {
                    throw new IllegalStateException("device vanished");
                }
                postError(name() + " cannot do " + t, null, null);
                return StateChangeReturn.FAILURE;
            }
            return super.changeState(t);
        }

        @Override
        protected FlowReturn chain(Pad pad, Buffer buffer) {
            return src.push(buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(value = StateChange.class, names = {"NULL_TO_READY", "READY_TO_PAUSED", "PAUSED_TO_PLAYING"})
    void anElementFailingAnUpwardStepFailsThePipelineAndItStillStops(StateChange failAt) {
        for (boolean throwing : new boolean[] {false, true}) {
            Pipeline p = new Pipeline("p");
            FakeSrc src = new FakeSrc("src");
            Failing f = new Failing("bad", failAt, throwing);
            FakeSink sink = new FakeSink("sink");
            p.add(src, f, sink);
            Element.linkMany(src, f, sink);
            StateChangeReturn r = p.setState(State.PLAYING);
            if (r == StateChangeReturn.ASYNC) {
                r = p.getState(WAIT).result();
            }
            assertEquals(StateChangeReturn.FAILURE, r, failAt + " throwing=" + throwing);
            Message.Error e = p.bus().await(Message.Error.class, WAIT);
            assertNotNull(e);
            assertEquals("bad", e.sourceName());
            assertTrue(e.text().contains(throwing ? "device vanished" : "cannot do"), e.text());
            assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
            assertEquals(State.NULL, f.currentState());
        }
    }

    @ParameterizedTest
    @EnumSource(value = StateChange.class, names = {"PLAYING_TO_PAUSED", "PAUSED_TO_READY", "READY_TO_NULL"})
    void anElementFailingADownwardStepReportsIt(StateChange failAt) {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        Failing f = new Failing("bad", failAt, false);
        FakeSink sink = new FakeSink("sink");
        p.add(src, f, sink);
        Element.linkMany(src, f, sink);
        p.setState(State.PLAYING);
        assertEquals(State.PLAYING, p.getState(WAIT).current());
        assertEquals(StateChangeReturn.FAILURE, p.setState(State.NULL));
        Message.Error e = p.bus().await(Message.Error.class, WAIT);
        assertNotNull(e);
        assertEquals("bad", e.sourceName());
        // Going down never stops at a failure: everything reached NULL, threads joined.
        assertEquals(State.NULL, f.currentState());
        assertEquals(State.NULL, sink.currentState());
        assertEquals(State.NULL, src.currentState());
    }

    @Test
    void aStreamingErrorPostsTheElementsNameAndStopsTheFlow() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        Identity id = new Identity("id");
        id.set("error-after", 5);
        Queue q = new Queue("q");
        FakeSink sink = new FakeSink("sink");
        p.add(src, id, q, sink);
        Element.linkMany(src, id, q, sink);
        p.setState(State.PLAYING);
        Message.Error e = p.bus().await(Message.Error.class, WAIT);
        assertEquals("id", e.sourceName());
        assertTrue(e.text().contains("error-after"), e.text());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        assertTrue(sink.rendered() <= 5);
    }

    @Test
    void anExceptionInChainBecomesAnErrorMessage() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        FakeSink sink = new FakeSink("sink");
        sink.setHandoff(b -> {
            throw new IllegalArgumentException("boom");
        });
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        Message.Error e = p.bus().await(Message.Error.class, WAIT);
        assertNotNull(e);
        assertEquals("sink", e.sourceName());
        assertTrue(e.text().contains("boom"), e.text());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }

    @Test
    void aSourceWithoutPeerStopsWithNotLinked() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        p.add(src);
        // The error may come while the pipeline is still changing state (then that change
        // fails) or right after it.
        StateChangeReturn r = p.setState(State.PLAYING);
        assertTrue(r == StateChangeReturn.SUCCESS || r == StateChangeReturn.FAILURE, r.name());
        Message.Error e = p.bus().await(Message.Error.class, WAIT);
        assertTrue(e.text().contains("not-linked"), e.text());
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }
}
