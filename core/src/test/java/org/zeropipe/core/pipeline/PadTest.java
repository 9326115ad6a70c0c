package org.zeropipe.core.pipeline;

import org.zeropipe.core.Format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.trace.CopyAttribution;

class PadTest {

    /** Records what arrives at its sink pad; can push from its src pad. */
    static final class Probe extends Element {
        final Pad sink = Pad.fromTemplate(PadTemplate.sink(Caps.ANY));
        final Pad src = Pad.fromTemplate(PadTemplate.src(Caps.ANY));
        final List<String> seen = new ArrayList<>();
        String attributedTo;

        Probe(String name) {
            super(name);
            addPad(sink);
            addPad(src);
        }

        @Override
        protected FlowReturn chain(Pad pad, Buffer buffer) {
            attributedTo = CopyAttribution.current();
            seen.add("buffer");
            buffer.unref();
            return FlowReturn.OK;
        }

        @Override
        protected boolean handleEvent(Pad pad, Event event) {
            seen.add(event.typeName());
            return true;
        }
    }

    private static void activate(Element... es) {
        for (Element e : es) {
            e.activatePads(true);
        }
    }

    private static void deactivate(Element... es) {
        for (Element e : es) {
            e.activatePads(false);
        }
    }

    @Test
    void stickyEventsAreStoredAndSentInOrderToALateLinkedPeer() {
        Probe up = new Probe("up");
        Probe down = new Probe("down");
        activate(up, down);
        assertTrue(up.src.pushEvent(new Event.StreamStart("s")), "stored without peer");
        assertTrue(up.src.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME))));
        assertTrue(up.src.pushEvent(new Event.CapsEvent(Caps.parse("video/x-raw, width=(int)4"))));
        assertEquals(FlowReturn.NOT_LINKED, up.src.push(Buffer.allocate(4)));
        up.src.link(down.sink);
        // Attribution is kept while a copy tracer listens (without one, nobody reads it).
        try (org.zeropipe.core.trace.CopyCounter copies = org.zeropipe.core.trace.CopyCounter.attach()) {
            assertEquals(FlowReturn.OK, up.src.push(Buffer.allocate(4)));
        }
        assertEquals(List.of("stream-start", "caps", "segment", "buffer"), down.seen);
        assertEquals(Caps.parse("video/x-raw, width=(int)4"), down.sink.currentCaps());
        assertEquals("down", down.attributedTo, "chain runs attributed to the receiving element");
        assertNull(CopyAttribution.current());
        deactivate(up, down);
    }

    @Test
    void eosIsStickyAndRefusesFurtherData() {
        Probe up = new Probe("up");
        Probe down = new Probe("down");
        up.src.link(down.sink);
        activate(up, down);
        assertTrue(up.src.pushEvent(new Event.Eos()));
        assertEquals(FlowReturn.EOS, up.src.push(Buffer.allocate(1)));
        assertTrue(down.sink.isEos());
        up.src.pushEvent(new Event.FlushStart());
        up.src.pushEvent(new Event.FlushStop(true));
        assertFalse(down.sink.isEos(), "flush-stop clears EOS");
        assertEquals(FlowReturn.OK, up.src.push(Buffer.allocate(1)));
        deactivate(up, down);
    }

    @Test
    void inactivePadsRefuseDataWithFlushing() {
        Probe up = new Probe("up");
        Probe down = new Probe("down");
        up.src.link(down.sink);
        assertEquals(FlowReturn.FLUSHING, up.src.push(Buffer.allocate(1)));
        up.src.setActive(true);
        assertEquals(FlowReturn.FLUSHING, up.src.push(Buffer.allocate(1)), "the peer is still inactive");
        down.sink.setActive(true);
        assertEquals(FlowReturn.OK, up.src.push(Buffer.allocate(1)));
        deactivate(up, down);
    }

    @Test
    void linkingMisuseThrowsSayingWhy() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        Probe c = new Probe("c");
        assertEquals(PadLinkException.Reason.WRONG_DIRECTION,
                assertThrows(PadLinkException.class, () -> a.sink.link(b.src)).reason());
        a.src.link(b.sink);
        PadLinkException e = assertThrows(PadLinkException.class, () -> a.src.link(c.sink));
        assertEquals(PadLinkException.Reason.WAS_LINKED, e.reason());
        assertTrue(e.getMessage().contains("a:src") && e.getMessage().contains("b:sink"), e.getMessage());
        Bin bin = new Bin("bin");
        bin.add(c);
        assertEquals(PadLinkException.Reason.WRONG_HIERARCHY,
                assertThrows(PadLinkException.class, () -> b.src.link(c.sink)).reason());
        assertTrue(a.src.unlink());
        assertFalse(a.src.unlink());
        assertNull(b.sink.peer());
    }

    @Test
    void eventsMustTravelTheirDirection() {
        Probe a = new Probe("a");
        assertThrows(IllegalArgumentException.class, () -> a.src.pushEvent(new Event.Reconfigure()));
        assertThrows(IllegalArgumentException.class, () -> a.sink.pushEvent(new Event.Eos()));
        Buffer b = Buffer.allocate(1);
        assertThrows(IllegalStateException.class, () -> a.sink.push(b));
        assertEquals(0, b.refCount(), "a refused push still takes the reference");
    }

    @Test
    void reconfigureMarksTheSourcePad() {
        Probe up = new Probe("up");
        Probe down = new Probe("down");
        up.src.link(down.sink);
        assertTrue(up.src.checkReconfigure(), "a new link needs negotiation");
        assertFalse(up.src.needsReconfigure());
        down.sink.pushEvent(new Event.Reconfigure());
        assertTrue(up.src.needsReconfigure());
        assertSame(up.src, down.sink.peer());
    }

    @Test
    void segmentRunningTime() {
        Segment s = new Segment(Format.TIME, 1.0, 100, 1000, 0, 50, 0);
        assertEquals(50, s.toRunningTime(100));
        assertEquals(950, s.toRunningTime(1000));
        assertEquals(-1, s.toRunningTime(99));
        assertEquals(-1, s.toRunningTime(1001));
        assertEquals(100, new Segment(Format.TIME, 2.0, 0, -1, 0, 0, 0).toRunningTime(200));
        assertThrows(IllegalArgumentException.class, () -> new Segment(Format.TIME, 0.0, 0, -1, 0, 0, 0));
    }
}
