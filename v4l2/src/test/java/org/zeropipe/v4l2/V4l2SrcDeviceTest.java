package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.testing.DeviceTest;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * v4l2src on vivid (in the VM): 1280x720 YUY2 and NV12, io-mode mmap, userptr, dmabuf and
 * dmabuf-import, no byte copied, frames equal to what GStreamer's v4l2src captures; the pool
 * growing with CREATE_BUFS and copying (counted) only past the driver's maximum; errors named.
 */
class V4l2SrcDeviceTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int W = 1280;
    private static final int H = 720;

    @TempDir
    Path dir;

    @DeviceTest
    void yuy2Mmap() throws Exception {
        capture(VividNodes.capture(), "YUY2", "mmap");
    }

    @DeviceTest
    void yuy2Dmabuf() throws Exception {
        capture(VividNodes.capture(), "YUY2", "dmabuf");
    }

    @DeviceTest
    void nv12Mmap() throws Exception {
        capture(VividNodes.capture(), "NV12", "mmap");
    }

    @DeviceTest
    void nv12Dmabuf() throws Exception {
        capture(VividNodes.capture(), "NV12", "dmabuf");
    }

    @DeviceTest
    void multiPlanarYuy2Mmap() throws Exception {
        capture(multiPlanar(), "YUY2", "mmap");
    }

    @DeviceTest
    void multiPlanarYuy2Dmabuf() throws Exception {
        capture(multiPlanar(), "YUY2", "dmabuf");
    }

    @DeviceTest
    void multiPlanarNv12Mmap() throws Exception {
        capture(multiPlanar(), "NV12", "mmap");
    }

    @DeviceTest
    void multiPlanarNv12Dmabuf() throws Exception {
        capture(multiPlanar(), "NV12", "dmabuf");
    }

    @DeviceTest
    void yuy2Userptr() throws Exception {
        capture(VividNodes.capture(), "YUY2", "userptr");
    }

    @DeviceTest
    void multiPlanarNv12Userptr() throws Exception {
        capture(multiPlanar(), "NV12", "userptr");
    }

    /** appsink keeps every frame: the pool grows with CREATE_BUFS instead of stalling, no byte copied. */
    @DeviceTest
    void poolGrowsWhenDownstreamHoldsManyBuffers() throws Exception {
        int frames = 12;
        CaptureQueue.Stats stats = holdAll(frames, "mmap", 0);
        assertTrue(stats.grown() > 0 && stats.buffers() >= frames, "the pool did not grow: " + stats);
        assertEquals(0, stats.copied(), stats.toString());
    }

    /**
     * More frames held than the driver allows buffers (CREATE_BUFS refused at its maximum):
     * from then on each frame is copied out once (POOL_EXHAUSTED) and the driver buffer goes back.
     */
    @DeviceTest
    void aFullDriverQueueCopiesWithTheReason() throws Exception {
        int frames = 80;
        CaptureQueue.Stats stats = holdAll(frames, "userptr", -1);
        assertTrue(stats.growFailure() != null && stats.growFailure().contains("VIDIOC_CREATE_BUFS"), stats.toString());
        // every driver buffer but the one being filled is held downstream; the rest were copies
        assertEquals(frames - (stats.buffers() - 1), stats.copied(), stats.toString());
    }

    /** Captures {@code frames} 320x180 YUY2 frames into an appsink that keeps them all; checks the copies. */
    private CaptureQueue.Stats holdAll(int frames, String mode, long expectedCopies) throws Exception {
        Pipeline p = LaunchParser.parse("v4l2src name=src device=" + VividNodes.capture() + " io-mode=" + mode
                + " num-buffers=" + frames + " ! video/x-raw,format=YUY2,width=320,height=180 ! appsink name=sink");
        V4l2Src src = (V4l2Src) p.byName("src");
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            CaptureQueue.Stats stats = src.poolStats();
            long copied = expectedCopies >= 0 ? expectedCopies : stats.copied();
            assertEquals(copied * 320 * 180 * 2, copies.bytes(CopyReason.POOL_EXHAUSTED), copies.totals().toString());
            assertEquals(copied * 320 * 180 * 2, copies.bytes(), copies.totals().toString());
            return stats;
        } finally {
            p.setState(State.NULL);
        }
    }

    @DeviceTest
    void importIntoDmaHeapBuffers() throws Exception {
        capture(VividNodes.capture(), "YUY2", "dmabuf-import dmabuf-allocator=dma-heap");
    }

    @DeviceTest
    void importIntoUdmabufs() throws Exception {
        capture(VividNodes.capture(), "NV12", "dmabuf-import dmabuf-allocator=udmabuf");
    }

    @DeviceTest
    void importIntoVgemDumbBuffers() throws Exception {
        capture(multiPlanar(), "YUY2", "dmabuf-import dmabuf-allocator=vgem");
    }

    /** vivid's second instance, multi-planar (ci/vm/device-tests loads vivid with multiplanar=1,2). */
    private static String multiPlanar() throws IOException {
        String node = VividNodes.byName("vivid-001-vid-cap");
        try (V4l2Device d = V4l2Device.open(node)) {
            assertEquals(V4l2.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, d.captureType(), node + " is not multi-planar");
        }
        return node;
    }

    private void capture(String node, String format, String mode) throws Exception {
        Path ours = dir.resolve("ours.yuv");
        String features = mode.startsWith("dmabuf") ? "(memory:DMABuf)" : "";
        try (CopyCounter copies = CopyCounter.attach()) {
            Message m = Launch.run("v4l2src device=" + node + " io-mode=" + mode + " num-buffers=2 ! video/x-raw" + features
                    + ",format=" + format + ",width=" + W + ",height=" + H + " ! filesink location=" + ours, WAIT);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            assertEquals(0, copies.bytes(), "v4l2src io-mode=" + mode + " must not copy: " + copies.totals());
        }
        int frameSize = format.equals("YUY2") ? W * H * 2 : W * H * 3 / 2;
        byte[] frames = Files.readAllBytes(ours);
        assertEquals(2 * frameSize, frames.length);
        checkBars(frames, format);
        byte[] reference = gstreamerFrame(node, format);
        if (reference != null) {
            assertEquals(frameSize, reference.length);
            // vivid's pattern is deterministic; the text it draws at the top (time, counters) is not
            int from = H / 2;
            int diff = firstDifference(frames, reference, format, from);
            assertEquals(-1, diff, "frame differs from gst-launch-1.0 v4l2src's at byte " + diff);
        }
    }

    /** vivid's 75% colour bars: 8 bars, luma falling from white to black, left to right. */
    private static void checkBars(byte[] frame, String format) {
        int row = H - 10;
        int last = 256;
        for (int bar = 0; bar < 8; bar++) {
            int x = W / 16 + bar * W / 8;
            int y = format.equals("YUY2") ? frame[row * W * 2 + x * 2] & 0xFF : frame[row * W + x] & 0xFF;
            assertTrue(y < last, "bar " + bar + " luma " + y + " is not below the previous bar's " + last);
            last = y;
        }
        assertTrue(last <= 20, "the last bar is black, luma " + last);
    }

    private static int firstDifference(byte[] ours, byte[] ref, String format, int fromRow) {
        int lumaRow = format.equals("YUY2") ? W * 2 : W;
        for (int i = fromRow * lumaRow; i < ref.length; i++) {
            if (format.equals("NV12") && i >= W * H && i < W * H + fromRow / 2 * W) {
                continue; // chroma rows of the top half
            }
            if (ours[i] != ref[i]) {
                return i;
            }
        }
        return -1;
    }

    /** One frame from GStreamer's v4l2src with the same settings, or null without gst-launch-1.0. */
    private byte[] gstreamerFrame(String node, String format) throws IOException, InterruptedException {
        Path ref = dir.resolve("gst.yuv");
        Process p;
        try {
            p = new ProcessBuilder(List.of("gst-launch-1.0", "-q", "v4l2src", "device=" + node, "num-buffers=1", "!",
                    "video/x-raw,format=" + format + ",width=" + W + ",height=" + H, "!", "filesink",
                    "location=" + ref)).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            System.out.println("gst-launch-1.0 is not installed: content checked against the bars only");
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "gst-launch-1.0 did not finish");
        assertEquals(0, p.exitValue(), "gst-launch-1.0 failed: " + out);
        return Files.readAllBytes(ref);
    }

    @DeviceTest
    void aBusyDeviceIsABusErrorNamingTheIoctlAndErrno() throws Exception {
        String node = VividNodes.capture();
        try (V4l2Device other = V4l2Device.open(node)) {
            other.setFormat(other.captureType(), PixelFormat.YUYV.fourcc(), 640, 360);
            other.requestBuffers(other.captureType(), V4l2.V4L2_MEMORY_MMAP, 2); // owns the queue now
            Message m = Launch.run("v4l2src device=" + node + " num-buffers=1 ! video/x-raw,format=YUY2,width=1280,height=720"
                    + " ! fakesink", WAIT);
            Message.Error e = assertInstanceOf(Message.Error.class, m);
            assertTrue(e.toString().contains("VIDIOC_S_FMT on " + node + " failed: EBUSY"), e.toString());
            other.requestBuffers(other.captureType(), V4l2.V4L2_MEMORY_MMAP, 0);
        }
    }

    @DeviceTest
    void anOutputNodeIsRefusedByName() throws Exception {
        String node = VividNodes.output();
        Message m = Launch.run("v4l2src device=" + node + " num-buffers=1 ! fakesink", WAIT);
        Message.Error e = assertInstanceOf(Message.Error.class, m);
        assertTrue(e.toString().contains(node + " is not a video capture device"), e.toString());
    }
}
