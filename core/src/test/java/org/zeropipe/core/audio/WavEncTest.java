package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;

@Timeout(60)
class WavEncTest {

    /** The chunks of a RIFF/WAVE file, by id. */
    static Map<String, byte[]> chunks(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(file, 0, 4));
        assertEquals(file.length - 8, b.getInt(4), "RIFF size");
        assertEquals("WAVE", new String(file, 8, 4));
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 12; i + 8 <= file.length; ) {
            String id = new String(file, i, 4);
            int n = b.getInt(i + 4);
            m.put(id, Arrays.copyOfRange(file, i + 8, i + 8 + n));
            i += 8 + n + (n & 1);
        }
        return m;
    }

    private static byte[] runToFile(String pipeline, Path file) throws Exception {
        Pipeline p = LaunchParser.parse(pipeline + " ! filesink location=" + file);
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            // Only the two 44-byte headers (first and fixed-up) are written; the samples pass untouched.
            assertEquals(2 * 44, copies.bytes(), "wavenc copies no sample: " + copies.describe());
        } finally {
            p.setState(State.NULL);
        }
        return Files.readAllBytes(file);
    }

    @Test
    void headerIsGStreamersAndTheSizesAreFixedUpAtEos(@TempDir Path dir) throws Exception {
        for (String caps : new String[] {"format=S16LE,rate=44100,channels=2", "format=F32LE,rate=48000,channels=1",
            "format=U8,rate=8000,channels=1"}) {
            String src = "audiotestsrc num-buffers=7 ! audio/x-raw," + caps;
            byte[] ours = runToFile(src + " ! wavenc", dir.resolve("ours.wav"));
            byte[] gst = AudioTestSupport.gst(src + " ! wavenc");
            Map<String, byte[]> o = chunks(ours);
            Map<String, byte[]> g = chunks(gst);
            assertArrayEquals(g.get("fmt "), o.get("fmt "), caps + ": fmt chunk");
            assertArrayEquals(g.get("data"), o.get("data"), caps + ": samples");
            assertArrayEquals(AudioTestSupport.zeropipe(src), o.get("data"), caps + ": the raw stream");
        }
    }

    @Test
    void gstreamersWavparseReadsOurFile(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("x.wav");
        String src = "audiotestsrc num-buffers=5 freq=300 ! audio/x-raw,format=S16LE,rate=22050,channels=2";
        runToFile(src + " ! wavenc", wav);
        byte[] decoded = AudioTestSupport.gst("filesrc location=" + wav + " ! wavparse ! audio/x-raw,format=S16LE");
        assertArrayEquals(AudioTestSupport.zeropipe(src), decoded);
    }

    @Test
    void multichannelUsesWaveFormatExtensibleAndBadLayoutsAreRefused() {
        AudioInfo six = AudioInfo.of(AudioFormat.S24LE, 48000, 6);
        byte[] h = WavHeader.build(six, 600);
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(68, h.length);
        assertEquals(40, b.getInt(16), "fmt size");
        assertEquals((short) 0xFFFE, b.getShort(20));
        assertEquals(0x3F, b.getInt(40), "FL FR FC LFE BL BR");
        assertEquals(600, b.getInt(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavHeader.build(AudioInfo.of(AudioFormat.S16BE, 48000, 2), 0));
        assertTrue(e.getMessage().contains("S16BE"), e.getMessage());
    }
}
