package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.audio.elements.AudioConvert;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;

@Timeout(60)
class AudioConvertTest {

    @Test
    void s16ToF32IsGStreamersExactly() throws Exception {
        String p = "audiotestsrc num-buffers=10 freq=523 ! audio/x-raw,format=S16LE,rate=44100,channels=2 ! audioconvert ! audio/x-raw,format=F32LE";
        byte[] gst = AudioTestSupport.gst(p);
        byte[] ours = AudioTestSupport.zeropipe(p);
        assertEquals(10 * 1024 * 2 * 4, gst.length);
        assertArrayEquals(gst, ours);
    }

    @Test
    void f32ToS16WithoutDitherIsGStreamersToOneStep() throws Exception {
        String p = "audiotestsrc num-buffers=10 freq=523 volume=0.9 ! audio/x-raw,format=F32LE,rate=48000,channels=1 ! audioconvert dithering=none ! audio/x-raw,format=S16LE";
        short[] gst = AudioTestSupport.shorts(AudioTestSupport.gst(p));
        short[] ours = AudioTestSupport.shorts(AudioTestSupport.zeropipe(p));
        assertEquals(gst.length, ours.length);
        for (int i = 0; i < gst.length; i++) {
            assertTrue(Math.abs(gst[i] - ours[i]) <= 1, "sample " + i + ": " + gst[i] + " vs " + ours[i]);
        }
    }

    @Test
    void stereoToMonoIsGStreamers(@TempDir Path dir) throws Exception {
        byte[] stereo = new byte[4 * 9000];
        new Random(7).nextBytes(stereo);
        Path file = dir.resolve("stereo.raw");
        Files.write(file, stereo);
        String caps = "audio/x-raw,format=S16LE,rate=48000,channels=2,layout=interleaved";
        short[] gst = AudioTestSupport.shorts(AudioTestSupport.gst("filesrc location=" + file + " ! " + caps
                + " ! audioconvert ! audio/x-raw,channels=1"));

        Pipeline p = LaunchParser.parse("appsrc name=in caps=\"" + caps + "\" ! audioconvert ! audio/x-raw,channels=1 ! fakesink name=out");
        AppSrc in = (AppSrc) p.byName("in");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ((FakeSink) p.byName("out")).setHandoff(b -> got.writeBytes(b.extractBytes(0, b.size())));
        p.setState(State.PLAYING);
        for (int off = 0; off < stereo.length; off += 4096) {
            int n = Math.min(4096, stereo.length - off);
            Buffer b = Buffer.allocate(n);
            b.fill(0, java.util.Arrays.copyOfRange(stereo, off, off + n));
            in.pushBuffer(b);
        }
        in.endOfStream();
        Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        short[] ours = AudioTestSupport.shorts(got.toByteArray());
        assertEquals(9000, gst.length);
        assertArrayEquals(gst, ours, "mono = (L + R) / 2 rounded as GStreamer");
    }

    @Test
    void equalCapsPassThroughWithoutCopies() {
        Pipeline p = LaunchParser.parse("audiotestsrc num-buffers=5 ! audio/x-raw,format=S16LE ! audioconvert name=c ! audio/x-raw,format=S16LE ! fakesink");
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            assertTrue(((AudioConvert) p.byName("c")).isPassthrough());
            assertEquals(0, copies.count(), copies.describe().toString());
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void tpdfDitherStaysWithinOneStepAndIsNotPlainRounding() {
        AudioInfo in = AudioInfo.of(AudioFormat.F64LE, 48000, 1);
        AudioInfo out = AudioInfo.of(AudioFormat.S8, 48000, 1);
        AudioConverter tpdf = new AudioConverter(in, out, AudioConverter.Dither.TPDF);
        assertTrue(tpdf.dithers());
        assertTrue(!new AudioConverter(AudioInfo.of(AudioFormat.S16LE, 48000, 1), AudioInfo.of(AudioFormat.S32LE, 48000, 1),
                AudioConverter.Dither.TPDF).dithers(), "no dither when nothing is lost");
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            var src = a.allocate(8 * 4000);
            var dst = a.allocate(4000);
            for (int i = 0; i < 4000; i++) {
                src.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, 0.3 / 128); // 0.3 LSB
            }
            tpdf.convert(src, dst, 4000);
            long sum = 0;
            for (int i = 0; i < 4000; i++) {
                byte v = dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
                assertTrue(v >= -1 && v <= 1, "sample " + i + " = " + v);
                sum += v;
            }
            // Rounding would give 0 everywhere; dither keeps the mean at 0.3 LSB.
            assertEquals(0.3, sum / 4000.0, 0.05);
        }
    }

    @Test
    void channelMixesAndReorders() {
        ChannelPosition[] stereo = ChannelPosition.fromMask(ChannelPosition.fallbackMask(2), 2);
        ChannelPosition[] mono = {ChannelPosition.MONO};
        assertArrayEquals(new double[][] {{0.5, 0.5}}, new ChannelMixer(stereo, mono).matrix());
        assertArrayEquals(new double[][] {{1}, {1}}, new ChannelMixer(mono, stereo).matrix());
        ChannelPosition[] s51 = ChannelPosition.fromMask(ChannelPosition.fallbackMask(6), 6);
        double[][] down = new ChannelMixer(s51, stereo).matrix();
        assertEquals(0, down[0][1], "right does not leak into left");
        assertEquals(0, down[0][3], "LFE is dropped");
        assertTrue(down[0][2] > 0 && down[1][2] == down[0][2], "centre goes to both sides equally");
        double rowSum = 0;
        for (double v : down[0]) {
            rowSum += v;
        }
        assertEquals(1.0, rowSum, 1e-12, "normalised: a full-scale input on every channel does not clip");

        // 7.1: internal (WAV) order is FL FR FC LFE RL RR SL SR; SMPTE puts the side pair first.
        ChannelPosition[] wav71 = ChannelPosition.fromMask(ChannelPosition.fallbackMask(8), 8);
        ChannelPosition[] smpte71 = ChannelOrder.SMPTE.order(wav71);
        assertArrayEquals(new ChannelPosition[] {ChannelPosition.FRONT_LEFT, ChannelPosition.FRONT_RIGHT,
            ChannelPosition.FRONT_CENTER, ChannelPosition.LFE1, ChannelPosition.SIDE_LEFT, ChannelPosition.SIDE_RIGHT,
            ChannelPosition.REAR_LEFT, ChannelPosition.REAR_RIGHT}, smpte71);
        int[] map = ChannelOrder.reorderMap(smpte71, wav71);
        double[] frame = {0, 1, 2, 3, 4, 5, 6, 7}; // SMPTE-ordered samples 0..7
        ChannelOrder.reorder(frame, 1, map);
        assertArrayEquals(new double[] {0, 1, 2, 3, 6, 7, 4, 5}, frame);
        assertArrayEquals(ChannelOrder.WAV.order(ChannelPosition.fromMask(ChannelPosition.fallbackMask(6), 6)), s51);
        // A mixer between two orders of the same set is a pure reorder.
        ChannelMixer perm = new ChannelMixer(smpte71, wav71);
        double[] out = new double[8];
        perm.mix(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, out, 1);
        assertArrayEquals(new double[] {0, 1, 2, 3, 6, 7, 4, 5}, out);
    }
}
