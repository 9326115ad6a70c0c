package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.Format;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Queue;
import org.zeropipe.core.elements.Tee;
import org.zeropipe.core.event.Event;

/** After EOS and a flushing seek, the pipeline's EOS waits again for every sink. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EosAfterSeekTest {

    @Test
    void aFlushingSeekForgetsWhichSinksReachedEos() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 5);
        Tee tee = new Tee("t");
        Queue qa = new Queue("qa");
        Queue qb = new Queue("qb");
        FakeSink a = new FakeSink("a");
        FakeSink b = new FakeSink("b");
        p.add(src, tee, qa, qb, a, b);
        src.link(tee);
        Element.linkMany(tee, qa, a);
        Element.linkMany(tee, qb, b);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdEos = new AtomicBoolean();
        qb.staticPad("src").addProbe(Set.of(PadProbe.Type.EVENT_DOWNSTREAM), false, (pad, type, item) -> {
            if (item instanceof Event.Eos && holdEos.get()) {
                try {
                    release.await(10, TimeUnit.SECONDS); // b reaches EOS only when the test says
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return PadProbe.Return.OK;
        });
        try {
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
            holdEos.set(true);
            assertTrue(p.sendEvent(new Event.Seek(1.0, Format.TIME, true, 0, -1)));
            assertNull(p.bus().pop(Duration.ofMillis(500), Message.Eos.class, Message.Error.class),
                    "no EOS while sink b has not reached the end of the new segment");
            release.countDown();
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
        } finally {
            release.countDown();
            p.setState(State.NULL);
        }
    }
}
