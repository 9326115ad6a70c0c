package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.testing.DeviceTest;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * v4l2sink on vivid's output nodes (in the VM): every frame played (the driver's sequence
 * numbers), no byte copied when upstream draws into the driver's buffers or hands DMABufs from
 * vivid's capture, one counted copy a frame otherwise; errors named; no hang stopping.
 */
class V4l2SinkDeviceTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int FRAMES = 6;
    private static final String SMALL = "width=320,height=180,framerate=30/1";

    /** videotestsrc draws the moving ball into the driver's buffers (the proposed pool): 0 copies. */
    @DeviceTest
    void mmapPoolCopiesNothing() throws Exception {
        play(VividNodes.output(), "videotestsrc pattern=ball num-buffers=" + FRAMES + " ! video/x-raw,format=YUY2," + SMALL,
                "io-mode=mmap", 0);
    }

    /** A queue between: upstream's thread acquires (waiting on the driver), the sink's thread queues. */
    @DeviceTest
    void mmapPoolAcrossAQueueCopiesNothing() throws Exception {
        play(VividNodes.output(), "videotestsrc pattern=ball num-buffers=" + FRAMES + " ! video/x-raw,format=YUY2," + SMALL
                + " ! queue", "", 0);
    }

    @DeviceTest
    void multiPlanarNv12MmapPoolCopiesNothing() throws Exception {
        play(multiPlanarOutput(), "videotestsrc pattern=ball num-buffers=" + FRAMES + " ! video/x-raw,format=NV12,"
                + SMALL, "io-mode=auto", 0);
    }

    /** smpte (a cached frame, not drawn into the pool): each frame copied once, counted as ROW_COPY. */
    @DeviceTest
    void bufferFromElsewhereIsCopiedOnceAndCounted() throws Exception {
        play(VividNodes.output(), "videotestsrc num-buffers=" + FRAMES + " ! video/x-raw,format=YUY2," + SMALL,
                "io-mode=mmap", FRAMES * 320L * 180 * 2);
    }

    /** vivid's capture buffers exported (EXPBUF) and queued by fd on vivid's output: capture to output without a copy. */
    @DeviceTest
    void captureToOutputByDmaBufCopiesNothing() throws Exception {
        play(VividNodes.output(), "v4l2src device=" + VividNodes.capture() + " io-mode=dmabuf num-buffers=" + FRAMES
                + " ! video/x-raw(memory:DMABuf),format=YUY2," + SMALL, "io-mode=dmabuf-import", 0);
    }

    @DeviceTest
    void multiPlanarCaptureToOutputByDmaBuf() throws Exception {
        play(multiPlanarOutput(), "v4l2src device=" + VividNodes.byName("vivid-001-vid-cap") + " io-mode=dmabuf num-buffers="
                + FRAMES + " ! video/x-raw(memory:DMABuf),format=NV12," + SMALL, "io-mode=dmabuf-import", 0);
    }

    private static void play(String node, String upstream, String sinkProps, long copiedBytes) {
        Pipeline p = LaunchParser.parse(upstream + " ! v4l2sink name=out device=" + node + " " + sinkProps);
        V4l2Sink sink = (V4l2Sink) p.byName("out");
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            // EOS drained the queue: the driver played every frame and gave back all but the
            // last, which vivid keeps queued (on screen) until another replaces it
            V4l2Sink.Played played = sink.played();
            assertEquals(FRAMES - 1, played.frames(), "frames the driver gave back: " + played);
            // vivid numbers its output ticks from STREAMON; a frame late under TCG skips a number
            assertTrue(played.lastSequence() >= FRAMES - 2, "the driver's sequence of the last frame: " + played);
            assertEquals(0, played.errors(), played.toString());
            if (copiedBytes == 0) {
                assertEquals(0, copies.bytes(), "bytes copied: " + copies.totals());
            } else { // (videotestsrc's smpte copies its cached frame once: not the sink's)
                assertEquals(copiedBytes, copies.bytes(CopyReason.ROW_COPY), copies.totals().toString());
                assertEquals(FRAMES, copies.count(CopyReason.ROW_COPY), copies.totals().toString());
            }
        } finally {
            p.setState(State.NULL);
        }
    }

    private static String multiPlanarOutput() throws IOException {
        String node = VividNodes.byName("vivid-001-vid-out");
        try (V4l2Device d = V4l2Device.open(node)) {
            assertEquals(V4l2.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, d.outputType(), node + " is not multi-planar");
        }
        return node;
    }

    @DeviceTest
    void anUnsupportedFormatIsNotNegotiated() throws Exception {
        // P010 is a V4L2 format videotestsrc draws, but vivid's output does not list it
        Message.Error e = Launch.error("videotestsrc num-buffers=1 ! video/x-raw,format=P010_10LE," + SMALL
                + " ! v4l2sink name=out device=" + VividNodes.output(), WAIT);
        assertTrue(e.text().startsWith("not-negotiated between videotestsrc"), e.text());
    }

    @DeviceTest
    void systemMemoryInDmaBufImportModeIsNamed() throws Exception {
        Message.Error e = Launch.error("videotestsrc num-buffers=1 ! video/x-raw,format=YUY2," + SMALL
                + " ! v4l2sink io-mode=dmabuf-import device=" + VividNodes.output(), WAIT);
        assertTrue(e.text().contains("takes DMABuf memory, got SystemMemory"), e.text());
    }

    @DeviceTest
    void aCaptureNodeIsRefusedByName() throws Exception {
        String node = VividNodes.capture();
        Message.Error e = Launch.error("videotestsrc num-buffers=1 ! v4l2sink device=" + node, WAIT);
        assertTrue(e.text().contains(node + " is not a video output device"), e.text());
    }

    /** A live source never ends: going to NULL while frames are queued returns, and nothing leaks. */
    @DeviceTest
    void playingToNullWhileStreamingDoesNotHang() throws Exception {
        Pipeline p = LaunchParser.parse("videotestsrc is-live=true pattern=ball ! video/x-raw,format=YUY2," + SMALL
                + " ! v4l2sink name=out device=" + VividNodes.output());
        V4l2Sink sink = (V4l2Sink) p.byName("out");
        try {
            p.setState(State.PLAYING);
            long end = System.nanoTime() + WAIT.toNanos();
            while (sink.played().frames() < 3 && System.nanoTime() < end) {
                Message m = p.bus().pop(Duration.ofMillis(200), Message.Error.class);
                assertEquals(null, m, String.valueOf(m));
            }
            assertTrue(sink.played().frames() >= 3, "frames played: " + sink.played());
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> p.setState(State.NULL));
        }
    }
}
