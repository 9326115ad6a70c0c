package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;
import org.zeropipe.core.event.Event;

/** QOS events from sinks upstream, and transforms dropping late buffers (qos.md). */
@Timeout(20)
class QosTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final long MS = ClockTime.MSECOND;

    @Test
    void aSyncingSinkSendsJitterAndProportionUpstream() {
        ManualClock clock = new ManualClock();
        clock.jitter = 3 * MS; // every wait returns 3 ms late
        Pipeline p = new Pipeline("p");
        p.useClock(clock);
        FakeSrc src = new FakeSrc("src");
        src.set("duration", 10 * MS).set("num-buffers", 6);
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true).set("qos", true);
        p.add(src, sink);
        src.link(sink);
        // Upstream takes 20 ms of clock time for each 10 ms buffer: proportion 2.
        src.staticPad("src").addProbe(Set.of(PadProbe.Type.BUFFER), false, (pad, type, item) -> {
            clock.now += 20 * MS;
            return PadProbe.Return.OK;
        });
        List<Event.Qos> events = java.util.Collections.synchronizedList(new ArrayList<>());
        sink.staticPad("sink").addProbe(Set.of(PadProbe.Type.EVENT_UPSTREAM), false, (pad, type, item) -> {
            if (item instanceof Event.Qos q) {
                events.add(q);
            }
            return PadProbe.Return.OK;
        });
        p.setState(State.PLAYING);
        Message end = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        assertTrue(events.size() >= 5, "one QOS event per synced buffer: " + events);
        Event.Qos last = events.get(events.size() - 1);
        assertEquals(3 * MS, last.diff(), "the clock's lateness");
        assertEquals(50 * MS, last.timestamp(), "running time of the last buffer");
        assertEquals(2.0, last.proportion(), 1e-9, "20 ms of processing per 10 ms buffer");
    }

    @Test
    void aTransformWithQosDropsWhatWouldBeLateAndPostsQosMessages() throws Exception {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        Identity id = new Identity("id");
        id.set("qos", true);
        FakeSink sink = new FakeSink("sink");
        List<Long> rendered = java.util.Collections.synchronizedList(new ArrayList<>());
        sink.setHandoff(b -> rendered.add(b.pts()));
        p.add(src, id, sink);
        Element.linkMany(src, id, sink);
        p.setState(State.PLAYING);
        // Downstream says: the buffer at 50 ms came 10 ms late. Earliest worth doing: 50 + 2 × 10 ms.
        assertTrue(id.staticPad("src").sendEvent(new Event.Qos(1.5, 10 * MS, 50 * MS)));
        for (int i = 0; i < 10; i++) {
            Buffer b = Buffer.allocate(1);
            b.setPts(i * 10 * MS);
            b.setDuration(10 * MS);
            src.pushBuffer(b);
        }
        src.endOfStream();
        List<Message.Qos> qos = new ArrayList<>();
        Message m;
        Message end = null;
        while (end == null && (m = p.bus().pop(WAIT)) != null) {
            if (m instanceof Message.Qos q) {
                qos.add(q);
            } else if (m instanceof Message.Eos || m instanceof Message.Error) {
                end = m;
            }
        }
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        assertEquals(List.of(80 * MS, 90 * MS), rendered, "buffers up to 70 ms were dropped");
        assertEquals(8, qos.size(), "one QOS message per drop");
        assertEquals(8, qos.get(7).dropped());
        assertEquals(70 * MS, qos.get(7).runningTime());
    }

    @Test
    void withoutQosATransformPassesEverythingAndForwardsTheEvent() {
        Pipeline p = new Pipeline("p");
        AppSrc src = new AppSrc("src");
        Identity id = new Identity("id");
        FakeSink sink = new FakeSink("sink");
        p.add(src, id, sink);
        Element.linkMany(src, id, sink);
        List<Event> upstream = java.util.Collections.synchronizedList(new ArrayList<>());
        id.staticPad("sink").addProbe(Set.of(PadProbe.Type.EVENT_UPSTREAM), false, (pad, type, item) -> {
            upstream.add((Event) item);
            return PadProbe.Return.OK;
        });
        p.setState(State.PLAYING);
        id.staticPad("src").sendEvent(new Event.Qos(1.5, 10 * MS, 50 * MS));
        for (int i = 0; i < 5; i++) {
            Buffer b = Buffer.allocate(1);
            b.setPts(i * 10 * MS);
            src.pushBuffer(b);
        }
        src.endOfStream();
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        long n = sink.rendered();
        p.setState(State.NULL);
        assertEquals(5, n);
        assertTrue(upstream.stream().anyMatch(e -> e instanceof Event.Qos), "the QOS event went on upstream");
    }
}
