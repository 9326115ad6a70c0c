package org.zeropipe.core.launch;

import java.util.List;

import org.zeropipe.core.Format;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;

/**
 * Test-only elements, registered through the test class path's
 * META-INF/services/org.zeropipe.core.pipeline.ElementProvider: {@code testdemux} (its source
 * pad appears with the first buffer, like a demuxer's) and {@code testcopy} (copies every
 * buffer's bytes into a new one, so the copy report has exactly one known copier) and
 * {@code testsleep} (passes each buffer on after sleeping {@code sleep-us}: a known latency) and
 * {@code testkeep} (keeps a reference to the first buffer it sees: a known leak, which the test
 * releases through {@link #releaseKept}).
 */
public final class TestLaunchElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("testdemux", "a SOMETIMES source pad appears with the first buffer",
                        Demux::new),
                new ElementFactory("testcopy", "copies each buffer's bytes into a new buffer", CopyTransform::new),
                new ElementFactory("testsleep", "holds each buffer sleep-us microseconds (a known latency)",
                        SleepTransform::new),
                new ElementFactory("testkeep", "keeps a reference to the first buffer in KEPT (a known leak)",
                        KeepTransform::new));
    }

    static final class Demux extends Element {
        static final PadTemplate SRC = new PadTemplate("src_%u", PadDirection.SRC, PadPresence.SOMETIMES, Caps.ANY);
        private final Pad sink = Pad.fromTemplate(PadTemplate.sink(Caps.ANY));
        private volatile Pad out;

        @SuppressWarnings("this-escape")
        Demux(String name) {
            super(name);
            addPad(sink);
        }

        @Override
        public String factoryName() {
            return "testdemux";
        }

        @Override
        public List<PadTemplate> padTemplates() {
            return List.of(sink.template(), SRC);
        }

        @Override
        protected boolean handleEvent(Pad pad, Event event) {
            return out == null || super.handleEvent(pad, event);
        }

        @Override
        protected FlowReturn chain(Pad pad, Buffer buffer) {
            if (out == null) {
                Pad o = new Pad(SRC.padName(0), SRC);
                o.pushEvent(new Event.StreamStart("demuxed"));
                o.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME)));
                addPad(o);
                out = o;
            }
            return out.push(buffer);
        }
    }

    static final class CopyTransform extends BaseTransform {
        @SuppressWarnings("this-escape")
        CopyTransform(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        }

        @Override
        public String factoryName() {
            return "testcopy";
        }

        @Override
        protected boolean inPlace() {
            return false;
        }

        @Override
        protected boolean passthroughOnSameCaps() {
            return false;
        }

        @Override
        protected FlowReturn transform(Buffer in, Buffer out) {
            if (in.size() > 0) {
                try (Mapping m = in.map(MapFlags.READ)) {
                    out.fill(0, m.segment());
                }
            }
            return FlowReturn.OK;
        }
    }

    static final class SleepTransform extends BaseTransform {
        private final Property<Integer> sleepUs;

        @SuppressWarnings("this-escape")
        SleepTransform(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
            sleepUs = declare(PropertySpec.ofInt("sleep-us", 0, 0, Integer.MAX_VALUE,
                    "microseconds to hold each buffer"));
        }

        @Override
        public String factoryName() {
            return "testsleep";
        }

        @Override
        protected boolean passthroughOnSameCaps() {
            return false;
        }

        @Override
        protected FlowReturn transformInPlace(Buffer buffer) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(sleepUs.get() * 1000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return FlowReturn.FLUSHING;
            }
            return FlowReturn.OK;
        }
    }

    /** Buffers {@code testkeep} kept. */
    static final java.util.List<Buffer> KEPT = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Releases what {@code testkeep} kept; returns how many. */
    public static int releaseKept() {
        int n = KEPT.size();
        KEPT.forEach(Buffer::unref);
        KEPT.clear();
        return n;
    }

    static final class KeepTransform extends BaseTransform {
        private boolean kept;

        @SuppressWarnings("this-escape")
        KeepTransform(String name) {
            super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
            setPassthrough(true);
        }

        @Override
        public String factoryName() {
            return "testkeep";
        }

        @Override
        protected boolean transformInPlaceOnPassthrough() {
            return true;
        }

        @Override
        protected FlowReturn transformInPlace(Buffer buffer) {
            if (!kept) {
                kept = true;
                KEPT.add(buffer.ref());
            }
            return FlowReturn.OK;
        }
    }
}
