package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.audio.elements.AudioConvert;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.FakeSink;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.trace.CopyCounter;

/** Non-interleaved (planar) audio: caps, AudioMeta, and audioconvert both ways, against GStreamer. */
@Timeout(60)
class PlanarAudioTest {

    private static final String SRC = "audiotestsrc num-buffers=6 freq=523 ! audio/x-raw,format=S16LE,channels=2,rate=44100";
    private static final String TO_PLANAR = SRC + " ! audioconvert ! audio/x-raw,format=F32LE,layout=non-interleaved";

    @Test
    void interleavedS16ToPlanarF32IsGStreamersByteForByte() throws Exception {
        byte[] gst = AudioTestSupport.gst(TO_PLANAR);
        byte[] ours = AudioTestSupport.zeropipe(TO_PLANAR);
        assertEquals(6 * 1024 * 2 * 4, gst.length);
        assertArrayEquals(gst, ours);
        // Each buffer is written plane after plane: its first 1024 floats are the left channel.
        float[] inter = AudioTestSupport.floats(AudioTestSupport.gst(SRC + " ! audioconvert ! audio/x-raw,format=F32LE"));
        float[] planar = AudioTestSupport.floats(ours);
        for (int buf = 0; buf < 6; buf++) {
            for (int i = 0; i < 1024; i++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(inter[buf * 2048 + i * 2 + c], planar[buf * 2048 + c * 1024 + i], "buffer " + buf
                            + " sample " + i + " channel " + c);
                }
            }
        }
    }

    @Test
    void audiotestsrcNonInterleavedIsGStreamersByteForByte() throws Exception {
        String p = "audiotestsrc num-buffers=4 freq=440 ! audio/x-raw,format=S16LE,channels=2,rate=48000,layout=non-interleaved";
        byte[] gst = AudioTestSupport.gst(p);
        assertEquals(4 * 1024 * 2 * 2, gst.length);
        assertArrayEquals(gst, AudioTestSupport.zeropipe(p));
    }

    @Test
    void planarBuffersCarryAnAudioMeta() {
        Pipeline p = LaunchParser.parse(TO_PLANAR + " ! fakesink name=out");
        List<String> metas = new ArrayList<>();
        ((FakeSink) p.byName("out")).setHandoff(b -> {
            AudioMeta m = AudioMeta.get(b);
            metas.add(m == null ? "none" : m.samples() + "@" + m.offset(0) + "," + m.offset(1) + " " + b.size());
        });
        run(p);
        assertEquals(6, metas.size());
        metas.forEach(m -> assertEquals("1024@0,4096 8192", m));
    }

    @Test
    void roundTripBackToInterleavedIsGStreamersAndTheInput() throws Exception {
        // No dither: the float samples are exact S16 values, so both sides give the input back.
        String back = TO_PLANAR + " ! audioconvert dithering=none ! audio/x-raw,format=S16LE,layout=interleaved";
        byte[] gst = AudioTestSupport.gst(back);
        byte[] ours = AudioTestSupport.zeropipe(back);
        assertArrayEquals(gst, ours);
        assertArrayEquals(AudioTestSupport.gst(SRC), ours, "S16 -> F32 planar -> S16 is lossless");
    }

    @Test
    void conversionPathMakesNoCopiesAndEqualPlanarCapsPassThrough() {
        Pipeline p = LaunchParser.parse(TO_PLANAR + " ! audioconvert name=same ! audio/x-raw,format=F32LE,layout=non-interleaved"
                + " ! audioconvert ! audio/x-raw,format=S16LE,layout=interleaved ! fakesink");
        try (CopyCounter copies = CopyCounter.attach()) {
            run(p);
            assertTrue(((AudioConvert) p.byName("same")).isPassthrough());
            assertEquals(0, copies.count(), copies.describe().toString());
        }
    }

    @Test
    void planesWithGapsAreReadWhereTheMetaSays() {
        AudioInfo info = AudioInfo.fromCaps(Caps.parse("audio/x-raw,format=S16LE,rate=8000,channels=2,layout=non-interleaved"));
        int samples = 100;
        long[] offsets = {40, 300}; // plane 0 at 40..240, a gap, plane 1 at 300..500, 12 bytes of tail
        ByteBuffer data = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i += 2) {
            data.putShort(i, (short) 0x7777); // garbage in the gaps
        }
        short[] expected = new short[2 * samples];
        for (int i = 0; i < samples; i++) {
            short l = (short) (i * 100 - 5000);
            short r = (short) (-i * 37);
            data.putShort((int) offsets[0] + 2 * i, l);
            data.putShort((int) offsets[1] + 2 * i, r);
            expected[2 * i] = l;
            expected[2 * i + 1] = r;
        }
        Pipeline p = LaunchParser.parse("appsrc name=in caps=\"audio/x-raw,format=S16LE,rate=8000,channels=2,"
                + "layout=non-interleaved\" ! audioconvert name=c ! audio/x-raw,layout=interleaved ! fakesink name=out");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ((FakeSink) p.byName("out")).setHandoff(b -> got.writeBytes(b.extractBytes(0, b.size())));
        p.setState(State.PLAYING);
        Buffer b = Buffer.allocate(512);
        b.fill(0, data.array());
        AudioMeta.add(b, info, samples, offsets);
        ((AppSrc) p.byName("in")).pushBuffer(b);
        ((AppSrc) p.byName("in")).endOfStream();
        Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
        AllocationQuery q = new AllocationQuery(info.toCaps(), true);
        boolean answered = p.byName("c").staticPad("sink").query(q);
        p.setState(State.NULL);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        assertTrue(answered && q.hasMeta(AudioMeta.API), "audioconvert tells upstream it reads AudioMeta");
        assertArrayEquals(expected, AudioTestSupport.shorts(got.toByteArray()));
    }

    @Test
    void capsAndMetaErrorsAreClear() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AudioInfo.fromCaps(
                Caps.parse("audio/x-raw,format=S16LE,rate=8000,channels=2,layout=planar")));
        assertTrue(e.getMessage().contains("layout must be interleaved or non-interleaved, not 'planar'"), e.getMessage());

        AudioInfo planar = AudioInfo.of(AudioFormat.S16LE, 8000, 2).withInterleaved(false);
        assertEquals("non-interleaved", planar.toCaps().structure(0).getString("layout"));
        assertEquals(planar, AudioInfo.fromCaps(planar.toCaps()));
        assertFalse(planar.interleaved());

        Buffer b = Buffer.allocate(400);
        try {
            e = assertThrows(IllegalArgumentException.class, () -> AudioMeta.add(b, planar, 100, new long[] {0, 150}));
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> AudioMeta.add(b, planar, 100, new long[] {0, 300}));
            assertTrue(e.getMessage().contains("plane 1 at byte 300 (200 bytes) lies outside the buffer of 400"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> AudioMeta.add(b, planar.withInterleaved(true), 100, null));
            assertTrue(e.getMessage().contains("non-interleaved"), e.getMessage());
            AudioMeta m = AudioMeta.add(b, planar, 100, null);
            assertNotNull(AudioMeta.get(b));
            assertEquals(200, m.offset(1));
        } finally {
            b.unref();
        }
    }

    @Test
    void aPlanarBufferOfPartFramesWithoutMetaIsAnError() {
        Pipeline p = LaunchParser.parse("appsrc name=in caps=\"audio/x-raw,format=S16LE,rate=8000,channels=2,"
                + "layout=non-interleaved\" ! audioconvert ! audio/x-raw,layout=interleaved ! fakesink");
        p.setState(State.PLAYING);
        ((AppSrc) p.byName("in")).pushBuffer(Buffer.allocate(6));
        Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
        p.setState(State.NULL);
        Message.Error err = assertInstanceOf(Message.Error.class, m, String.valueOf(m));
        assertTrue(String.valueOf(err).contains("6 bytes without AudioMeta is not whole frames of 4 bytes"), String.valueOf(err));
    }

    private static void run(Pipeline p) {
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        } finally {
            p.setState(State.NULL);
        }
    }
}
