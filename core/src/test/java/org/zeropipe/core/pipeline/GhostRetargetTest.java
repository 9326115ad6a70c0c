package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.CapsFilter;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;

/** Ghost pads retargeted and removed, and links through a caps filter. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GhostRetargetTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    private static AtomicInteger count(Identity id) {
        AtomicInteger n = new AtomicInteger();
        id.staticPad("src").addProbe(Set.of(PadProbe.Type.BUFFER), false, (pad, type, item) -> {
            n.incrementAndGet();
            return PadProbe.Return.OK;
        });
        return n;
    }

    @Test
    void aGhostPadIsRetargetedMidStreamFromAnIdleProbe() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("duration", 1000L);
        Bin bin = new Bin("bin");
        Identity a = new Identity("a");
        Identity b = new Identity("b");
        bin.add(a, b);
        Pad ghostSink = bin.addGhostPad("sink", a.staticPad("sink"));
        Pad ghostSrc = bin.addGhostPad("src", a.staticPad("src"));
        FakeSink sink = new FakeSink("sink");
        p.add(src, bin, sink);
        Element.linkMany(src, bin, sink);
        AtomicInteger viaA = count(a);
        AtomicInteger viaB = count(b);
        p.setState(State.PLAYING);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (viaA.get() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        CountDownLatch switched = new CountDownLatch(1);
        src.staticPad("src").addProbe(Set.of(PadProbe.Type.IDLE), false, (pad, type, item) -> {
            bin.setGhostTarget(ghostSink, b.staticPad("sink"));
            bin.setGhostTarget(ghostSrc, b.staticPad("src"));
            switched.countDown();
            return PadProbe.Return.OK;
        });
        assertTrue(switched.await(5, TimeUnit.SECONDS));
        int aAtSwitch = viaA.get();
        long renderedAtSwitch = sink.rendered();
        deadline = System.nanoTime() + WAIT.toNanos();
        while ((viaB.get() < 20 || sink.rendered() < renderedAtSwitch + 20) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        List<Message> errors = new java.util.ArrayList<>();
        Message m;
        while ((m = p.bus().pop()) != null) {
            if (m instanceof Message.Error) {
                errors.add(m);
            }
        }
        long rendered = sink.rendered();
        p.setState(State.NULL);
        assertEquals(List.of(), errors);
        assertEquals(aAtSwitch, viaA.get(), "nothing went through a after the switch");
        assertTrue(viaB.get() >= 20, "b carries the stream now: " + viaB.get());
        assertTrue(rendered >= renderedAtSwitch + 20, "the sink goes on getting buffers: " + rendered);
        assertSame(b.staticPad("sink"), bin.ghostTarget(ghostSink));
        assertFalse(a.staticPad("sink").isLinked() || a.staticPad("src").isLinked(), "a is free again");
    }

    @Test
    void aRemovedGhostPadFreesItsTargetAndItsOutsideLink() {
        Pipeline p = new Pipeline("p");
        Bin bin = new Bin("bin");
        Identity a = new Identity("a");
        bin.add(a);
        Pad ghostSrc = bin.addGhostPad("src", a.staticPad("src"));
        FakeSink sink = new FakeSink("sink");
        p.add(bin, sink);
        bin.link(sink);
        bin.removeGhostPad(ghostSrc);
        assertFalse(bin.pads().contains(ghostSrc));
        assertFalse(a.staticPad("src").isLinked());
        assertNull(sink.staticPad("sink").peer());
        assertThrows(IllegalArgumentException.class, () -> bin.removeGhostPad(ghostSrc));
        Pad again = bin.addGhostPad("src", a.staticPad("src"));
        assertSame(a.staticPad("src"), bin.ghostTarget(again), "the target can be ghosted again");
        assertThrows(IllegalArgumentException.class, () -> bin.setGhostTarget(again, a.staticPad("sink")),
                "a source ghost cannot lead to a sink pad");
    }

    @Test
    void linkingWithFilterCapsPutsACapsFilterBetween() {
        Pipeline p = new Pipeline("p");
        TestElements.CapsSource src = new TestElements.CapsSource("src",
                Caps.parse("video/x-raw, format=(string){ RGBA, NV12 }"));
        TestElements.CapsSink sink = new TestElements.CapsSink("sink", Caps.ANY);
        p.add(src, sink);
        assertSame(sink, src.link(sink, Caps.parse("video/x-raw, format=(string)NV12")));
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result());
        assertEquals(Caps.parse("video/x-raw, format=(string)NV12"), sink.received, "the filter forced the choice");
        assertTrue(p.children().stream().anyMatch(e -> e instanceof CapsFilter));
        p.setState(State.NULL);

        Pipeline q = new Pipeline("q");
        TestElements.CapsSource src2 = new TestElements.CapsSource("src2", Caps.parse("video/x-raw, format=(string)RGBA"));
        TestElements.CapsSink sink2 = new TestElements.CapsSink("sink2", Caps.ANY);
        q.add(src2, sink2);
        PadLinkException e = assertThrows(PadLinkException.class,
                () -> src2.link(sink2, Caps.parse("video/x-raw, format=(string)NV12")));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        assertEquals(2, q.children().size(), "the capsfilter was taken out again");
        assertFalse(src2.staticPad("src").isLinked());
        src2.link(sink2); // still free to link
    }
}
