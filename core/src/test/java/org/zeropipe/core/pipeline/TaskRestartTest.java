package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.Format;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.event.Event;

/** A task is never (re)started on a pad that was deactivated, whatever races with the deactivation. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskRestartTest {

    @Test
    void startTaskOnAnInactivePadDoesNothing() throws Exception {
        FakeSrc src = new FakeSrc("src");
        Pad pad = src.staticPad("src");
        AtomicInteger calls = new AtomicInteger();
        pad.startTask(() -> {
            calls.incrementAndGet();
            pad.pauseTask();
        });
        Thread.sleep(100);
        assertFalse(pad.isTaskRunning());
        assertEquals(0, calls.get(), "the loop of an inactive pad never runs");
        pad.stopTask();
    }

    private static boolean threadAlive(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void seeksRacingAShutdownNeverLeaveAStreamingThread() throws Exception {
        for (int i = 0; i < 150; i++) {
            Pipeline p = new Pipeline("p");
            FakeSrc src = new FakeSrc("src" + i);
            Queue q = new Queue("q" + i);
            FakeSink sink = new FakeSink("sink" + i);
            p.add(src, q, sink);
            Element.linkMany(src, q, sink);
            p.setState(State.PLAYING);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Thread seeker = Thread.ofPlatform().start(() -> {
                started.countDown();
                while (!stop.get()) {
                    p.sendEvent(new Event.Seek(1.0, Format.TIME, true, 0, -1));
                }
            });
            started.await();
            Thread.sleep(i % 5);
            p.setState(State.READY);
            Thread.sleep(2);
            stop.set(true);
            seeker.join();
            Thread.sleep(5);
            String leaked = threadAlive(src.name() + ":src:task") ? src.name()
                    : threadAlive(q.name() + ":src:task") ? q.name() : null;
            p.setState(State.NULL);
            assertTrue(leaked == null, "iteration " + i + ": a streaming thread of " + leaked
                    + " runs after the pipeline went to READY");
        }
    }
}
