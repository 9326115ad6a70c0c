package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.elements.Tee;

/**
 * A sink whose streaming thread prerolls (and commits) while its own state step is still running
 * must not lose that commit: the element would stay ASYNC forever.
 */
@Timeout(60)
class AsyncCommitRaceTest {

    static final Duration WAIT = Duration.ofSeconds(3);

    /** A sink that lingers in changeState after the base class armed the preroll. */
    static final class SlowSink extends BaseSink {
        volatile StateChange slowOn;

        SlowSink(String name) {
            super(name, PadTemplate.sink(Caps.ANY), false);
        }

        @Override
        protected StateChangeReturn changeState(StateChange transition) {
            StateChangeReturn r = super.changeState(transition);
            if (transition == slowOn) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return r;
        }

        @Override
        protected FlowReturn render(Buffer buffer) {
            return FlowReturn.OK;
        }
    }

    @Test
    void pausingARunningPipelineCompletesWhenTheSinkPrerollsDuringItsStep() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        SlowSink sink = new SlowSink("sink");
        p.add(src, sink);
        src.link(sink);
        try {
            p.setState(State.PLAYING);
            assertEquals(State.PLAYING, p.getState(WAIT).current());
            sink.slowOn = StateChange.PLAYING_TO_PAUSED;
            p.setState(State.PAUSED);
            StateResult r = p.getState(WAIT);
            assertEquals(StateChangeReturn.SUCCESS, r.result(), "pipeline: " + r);
            assertEquals(State.PAUSED, r.current());
            StateResult s = sink.getState(WAIT);
            assertEquals(StateChangeReturn.SUCCESS, s.result(), "sink: " + s);
            assertEquals(State.PAUSED, s.current());
            p.setState(State.PLAYING);
            assertEquals(State.PLAYING, p.getState(WAIT).current(), "and it plays again");
        } finally {
            assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        }
    }

    @Test
    void aSinkAddedToARunningPipelinePrerollsDuringItsStep() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        Tee tee = new Tee("t");
        Queue q1 = new Queue("q1");
        FakeSink s1 = new FakeSink("s1");
        p.add(src, tee, q1, s1);
        src.link(tee);
        Element.linkMany(tee, q1, s1);
        try {
            p.setState(State.PLAYING);
            assertEquals(State.PLAYING, p.getState(WAIT).current());
            Queue q2 = new Queue("q2");
            SlowSink s2 = new SlowSink("s2");
            s2.slowOn = StateChange.READY_TO_PAUSED;
            p.add(q2, s2);
            q2.link(s2);
            q2.setState(State.PLAYING);
            tee.link(q2); // data reaches s2 while its READY→PAUSED step still runs
            s2.syncStateWithParent();
            StateResult s = s2.getState(WAIT);
            assertEquals(StateChangeReturn.SUCCESS, s.result(), "sink: " + s);
            assertEquals(State.PLAYING, s.current());
            assertTrue(p.getState(WAIT).current() == State.PLAYING);
        } finally {
            assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        }
    }
}
