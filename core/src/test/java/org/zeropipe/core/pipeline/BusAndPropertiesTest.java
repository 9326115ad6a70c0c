package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Queue;

@Timeout(20)
class BusAndPropertiesTest {

    @Test
    void busPopsInOrderFiltersAndTimesOut() throws Exception {
        Bus bus = new Bus();
        assertNull(bus.pop());
        bus.post(new Message.Info(null, "one"));
        bus.post(new Message.Eos(null));
        assertInstanceOf(Message.Eos.class, bus.pop(Duration.ZERO, Message.Eos.class), "others are discarded");
        assertEquals(0, bus.size());
        long t0 = System.nanoTime();
        assertNull(bus.pop(Duration.ofMillis(50)));
        assertTrue(System.nanoTime() - t0 >= 45_000_000L);
        Thread poster = Thread.ofPlatform().start(() -> bus.post(new Message.Info(null, "late")));
        assertInstanceOf(Message.Info.class, bus.pop(Duration.ofSeconds(5)));
        poster.join();
    }

    @Test
    void syncHandlerSeesMessagesFirstAndCanDropThem() {
        Bus bus = new Bus();
        List<String> seen = new ArrayList<>();
        bus.setSyncHandler(m -> {
            seen.add(Thread.currentThread().getName());
            return m instanceof Message.Info ? Bus.SyncReply.DROP : Bus.SyncReply.PASS;
        });
        bus.post(new Message.Info(null, "x"));
        bus.post(new Message.Eos(null));
        assertEquals(2, seen.size());
        assertEquals(1, bus.size());
        bus.setFlushing(true);
        assertEquals(0, bus.size());
        bus.post(new Message.Eos(null));
        assertEquals(0, bus.size());
    }

    @Test
    void propertiesAreTypedWithDefaultsAndRanges() {
        Queue q = new Queue("q");
        assertEquals(200, q.get("max-size-buffers"));
        q.setFromString("max-size-buffers", "7");
        assertEquals(7, q.get("max-size-buffers"));
        q.set("max-size-time", 5); // an int widens to the long property
        assertEquals(5L, q.get("max-size-time"));
        q.setFromString("leaky", "Downstream");
        assertSame(Queue.Leaky.DOWNSTREAM, q.get("leaky"));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> q.set("max-size-buffers", -1));
        assertTrue(range.getMessage().contains("max-size-buffers") && range.getMessage().contains("[0,"), range.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> q.set("max-size-buffers", "x"));
        assertTrue(type.getMessage().contains("Integer"), type.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> q.get("nope"));
        assertTrue(unknown.getMessage().contains("nope") && unknown.getMessage().contains("max-size-bytes"),
                unknown.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> q.setFromString("leaky", "sideways"));
        assertTrue(text.getMessage().contains("upstream"), text.getMessage());
        FakeSrc src = new FakeSrc("s");
        src.setFromString("caps", "video/x-raw, width=(int)2");
        assertEquals(Caps.parse("video/x-raw, width=(int)2"), src.get("caps"));
        src.setFromString("is-live", "yes");
        assertEquals(true, src.get("is-live"));
        assertTrue(src.propertySpecs().stream().anyMatch(s -> s.name().equals("num-buffers")));
    }

    @Test
    void autoNamesAndUniqueNamesInABin() {
        FakeSink a = new FakeSink();
        FakeSink b = new FakeSink();
        assertTrue(a.name().startsWith("fakesink"));
        assertTrue(!a.name().equals(b.name()));
        Bin bin = new Bin("bin");
        bin.add(new FakeSink("x"));
        assertThrows(IllegalArgumentException.class, () -> bin.add(new FakeSink("x")));
        FakeSink y = new FakeSink("y");
        bin.add(y);
        assertThrows(IllegalStateException.class, () -> new Bin("other").add(y));
        assertSame(y, bin.byName("y"));
    }

    @Test
    void stateChangedMessagesArePosted() {
        Pipeline p = new Pipeline("p");
        p.add(new Queue("q"));
        p.setState(State.READY);
        List<String> changes = new ArrayList<>();
        Message m;
        while ((m = p.bus().pop()) != null) {
            if (m instanceof Message.StateChanged sc) {
                changes.add(sc.sourceName() + ":" + sc.oldState() + "->" + sc.newState());
            }
        }
        assertEquals(List.of("q:NULL->READY", "p:NULL->READY"), changes);
        p.setState(State.NULL);
    }

    @Test
    void aLiveSourceMakesPausedNoPrerollAndProducesOnlyInPlaying() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("is-live", true);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        assertEquals(StateChangeReturn.NO_PREROLL, p.setState(State.PAUSED));
        TaskThreads.awaitBlockedIn(src.staticPad("src"), Duration.ofSeconds(5), "BaseSource.waitPlaying");
        assertEquals(0, src.produced(), "a paused live source waits for PLAYING before its first buffer");
        assertEquals(0, sink.rendered());
        p.setState(State.PLAYING);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sink.rendered() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(sink.rendered() >= 10);
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
    }

    @Test
    void aSyncingSinkRendersAtTheBuffersRunningTime() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 10).set("duration", 10_000_000L); // 10 ms each: 100 ms in all
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true);
        p.add(src, sink);
        src.link(sink);
        long t0 = System.nanoTime();
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 85, "synced to the clock, took " + ms + " ms");
        p.setState(State.NULL);
    }

    @Test
    void thePipelineDistributesOneClockAndBaseTime() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        Queue q = new Queue("q");
        FakeSink sink = new FakeSink("sink");
        p.add(src, q, sink);
        Element.linkMany(src, q, sink);
        p.setState(State.PLAYING);
        p.getState(Duration.ofSeconds(5));
        assertSame(SystemClock.get(), p.clock());
        for (Element e : p.children()) {
            assertSame(p.clock(), e.clock(), e.name());
            assertEquals(p.baseTime(), e.baseTime(), e.name());
        }
        assertTrue(p.runningTime() >= 0);
        p.setState(State.PAUSED);
        long paused = p.runningTime();
        p.setState(State.PLAYING);
        assertTrue(p.runningTime() >= paused, "running time continues after a pause");
        p.setState(State.NULL);
    }
}
