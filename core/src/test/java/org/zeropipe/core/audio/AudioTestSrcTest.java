package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

@Timeout(60)
class AudioTestSrcTest {

    @Test
    void sineF32MatchesGStreamerWithinFloatRounding() throws Exception {
        String p = "audiotestsrc num-buffers=20 freq=1000 volume=0.5 ! audio/x-raw,format=F32LE,rate=48000,channels=2";
        float[] gst = AudioTestSupport.floats(AudioTestSupport.gst(p));
        float[] ours = AudioTestSupport.floats(AudioTestSupport.zeropipe(p));
        assertEquals(20 * 1024 * 2, gst.length);
        assertEquals(gst.length, ours.length);
        for (int i = 0; i < gst.length; i++) {
            assertEquals(gst[i], ours[i], Math.ulp(1.0f), "sample " + i);
        }
    }

    @Test
    void sineS16MatchesGStreamerToOneStep() throws Exception {
        String p = "audiotestsrc num-buffers=30 samplesperbuffer=500 ! audio/x-raw,format=S16LE,rate=44100,channels=1";
        short[] gst = AudioTestSupport.shorts(AudioTestSupport.gst(p));
        short[] ours = AudioTestSupport.shorts(AudioTestSupport.zeropipe(p));
        assertEquals(gst.length, ours.length);
        int exact = 0;
        for (int i = 0; i < gst.length; i++) {
            assertTrue(Math.abs(gst[i] - ours[i]) <= 1, "sample " + i + ": " + gst[i] + " vs " + ours[i]);
            exact += gst[i] == ours[i] ? 1 : 0;
        }
        assertTrue(exact > gst.length * 0.999, exact + " of " + gst.length + " exact");
    }

    @Test
    void squareAndSawMatchGStreamer() throws Exception {
        for (String wave : new String[] {"square", "saw", "triangle", "silence"}) {
            String p = "audiotestsrc num-buffers=5 wave=" + wave + " freq=700 ! audio/x-raw,format=F32LE,rate=32000,channels=1";
            float[] gst = AudioTestSupport.floats(AudioTestSupport.gst(p));
            float[] ours = AudioTestSupport.floats(AudioTestSupport.zeropipe(p));
            assertEquals(gst.length, ours.length, wave);
            for (int i = 0; i < gst.length; i++) {
                assertEquals(gst[i], ours[i], 2 * Math.ulp(1.0f), wave + " sample " + i);
            }
        }
    }

    @Test
    void timestampsAndOffsetsAreGStreamers() {
        Pipeline p = LaunchParser.parse("audiotestsrc num-buffers=4 samplesperbuffer=1000 ! audio/x-raw,rate=44100 ! fakesink name=s");
        List<long[]> seen = new ArrayList<>();
        ((FakeSink) p.byName("s")).setHandoff((Buffer b) -> seen.add(new long[] {b.pts(), b.duration(), b.offset(), b.offsetEnd()}));
        p.setState(State.PLAYING);
        assertEquals(Message.Eos.class, p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class).getClass());
        p.setState(State.NULL);
        assertEquals(4, seen.size());
        // pts = offset * 1e9 / 44100 rounded down; duration = next pts - pts
        long[][] want = {{0, 22675736, 0, 1000}, {22675736, 22675737, 1000, 2000}, {45351473, 22675737, 2000, 3000},
            {68027210, 22675737, 3000, 4000}};
        for (int i = 0; i < 4; i++) {
            assertEquals(java.util.Arrays.toString(want[i]), java.util.Arrays.toString(seen.get(i)), "buffer " + i);
        }
    }

    @Test
    void anUnsupportedFormatIsRefusedNamingTheField() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> LaunchParser.parse("audiotestsrc num-buffers=1 ! audio/x-raw,format=S20LE ! fakesink"));
        assertTrue(e.getMessage().contains("field 'format'"), e.getMessage());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AudioInfo.fromCaps(org.zeropipe.core.caps.Caps.parse("audio/x-raw, format=S16LE, rate=48000, channels=6")));
        assertTrue(bad.getMessage().contains("channel-mask"), bad.getMessage());
    }

    @Test
    void aLiveSourceProducesInRealTimeAndStopsPromptly() throws InterruptedException {
        Pipeline p = LaunchParser.parse("audiotestsrc is-live=true samplesperbuffer=441 ! audio/x-raw,rate=44100 ! fakesink name=s");
        List<Long> pts = new java.util.concurrent.CopyOnWriteArrayList<>();
        ((FakeSink) p.byName("s")).setHandoff((Buffer b) -> pts.add(b.pts()));
        long t0 = System.nanoTime();
        p.setState(State.PLAYING);
        // Until a few buffers came (a loaded machine may take long to start), not a fixed time.
        for (long deadline = t0 + 20_000_000_000L; pts.size() < 5 && System.nanoTime() < deadline; ) {
            Thread.sleep(1);
        }
        int n = pts.size();
        long s0 = System.nanoTime();
        p.setState(State.NULL);
        long stopMs = (System.nanoTime() - s0) / 1_000_000;
        long elapsedMs = (s0 - t0) / 1_000_000;
        // 10 ms buffers: about elapsed/10 of them, not thousands (it is paced by the clock).
        assertTrue(n >= 5 && n <= elapsedMs / 10 + 3, n + " buffers in " + elapsedMs + " ms");
        assertTrue(stopMs < 5000, "stopping took " + stopMs + " ms");
    }
}
