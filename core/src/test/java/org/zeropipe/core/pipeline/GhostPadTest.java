package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.CapsFilter;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.Identity;
import org.zeropipe.core.elements.Queue;

@Timeout(20)
class GhostPadTest {

    @Test
    void binsWithGhostPadsLinkAndStreamLikeElements() {
        Pipeline p = new Pipeline("p");
        Bin srcBin = new Bin("srcbin");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 25).setFromString("caps", "test/x, n=(int){ 1, 2 }");
        Identity id = new Identity("id");
        srcBin.add(src, id);
        src.link(id);
        srcBin.addGhostPad("src", id.staticPad("src"));

        Bin sinkBin = new Bin("sinkbin");
        Queue q = new Queue("q");
        CapsFilter f = new CapsFilter("f");
        f.setFromString("caps", "test/x, n=(int)2");
        FakeSink sink = new FakeSink("sink");
        sinkBin.add(q, f, sink);
        Element.linkMany(q, f, sink);
        sinkBin.addGhostPad("sink", q.staticPad("sink"));

        p.add(srcBin, sinkBin);
        srcBin.link(sinkBin);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class,
                p.bus().pop(Duration.ofSeconds(5), Message.Eos.class, Message.Error.class));
        assertEquals(25, sink.rendered());
        assertEquals(Caps.parse("test/x, n=(int)2"), sink.staticPad("sink").currentCaps(),
                "negotiated through both ghost pads");
        assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        assertEquals(State.NULL, sink.currentState());
    }

    @Test
    void ghostTargetsMustBeUnlinkedPadsOfChildren() {
        Bin bin = new Bin("b");
        Identity inside = new Identity("in");
        Identity outside = new Identity("out");
        bin.add(inside);
        assertThrows(IllegalArgumentException.class, () -> bin.addGhostPad("sink", outside.staticPad("sink")));
        bin.addGhostPad("sink", inside.staticPad("sink"));
        assertThrows(IllegalArgumentException.class, () -> bin.addGhostPad("sink2", inside.staticPad("sink")));
    }
}
