package org.zeropipe.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.RefCounted;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.Query;

/** The tracer API: which hooks fire, in which order, and none once detached. */
@Timeout(20)
class TracersTest {

    /** Writes each hook it sees as a line, for the pads and elements of one name prefix. */
    static final class Recorder implements Tracer {
        final List<String> lines = new ArrayList<>();
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger freed = new AtomicInteger();

        synchronized void add(String line) {
            lines.add(line);
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void padPushPre(Pad pad, Buffer buffer) {
            add("push-pre " + pad.fullName() + " " + buffer.size() + " bytes");
        }

        @Override
        public void padPushPost(Pad pad, FlowReturn result) {
            add("push-post " + pad.fullName() + " " + result);
        }

        @Override
        public void padChainPre(Pad pad, Buffer buffer) {
            add("chain-pre " + pad.fullName());
        }

        @Override
        public void padChainPost(Pad pad, FlowReturn result) {
            add("chain-post " + pad.fullName() + " " + result);
        }

        @Override
        public void padPushEventPre(Pad pad, Event event) {
            add("event " + pad.fullName() + " " + event.typeName());
        }

        @Override
        public void padQueryPre(Pad pad, Query query) {
            add("query-pre " + pad.fullName() + " " + query.typeName());
        }

        @Override
        public void padQueryPost(Pad pad, Query query, boolean handled) {
            add("query-post " + pad.fullName() + " " + query.typeName());
        }

        @Override
        public void elementStateChangePre(Element element, StateChange transition) {
            add("state-pre " + element.name() + " " + transition);
        }

        @Override
        public void elementStateChangePost(Element element, StateChange transition, StateChangeReturn result) {
            add("state-post " + element.name() + " " + transition);
        }

        @Override
        public void objectCreated(RefCounted object) {
            created.incrementAndGet();
        }

        @Override
        public void objectFreed(RefCounted object) {
            freed.incrementAndGet();
        }
    }

    @Test
    void everyHookFiresAroundWhatItWatches() {
        Pipeline p = LaunchParser.parse("fakesrc name=src num-buffers=2 size=8 ! identity name=id ! fakesink name=sink");
        Recorder r = new Recorder();
        try (Tracers.Attachment a = Tracers.attach(r)) {
            assertTrue(Tracers.active());
            p.setState(State.PLAYING);
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class,
                    Message.Error.class));
            p.setState(State.NULL);
        }
        assertFalse(Tracers.active());
        List<String> lines = r.lines();
        // A buffer's journey: pushed from src, chained into id, pushed on, chained into sink, returned.
        int first = lines.indexOf("push-pre src:src 8 bytes");
        assertTrue(first >= 0, String.join("\n", lines));
        List<String> buffers = lines.stream().filter(l -> l.startsWith("push") || l.startsWith("chain")).toList();
        int at = buffers.indexOf("push-pre src:src 8 bytes");
        assertEquals(List.of("push-pre src:src 8 bytes", "chain-pre id:sink", "push-pre id:src 8 bytes",
                "chain-pre sink:sink", "chain-post sink:sink OK", "push-post id:src OK", "chain-post id:sink OK",
                "push-post src:src OK"), buffers.subList(at, at + 8));
        assertEquals(4, buffers.stream().filter(l -> l.startsWith("push-pre")).count(), "2 buffers × 2 links");
        assertTrue(lines.contains("event src:src stream-start"), String.join("\n", lines));
        assertTrue(lines.contains("event id:src eos"), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("query-pre ")), String.join("\n", lines));
        int pre = lines.indexOf("state-pre sink NULL_TO_READY");
        assertTrue(pre >= 0 && lines.indexOf("state-post sink NULL_TO_READY") > pre, String.join("\n", lines));
        assertTrue(lines.contains("state-post sink PAUSED_TO_READY"), String.join("\n", lines));
        // fakesrc allocates from a pool of its own: one buffer and its memory serve both pushes.
        assertTrue(r.created.get() >= 2, "a buffer and its memory at least: " + r.created);
        assertEquals(r.created.get(), r.freed.get(), "everything made was freed");

        int seen = r.lines().size();
        Buffer.allocate(8).unref();
        assertEquals(seen, r.lines().size());
        assertEquals(r.created.get(), r.freed.get(), "detached: no hook fires");
    }

    @Test
    void aCopyTracerIsATracerOnTheSameList() {
        List<CopyEvent> events = new ArrayList<>();
        CopyTracer t = events::add;
        try (Tracers.Attachment a = Tracers.attach(t)) {
            assertEquals(List.of(t), Tracers.attached());
            Buffer b = Buffer.allocate(4);
            b.fill(0, new byte[4]);
            b.unref();
        }
        assertEquals(List.of(new CopyEvent("SystemMemory", 4, CopyReason.FILL, null)), events);
    }

    /** A sink whose chain throws: the runtime turns it into an ERROR; tracers still see the post hooks. */
    static final class ThrowingSink extends Element {
        @SuppressWarnings("this-escape")
        ThrowingSink(String name) {
            super(name);
            addPad(Pad.fromTemplate(org.zeropipe.core.pipeline.PadTemplate.sink(org.zeropipe.core.caps.Caps.ANY)));
        }

        @Override
        protected FlowReturn chain(Pad pad, Buffer buffer) {
            buffer.unref();
            throw new IllegalStateException("bug in chain");
        }
    }

    @Test
    void postHooksFollowPreHooksWhenAChainThrows() {
        Pad src = new Pad("src", org.zeropipe.core.pipeline.PadDirection.SRC);
        Element owner = new Element("owner") { };
        owner.addPad(src);
        ThrowingSink sink = new ThrowingSink("thrower");
        src.link(sink.staticPad("sink"));
        src.setActive(true);
        sink.staticPad("sink").setActive(true);
        Recorder r = new Recorder();
        try (Tracers.Attachment a = Tracers.attach(r)) {
            assertEquals(FlowReturn.ERROR, src.push(Buffer.allocate(4)));
        } finally {
            src.setActive(false);
            sink.staticPad("sink").setActive(false);
        }
        assertEquals(List.of("push-pre owner:src 4 bytes", "chain-pre thrower:sink", "chain-post thrower:sink ERROR",
                "push-post owner:src ERROR"), r.lines().stream().filter(l -> l.startsWith("push") || l.startsWith("chain"))
                .toList());
    }
}
