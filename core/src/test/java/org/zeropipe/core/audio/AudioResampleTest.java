package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.audio.elements.AudioResample;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;

@Timeout(60)
class AudioResampleTest {

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Both resamplers are Kaiser-windowed sincs with the same quality table, so their outputs
     * differ only by filter details: GStreamer's interpolated table puts its output 1/8 of an
     * input frame late (measured: 2.8 us at 44.1 kHz), ours is centred. The tolerance follows:
     * same length (±1), same gain (0.1 %), a time offset under 0.2 input frames, both clean
     * (THD+N below -80 dB), hence samples within 0.02 of each other at 0.8 amplitude (a 1/8
     * frame shift of a 1 kHz sine at 0.8 moves samples by up to 0.0143).
     */
    @Test
    void upsamplingMatchesGStreamersAudioresample() throws Exception {
        String p = "audiotestsrc num-buffers=20 freq=1000 ! audio/x-raw,format=F32LE,rate=44100,channels=1 ! audioresample ! audio/x-raw,rate=48000";
        double[] gst = doubles(AudioTestSupport.floats(AudioTestSupport.gst(p)));
        double[] ours = doubles(AudioTestSupport.floats(AudioTestSupport.zeropipe(p)));
        assertTrue(Math.abs(gst.length - ours.length) <= 1, gst.length + " vs " + ours.length);
        ResamplerTest.Fit g = ResamplerTest.fit(gst, 1000, gst.length - 1000, 1000, 48000);
        ResamplerTest.Fit z = ResamplerTest.fit(ours, 1000, gst.length - 1000, 1000, 48000);
        assertEquals(g.amplitude(), z.amplitude(), g.amplitude() * 0.001, "gain");
        double lagFrames = (z.phase() - g.phase()) / (2 * Math.PI * 1000) * 44100;
        assertTrue(Math.abs(lagFrames) < 0.2, "time offset " + lagFrames + " input frames");
        assertTrue(g.thdnDb() < -80 && z.thdnDb() < -80, "THD+N gst " + g.thdnDb() + ", ours " + z.thdnDb());
        for (int i = 100; i < gst.length - 100; i++) {
            assertEquals(gst[i], ours[i], 0.02, "sample " + i);
        }
    }

    @Test
    void downsamplesS16StereoWithContiguousTimestamps() {
        Pipeline p = LaunchParser.parse("audiotestsrc num-buffers=10 ! audio/x-raw,format=S16LE,rate=48000,channels=2 "
                + "! audioresample quality=6 ! audio/x-raw,rate=32000 ! fakesink name=s");
        List<long[]> seen = new ArrayList<>();
        ((FakeSink) p.byName("s")).setHandoff((Buffer b) -> seen.add(new long[] {b.pts(), b.duration(), b.offset(), b.offsetEnd(), b.size()}));
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            p.setState(State.NULL);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            assertEquals(0, copies.count(), "resampling computes, it does not copy: " + copies.describe());
        }
        long frames = 0;
        for (long[] b : seen) {
            assertEquals(frames, b[2], "offsets follow each other");
            assertEquals(frames * 1_000_000_000L / 32000, b[0], "pts of output frame " + frames);
            assertEquals(4 * (b[3] - b[2]), b[4]);
            frames = b[3];
        }
        assertEquals((long) Math.ceil(10 * 1024 * 32000 / 48000.0), frames, "all frames, drained at EOS");
    }

    @Test
    void equalRatesPassThrough() {
        Pipeline p = LaunchParser.parse("audiotestsrc num-buffers=3 ! audio/x-raw,rate=44100 ! audioresample name=r ! fakesink");
        p.setState(State.PLAYING);
        Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        assertTrue(((AudioResample) p.byName("r")).isPassthrough());
        p.setState(State.NULL);
    }
}
