package org.zeropipe.core.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChangeReturn;

/** Shutdown at any moment, with application threads blocked in appsrc and appsink. */
@Timeout(120)
class TeardownStressTest {

    @Test
    void teeAppsrcAppsinkTornDownWhileTheApplicationPushesAndPulls() throws Exception {
        for (int i = 0; i < 300; i++) {
            Pipeline p = new Pipeline("p");
            AppSrc in = new AppSrc("in");
            in.set("max-buffers", 2).set("block", true);
            Tee tee = new Tee("tee");
            Queue q1 = new Queue("q1");
            q1.set("max-size-buffers", 1 + i % 3);
            AppSink out = new AppSink("out");
            out.set("max-buffers", 1).set("sync", i % 2 == 0);
            Queue q2 = new Queue("q2");
            FakeSink fake = new FakeSink("fake");
            fake.set("sync", i % 3 == 0);
            p.add(in, tee, q1, out, q2, fake);
            in.link(tee);
            Element.linkMany(tee, q1, out);
            Element.linkMany(tee, q2, fake);
            p.setState(i % 4 == 0 ? State.PAUSED : State.PLAYING);
            AtomicBoolean stop = new AtomicBoolean();
            long[] pts = {0};
            Thread feeder = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    Buffer b = Buffer.allocate(16);
                    b.setPts(pts[0]);
                    b.setDuration(1_000_000);
                    pts[0] += 1_000_000;
                    if (!in.pushBuffer(b)) {
                        Thread.onSpinWait();
                    }
                }
            });
            Thread puller = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    Sample s = out.pullSample(Duration.ofMillis(5));
                    if (s != null) {
                        s.close();
                    }
                }
            });
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(500));
            StateChangeReturn r = p.setState(State.NULL);
            stop.set(true);
            feeder.join(5000);
            puller.join(5000);
            assertTrue(!feeder.isAlive() && !puller.isAlive(), "application threads stuck in round " + i);
            assertEquals(StateChangeReturn.SUCCESS, r, "round " + i);
        }
    }

    @Test
    void teardownDuringPrerollAndWhileBlockedInPushOrPull() throws Exception {
        Pipeline p = new Pipeline("p");
        AppSrc in = new AppSrc("in");
        in.set("max-buffers", 1).set("block", true);
        AppSink out = new AppSink("out");
        p.add(in, out);
        in.link(out);
        p.setState(State.PLAYING); // ASYNC: nothing pushed yet, the sink waits for its preroll
        AtomicBoolean pushReturned = new AtomicBoolean();
        Thread pusher = Thread.ofPlatform().start(() -> {
            // The first buffer prerolls, then the appsink... fills; eventually pushBuffer blocks.
            for (int k = 0; k < 100; k++) {
                in.pushBuffer(Buffer.allocate(4));
            }
            pushReturned.set(true);
        });
        Thread.sleep(100);
        Thread puller = Thread.ofPlatform().start(() -> {
            Sample s = out.pullSample(Duration.ofSeconds(30));
            if (s != null) {
                s.close();
            }
        });
        Thread.sleep(50);
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        pusher.join(5000);
        puller.join(5000);
        assertTrue(pushReturned.get(), "pushBuffer returned after the teardown");
        assertTrue(!puller.isAlive(), "pullSample returned after the teardown");
    }
}
