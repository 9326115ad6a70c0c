package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.Format;
import org.zeropipe.core.audio.elements.FakeAudioSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.State;

@Timeout(30)
class FakeAudioSinkTest {

    /** Pushes what the test gives it, from the test's thread. */
    private static final class Feeder extends Element {
        final Pad src = Pad.fromTemplate(PadTemplate.src(Caps.ANY));

        Feeder() {
            super("feed");
            addPad(src);
        }
    }

    private static final AudioInfo MONO = AudioInfo.of(AudioFormat.S16LE, 48000, 1);

    /** Pushes {@code buffers} buffers of 960 frames, every sample {@code value}, from stream time {@code startNs}. */
    private static void push(Pad src, long startNs, int buffers, short value) {
        for (int i = 0; i < buffers; i++) {
            Buffer b = Buffer.allocate(960 * 2);
            try (var m = b.map(MapFlags.WRITE)) {
                for (int f = 0; f < 960; f++) {
                    m.segment().set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * f, value);
                }
            }
            b.setPts(startNs + i * 20_000_000L);
            b.setDuration(20_000_000L);
            assertEquals(FlowReturn.OK, src.push(b));
        }
    }

    /**
     * A flushing seek backwards, then forwards: each new stream is played whole (the ring is
     * reset and placed by running time), neither dropped as already played nor waiting for the
     * reader to reach the stream's time.
     */
    @Test
    void afterAFlushingSeekTheNewStreamIsPlayedWhicheverWayItWent() throws InterruptedException {
        Pipeline p = new Pipeline("p");
        FakeAudioSink sink = new FakeAudioSink("out");
        sink.set("real-time", false);
        p.add(sink);
        ConcurrentHashMap<Short, AtomicLong> played = new ConcurrentHashMap<>();
        sink.setHandoff(seg -> {
            for (long o = 0; o < seg.byteSize(); o += 2) {
                played.computeIfAbsent(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, o), k -> new AtomicLong()).incrementAndGet();
            }
        });
        Feeder feeder = new Feeder();
        p.add(feeder);
        Pad src = feeder.src;
        src.link(sink.staticPad("sink"));
        try {
            p.setState(State.PLAYING);
            assertTrue(src.pushEvent(new Event.StreamStart("s")));
            assertTrue(src.pushEvent(new Event.CapsEvent(MONO.toCaps())));
            assertTrue(src.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME))));
            push(src, 0, 25, (short) 1); // 0.5 s: the reader is well past frame 0
            for (short v : new short[] {2, 3}) {
                // 2: back to 0 s; 3: on to 60 s
                long start = v == 2 ? 0 : 60_000_000_000L;
                assertTrue(src.pushEvent(new Event.FlushStart()));
                assertTrue(src.pushEvent(new Event.FlushStop(true)));
                Segment s = Segment.of(Format.TIME);
                assertTrue(src.pushEvent(new Event.SegmentEvent(new Segment(Format.TIME, 1.0, start, s.stop(), start, 0, start))));
                push(src, start, 15, v);
                AtomicLong n = played.computeIfAbsent(v, k -> new AtomicLong());
                for (long t0 = System.nanoTime(); n.get() < 15 * 960 && System.nanoTime() - t0 < 5_000_000_000L; ) {
                    Thread.sleep(1); // played before the next flush throws away what is left
                }
            }
            assertTrue(src.pushEvent(new Event.Eos()));
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            assertEquals(15 * 960, played.getOrDefault((short) 2, new AtomicLong()).get(), "the stream after the seek back");
            assertEquals(15 * 960, played.getOrDefault((short) 3, new AtomicLong()).get(), "the stream after the seek on");
        } finally {
            p.setState(State.NULL);
        }
    }
}
