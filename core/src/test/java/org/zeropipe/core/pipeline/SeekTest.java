package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.elements.FakeSrc;
import org.zeropipe.core.elements.FileSrc;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.query.DurationQuery;
import org.zeropipe.core.query.PositionQuery;

/** Seeks, segments with a rate, position and duration queries, EOS after flushes. */
@Timeout(20)
class SeekTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final long MS = ClockTime.MSECOND;

    /** Records what leaves a pad, in order: "buffer@pts", segments and flushes. */
    private static List<Object> record(Pad pad) {
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        pad.addProbe(Set.of(PadProbe.Type.BUFFER, PadProbe.Type.EVENT_DOWNSTREAM), false, (p, type, item) -> {
            if (item instanceof Buffer b) {
                seen.add(b.pts());
            } else if (item instanceof Event.SegmentEvent s) {
                seen.add(s.segment());
            } else if (item instanceof Event.FlushStart || item instanceof Event.FlushStop) {
                seen.add(((Event) item).typeName());
            }
            return PadProbe.Return.OK;
        });
        return seen;
    }

    @Test
    void aNonFlushingSeekContinuesTheRunningTimeWithoutFlushing() throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("duration", 10 * MS);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        List<Object> seen = record(src.staticPad("src"));
        p.setState(State.PLAYING);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.rendered() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(p.sendEvent(new Event.Seek(1.0, Format.TIME, false, 0, ClockTime.NONE)));
        while (!bufferAfterSecondSegment(seen) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        p.setState(State.NULL);
        List<Object> events;
        synchronized (seen) {
            events = List.copyOf(seen);
        }
        assertFalse(events.contains("flush-start") || events.contains("flush-stop"), "nothing was flushed");
        int second = -1;
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i) instanceof Segment) {
                second = i;
                break;
            }
        }
        assertTrue(second > 0, "a second segment came: " + events.size() + " items");
        long lastPts = (Long) events.get(second - 1);
        Segment s = (Segment) events.get(second);
        assertEquals(lastPts + 10 * MS, s.base(), "running time goes on from the end of the last buffer");
        assertEquals(0, s.start());
        assertEquals(0L, events.get(second + 1), "timestamps start again at the seek's start");
    }

    private static boolean bufferAfterSecondSegment(List<Object> seen) {
        synchronized (seen) {
            int segments = 0;
            for (Object o : seen) {
                if (o instanceof Segment) {
                    segments++;
                } else if (segments >= 2 && o instanceof Long) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void aRefusedSeekFlushesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data");
        Files.write(file, new byte[10_000]);
        Pipeline p = new Pipeline("p");
        FileSrc src = new FileSrc("src");
        src.set("location", file.toString());
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        List<Object> seen = record(src.staticPad("src"));
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result());
        assertFalse(p.sendEvent(new Event.Seek(1.0, Format.TIME, true, 0, ClockTime.NONE)), "filesrc refuses TIME");
        assertFalse(seen.contains("flush-start"), "refused before any flush: " + seen);
        assertTrue(p.sendEvent(new Event.Seek(1.0, Format.BYTES, true, 5_000, ClockTime.NONE)), "BYTES is accepted");
        assertTrue(seen.contains("flush-start"));
        p.setState(State.NULL);
    }

    @Test
    void aSinkRunsASegmentAtRateTwoInHalfTheRunningTime() {
        ManualClock clock = new ManualClock();
        Pipeline p = new Pipeline("p");
        p.useClock(clock);
        FakeSrc src = new FakeSrc("src");
        src.set("duration", 10 * MS).set("num-buffers", 6);
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PAUSED);
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result());
        assertTrue(p.sendEvent(new Event.Seek(2.0, Format.TIME, true, 0, ClockTime.NONE)));
        assertEquals(StateChangeReturn.SUCCESS, p.getState(WAIT).result(), "prerolled again after the flush");
        p.setState(State.PLAYING);
        Message end = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        long base = sink.baseTime();
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, end, String.valueOf(end));
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 5; i++) {
            expected.add(base + i * 5 * MS); // pts 0, 10, 20 … ms at rate 2: running time 0, 5, 10 … ms
        }
        List<Long> waits = clock.waits;
        assertTrue(waits.size() >= 5, "waits " + waits);
        assertEquals(expected, waits.subList(waits.size() - 5, waits.size()), "waited for pts / 2");
    }

    @Test
    void aFlushingSeekInPlayingStartsTheRunningTimeAgainNow() throws Exception {
        ManualClock clock = new ManualClock();
        clock.now = ClockTime.SECOND;
        Pipeline p = new Pipeline("p");
        p.useClock(clock);
        FakeSrc src = new FakeSrc("src");
        src.set("duration", 1L); // 1 ns a buffer: timestamps stay far below the clock's steps
        FakeSink sink = new FakeSink("sink");
        sink.set("sync", true);
        p.add(src, sink);
        src.link(sink);
        p.setState(State.PLAYING);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.rendered() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(ClockTime.SECOND, sink.baseTime());
        clock.now = 7 * ClockTime.SECOND;
        assertTrue(p.sendEvent(new Event.Seek(1.0, Format.TIME, true, 0, ClockTime.NONE)));
        assertEquals(7 * ClockTime.SECOND, sink.baseTime(), "running time 0 is when the flush ended");
        assertEquals(7 * ClockTime.SECOND, src.baseTime(), "for every element");
        long renderedAtSeek = sink.rendered();
        while (sink.rendered() < renderedAtSeek + 10 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        p.setState(State.NULL);
        Long firstAfter = null;
        synchronized (clock.waits) {
            for (long w : clock.waits) {
                if (w >= 7 * ClockTime.SECOND) {
                    firstAfter = w;
                    break;
                }
            }
        }
        assertEquals(7 * ClockTime.SECOND, firstAfter, "the first buffer of the new segment waits for base + 0");
    }

    @Test
    void segmentsMapTimestampsBothWays() {
        Segment back = new Segment(Format.TIME, -2.0, 100, 1100, 100, 50, 0);
        assertEquals(50, back.toRunningTime(1100), "backwards: the stop plays first");
        assertEquals(550, back.toRunningTime(100));
        assertEquals(ClockTime.NONE, new Segment(Format.TIME, -1.0, 0, ClockTime.NONE, 0, 0, 0).toRunningTime(5),
                "backwards without a stop has no running time");
        Segment fast = new Segment(Format.TIME, 2.0, 100, ClockTime.NONE, 1000, 0, 0);
        assertEquals(1400, fast.toStreamTime(500), "stream time does not depend on the rate");
        assertEquals(200, fast.toRunningTime(500));
    }

    @Test
    void sourcesAnswerPositionAndDuration(@TempDir Path dir) throws Exception {
        Pipeline p = new Pipeline("p");
        FakeSrc src = new FakeSrc("src");
        src.set("num-buffers", 100).set("size", 10).set("duration", MS);
        FakeSink sink = new FakeSink("sink");
        p.add(src, sink);
        src.link(sink);
        DurationQuery d = new DurationQuery(Format.TIME);
        p.setState(State.PAUSED);
        p.getState(WAIT);
        assertTrue(p.query(d));
        assertEquals(100 * MS, d.duration());
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        assertEquals(1000, answer(p, new DurationQuery(Format.BYTES)));
        assertEquals(100, answer(p, new DurationQuery(Format.BUFFERS)));
        assertEquals(1000, answer(p, new PositionQuery(Format.BYTES)));
        assertEquals(100, answer(p, new PositionQuery(Format.BUFFERS)));
        assertEquals(99 * MS, answer(p, new PositionQuery(Format.TIME)), "the sink: the last buffer rendered");
        PositionQuery atSource = new PositionQuery(Format.TIME);
        assertTrue(src.query(atSource));
        assertEquals(100 * MS, atSource.position(), "the source: the end of the last buffer made");
        p.setState(State.NULL);

        Path file = dir.resolve("f");
        Files.write(file, new byte[12_345]);
        Pipeline p2 = new Pipeline("p2");
        FileSrc fsrc = new FileSrc("fsrc");
        fsrc.set("location", file.toString());
        FakeSink fsink = new FakeSink("fsink");
        p2.add(fsrc, fsink);
        fsrc.link(fsink);
        p2.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p2.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        assertEquals(12_345, answer(p2, new DurationQuery(Format.BYTES)));
        assertEquals(12_345, answer(p2, new PositionQuery(Format.BYTES)));
        assertEquals(4, answer(p2, new PositionQuery(Format.BUFFERS)), "4096-byte blocks");
        p2.setState(State.NULL);
    }

    private static long answer(Element e, org.zeropipe.core.query.Query q) {
        assertTrue(e.query(q), q.typeName() + " answered");
        return q instanceof DurationQuery d ? d.duration() : ((PositionQuery) q).position();
    }

    @Test
    void aFlushStartedByAnElementMakesTheBinWaitForThatSinksEosAgain() {
        Pipeline p = new Pipeline("p");
        FakeSrc a = new FakeSrc("a");
        FakeSrc b = new FakeSrc("b");
        a.set("num-buffers", 3);
        b.set("num-buffers", 3);
        FakeSink sa = new FakeSink("sa");
        FakeSink sb = new FakeSink("sb");
        p.add(a, b, sa, sb);
        a.link(sa);
        b.link(sb);
        p.setState(State.PLAYING);
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        for (FakeSrc s : List.of(a, b)) {
            Pad out = s.staticPad("src");
            assertTrue(out.pushEvent(new Event.FlushStart()));
            assertTrue(out.pushEvent(new Event.FlushStop(true)));
            assertTrue(out.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME))));
        }
        assertTrue(a.staticPad("src").pushEvent(new Event.Eos()));
        assertNull(p.bus().pop(Duration.ofMillis(300), Message.Eos.class),
                "sb's EOS was flushed: no pipeline EOS until it reaches EOS again");
        assertTrue(b.staticPad("src").pushEvent(new Event.Eos()));
        assertInstanceOf(Message.Eos.class, p.bus().pop(WAIT, Message.Eos.class, Message.Error.class));
        p.setState(State.NULL);
    }
}
