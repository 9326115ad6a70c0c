package org.zeropipe.core.video.elements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.video.VideoBytes;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;

/** rawvideoparse over filesrc: frames with caps and timestamps, sharing the file's buffers. */
@Timeout(60)
class RawVideoParseTest {

    @TempDir
    Path dir;

    private byte[] rawFile(Path file, int frames) throws IOException {
        VideoBytes.run("videotestsrc num-buffers=" + frames + " pattern=snow ! "
                + "video/x-raw,format=I420,width=321,height=241 ! filesink location=" + file);
        return Files.readAllBytes(file);
    }

    @Test
    void cutsTheFileIntoTimestampedFramesWithoutCopies() throws IOException {
        Path file = dir.resolve("in.raw");
        byte[] bytes = rawFile(file, 3);
        VideoInfo info = VideoInfo.of(VideoFormat.I420, 321, 241);
        Pipeline p = LaunchParser.parse("filesrc location=" + file + " blocksize=50000 ! rawvideoparse width=321 "
                + "height=241 format=I420 framerate=30/1 ! appsink name=out sync=false");
        AppSink sink = (AppSink) p.byName("out");
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            for (int n = 0; n < 3; n++) {
                try (Sample s = sink.pullSample(Duration.ofSeconds(10))) {
                    assertNotNull(s, "frame " + n);
                    assertEquals(info, VideoInfo.fromCaps(s.caps()).withFramerate(info.framerate()));
                    assertEquals(n * 1_000_000_000L / 30, s.buffer().pts());
                    assertEquals(n, s.buffer().offset());
                    byte[] want = java.util.Arrays.copyOfRange(bytes, (int) (n * info.size()),
                            (int) ((n + 1) * info.size()));
                    assertArrayEquals(want, s.buffer().extractBytes(0, info.size()), "frame " + n);
                }
            }
            assertNull(sink.pullSample(Duration.ofMillis(300)));
            assertEquals(0, copies.count(CopyReason.FILL) + copies.count(CopyReason.MERGE)
                    + copies.count(CopyReason.MEMORY_COPY), "frames share the file's buffers");
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void smallBlocksAreGatheredWithCountedCopiesAndATrailingPartialFrameIsDropped() throws IOException {
        Path file = dir.resolve("in.raw");
        byte[] bytes = rawFile(file, 2);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length + 100)); // 100 stray bytes
        try (CopyCounter copies = CopyCounter.attach()) {
            Path out = dir.resolve("out.raw");
            VideoBytes.run("filesrc location=" + file + " blocksize=4096 ! rawvideoparse width=321 height=241 "
                    + "format=I420 ! filesink location=" + out);
            assertArrayEquals(bytes, Files.readAllBytes(out));
            assertTrue(copies.bytes(CopyReason.FILL) >= 2 * 118096, "gathering 29 blocks per frame is counted");
        }
    }

    @Test
    void aBadFramerateIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () -> VideoBytes.run(
                "fakesrc num-buffers=1 ! rawvideoparse framerate=fast ! fakesink"));
        assertTrue(e.getMessage().contains("framerate") || e.getMessage().contains("state change"), e.getMessage());
    }
}
