package org.zeropipe.core.pipeline;

import org.zeropipe.core.Format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.event.Event;

@Timeout(20)
class PadListenerTest {

    /** Like a demuxer: its source pad appears with the first buffer. */
    static final class Demux extends Element {
        static final PadTemplate SRC = new PadTemplate("src_%u", PadDirection.SRC, PadPresence.SOMETIMES, Caps.ANY);
        final Pad sink = Pad.fromTemplate(PadTemplate.sink(Caps.ANY));
        volatile Pad out;

        Demux(String name) {
            super(name);
            addPad(sink);
        }

        @Override
        public List<PadTemplate> padTemplates() {
            return List.of(sink.template(), SRC);
        }

        @Override
        protected boolean handleEvent(Pad pad, Event event) {
            Pad o = out;
            if (o == null) {
                // Stream-start, segment, EOS before the pad exists: kept for later, as a demuxer would.
                return true;
            }
            return super.handleEvent(pad, event);
        }

        @Override
        protected FlowReturn chain(Pad pad, Buffer buffer) {
            if (out == null) {
                Pad o = new Pad(SRC.padName(0), SRC);
                o.pushEvent(new Event.StreamStart("demuxed"));
                o.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME)));
                addPad(o); // the listener links it, on this streaming thread
                out = o;
            }
            return out.push(buffer);
        }
    }

    @Test
    void aSometimesPadIsLinkedWhenItAppears() {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 20);
        Demux demux = new Demux("demux");
        FakeSink sink = new FakeSink("sink");
        p.add(src, demux, sink);
        src.link(demux);
        List<String> added = new CopyOnWriteArrayList<>();
        demux.addPadListener((element, pad) -> {
            added.add(pad.name());
            pad.link(sink.staticPad("sink"));
        });
        p.setState(State.PLAYING);
        Message m = p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        assertEquals(List.of("src_0"), added);
        assertEquals(20, sink.rendered());
        p.setState(State.NULL);
    }
}
