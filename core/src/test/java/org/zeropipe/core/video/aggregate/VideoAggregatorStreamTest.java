package org.zeropipe.core.video.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.State;

/**
 * The video aggregator across stream changes (caps and framerate renegotiation), fed by hand
 * through a free-standing source pad into a compositor's sink_1 next to a videotestsrc.
 */
@Timeout(120)
class VideoAggregatorStreamTest {

    private static final long FRAME15 = ClockTime.SECOND / 15;

    private static Caps rgba(int w, int h, String fps) {
        return Caps.parse("video/x-raw,format=RGBA,width=" + w + ",height=" + h + ",framerate=" + fps);
    }

    private static Buffer frame(int w, int h, int value, long pts, long duration) {
        Buffer b = Buffer.allocate((long) w * h * 4);
        byte[] px = new byte[w * h * 4];
        java.util.Arrays.fill(px, (byte) value);
        for (int i = 3; i < px.length; i += 4) {
            px[i] = (byte) 0xff; // opaque: the output shows the value as it is
        }
        b.fill(0, px);
        b.setPts(pts);
        b.setDuration(duration);
        return b;
    }

    /** Pushes what the test gives it, from the test's thread. */
    private static final class Feeder extends org.zeropipe.core.pipeline.Element {
        final Pad src = Pad.fromTemplate(PadTemplate.src(Caps.ANY));

        Feeder() {
            super("feed");
            addPad(src);
        }
    }

    /** videotestsrc (64x64 RGBA at 30/1, 6 frames) into sink_0, and a hand-fed pad into sink_1. */
    private record Rig(Pipeline p, Pad feed, AppSink out) implements AutoCloseable {
        static Rig start(Caps first) {
            Pipeline p = LaunchParser.parse("videotestsrc num-buffers=6 ! video/x-raw,format=RGBA,width=64,height=64,"
                    + "framerate=30/1 ! m.sink_0  compositor name=m background=black ! appsink name=out sync=false");
            Pad sink1 = p.byName("m").requestPad(org.zeropipe.core.aggregate.Aggregator.SINK_TEMPLATE);
            Feeder feeder = new Feeder();
            p.add(feeder);
            Pad feed = feeder.src;
            feed.link(sink1);
            p.setState(State.PLAYING);
            assertTrue(feed.pushEvent(new Event.StreamStart("feed")));
            assertTrue(feed.pushEvent(new Event.CapsEvent(first)));
            assertTrue(feed.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME))));
            return new Rig(p, feed, (AppSink) p.byName("out"));
        }

        void push(Buffer b) {
            assertEquals(FlowReturn.OK, feed.push(b));
        }

        /** Every output until EOS (pts, duration, pixel at (x, y)); fails on an ERROR. */
        List<long[]> drain(int x, int y) {
            List<long[]> got = new ArrayList<>();
            while (true) {
                try (Sample s = out.pullSample(Duration.ofSeconds(30))) {
                    if (s == null) {
                        break;
                    }
                    Buffer b = s.buffer();
                    int w = (int) (b.size() / 4 / 64);
                    long px = b.extractBytes((long) (y * w + x) * 4, 1)[0] & 0xff;
                    got.add(new long[] {b.pts(), b.duration(), px, w});
                }
                if (out.isEos()) {
                    break;
                }
            }
            assertNull(p.bus().pop(Duration.ZERO, Message.Error.class), "no error");
            return got;
        }

        @Override
        public void close() {
            p.setState(State.NULL);
        }
    }

    @Test
    void newCapsApplyFromTheFirstFrameAfterThemNotToTheFrameShownBefore() {
        try (Rig r = Rig.start(rgba(16, 16, "15/1"))) {
            r.push(frame(16, 16, 0x40, 0, FRAME15));
            assertTrue(r.feed.pushEvent(new Event.CapsEvent(rgba(32, 32, "15/1"))));
            r.push(frame(32, 32, 0x90, FRAME15, FRAME15));
            assertTrue(r.feed.pushEvent(new Event.Eos()));
            List<long[]> got = r.drain(20, 20);
            assertEquals(6, got.size(), "six outputs of 1/30 s");
            // (20, 20) is outside the 16x16 frame (the test source there) and inside the 32x32 one.
            assertTrue(got.get(0)[2] != 0x90 && got.get(1)[2] != 0x90, "the 16x16 frame is shown as 16x16");
            assertEquals(0x90, got.get(2)[2], "the 32x32 frame from 1/15 s");
            assertEquals(0x90, got.get(3)[2]);
        }
    }

    @Test
    void aDeactivatedPadForgetsItsInfo() {
        VideoAggregatorPad sink1;
        try (Rig r = Rig.start(rgba(16, 16, "15/1"))) {
            sink1 = (VideoAggregatorPad) r.feed.peer();
            r.push(frame(16, 16, 0x40, 0, FRAME15));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sink1.info() == null && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertNotNull(sink1.info(), "the caps event was applied");
        }
        assertNull(sink1.info(), "after going to NULL the old stream's info is gone");
    }

    @Test
    void aFasterInputKeepsOutputTimestampsGoingForward() {
        long frame60 = ClockTime.SECOND / 60;
        try (Rig r = Rig.start(rgba(16, 16, "15/1"))) {
            r.push(frame(16, 16, 0x40, 0, FRAME15));
            // From 1/15 s sink_1 runs at 60/1: the output follows (the fastest input).
            assertTrue(r.feed.pushEvent(new Event.CapsEvent(rgba(16, 16, "60/1"))));
            for (int i = 0; i < 8; i++) { // to 1/15 + 8/60 = 0.2 s
                r.push(frame(16, 16, 0x90, FRAME15 + i * frame60, frame60));
            }
            assertTrue(r.feed.pushEvent(new Event.Eos()));
            List<long[]> got = r.drain(0, 0);
            long end = 0;
            for (long[] o : got) {
                assertTrue(o[1] > 0, "positive durations: " + o[1] + " at " + o[0]);
                assertEquals(end, o[0], "each output starts where the one before ended");
                end = o[0] + o[1];
            }
            assertTrue(got.size() > 6, "the output went faster than 30/1: " + got.size() + " outputs");
            assertTrue(Math.abs(end - ClockTime.SECOND / 5) <= 1, "the output covers 0.2 s: " + end);
        }
    }

    @Test
    void aBufferWithoutCapsIsANotNegotiatedErrorNamingThePad() {
        Pipeline p = LaunchParser.parse("compositor name=m ! appsink name=out sync=false");
        Feeder feeder = new Feeder();
        p.add(feeder);
        feeder.src.link(p.byName("m").requestPad(org.zeropipe.core.aggregate.Aggregator.SINK_TEMPLATE));
        try {
            p.setState(State.PLAYING);
            assertTrue(feeder.src.pushEvent(new Event.StreamStart("feed")));
            assertTrue(feeder.src.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME))));
            assertEquals(FlowReturn.OK, feeder.src.push(frame(16, 16, 0x40, 0, FRAME15)));
            Message m = p.bus().pop(Duration.ofSeconds(30), Message.Error.class, Message.Eos.class);
            Message.Error e = org.junit.jupiter.api.Assertions.assertInstanceOf(Message.Error.class, m,
                    "an error, not a stall: " + m);
            assertTrue(e.text().contains("m:sink_0") && e.text().contains("no caps"), e.text());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void gapEventsCountAsDataAndShowNothing() {
        try (Rig r = Rig.start(rgba(16, 16, "15/1"))) {
            r.push(frame(16, 16, 0x40, 0, FRAME15));
            // Then only gaps (past 0.2 s: a non-live aggregator needs the data after the last
            // output too): the output must not wait for frames that never come.
            for (int i = 1; i < 4; i++) {
                assertTrue(r.feed.pushEvent(new Event.Gap(i * FRAME15, FRAME15)));
            }
            // No EOS: the pad stays open, only its gaps say that nothing comes until 0.2 s.
            List<long[]> got = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                try (Sample s = r.out.pullSample(Duration.ofSeconds(30))) {
                    assertNotNull(s, "output " + i + " came (sink_1 sent gaps, not frames)");
                    got.add(new long[] {0, 0, s.buffer().extractBytes((5 * 64 + 5) * 4, 1)[0] & 0xff});
                }
            }
            assertNull(r.p.bus().pop(Duration.ZERO, Message.Error.class), "no error");
            assertEquals(0x40, got.get(0)[2]);
            assertEquals(0x40, got.get(1)[2]);
            for (int i = 2; i < 6; i++) {
                assertTrue(got.get(i)[2] != 0x40, "output " + i + " shows nothing of sink_1 during its gap");
            }
        }
    }
}
