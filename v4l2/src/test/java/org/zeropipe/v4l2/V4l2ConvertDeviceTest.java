package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeropipe.v4l2.M2mPipelines.copiedBy;
import static org.zeropipe.v4l2.M2mPipelines.frames;
import static org.zeropipe.v4l2.M2mPipelines.run;

import java.util.List;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.dmabuf.DmaBufMemory;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.testing.DeviceTest;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.v4l2.M2mPipelines.Frame;

/**
 * v4l2convert on vim2m (in the VM), checked against core's videoconvert on the same
 * videotestsrc frames: RGB to BGR exactly, RGB to YUY2 within a stated tolerance; CAPTURE
 * buffers leave as DMABufs with capture-io-mode=dmabuf; videotestsrc draws into the driver's
 * OUTPUT buffers (no copy), frames from elsewhere are copied into them once (counted).
 */
class V4l2ConvertDeviceTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final String SOURCE = "videotestsrc num-buffers=2 ! video/x-raw,format=RGB,width=" + W + ",height=" + H;

    private static List<Frame> reference(String format) {
        return frames(SOURCE + " ! videoconvert ! video/x-raw,format=" + format + " ! appsink name=sink");
    }

    /** The moving ball is drawn into each buffer: videotestsrc draws into the driver's OUTPUT buffers (our pool). */
    @DeviceTest
    void rgbToBgrIsExactlyVideoconvertsOutputWithoutCopies() {
        String ball = "videotestsrc pattern=ball num-buffers=2 ! video/x-raw,format=RGB,width=" + W + ",height=" + H;
        List<Frame> ours;
        try (CopyCounter copies = CopyCounter.attach()) {
            ours = frames(ball + " ! v4l2convert name=conv ! video/x-raw,format=BGR ! appsink name=sink");
            assertEquals(0, copiedBy(copies, "conv"), copies.toString());
        }
        List<Frame> ref = frames(ball + " ! videoconvert ! video/x-raw,format=BGR ! appsink name=sink");
        assertEquals(2, ours.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(W, ours.get(i).width());
            assertArrayEquals(ref.get(i).bytes(), ours.get(i).bytes(), "frame " + i);
        }
    }

    /**
     * vim2m converts to YUY2 with BT.601 limited-range integer coefficients (15-bit fixed point)
     * and takes each pixel pair's chroma from its first pixel; videoconvert (bt601 for this
     * size) rounds differently and filters chroma. On videotestsrc's flat bars that leaves luma
     * within 2 everywhere and chroma within 2 except at the bar edges inside a pixel pair:
     * 99% of the samples within 2, the mean difference below 1.
     */
    @DeviceTest
    void rgbToYuy2IsVideoconvertsOutputWithinTolerance() {
        List<Frame> ours = frames(SOURCE + " ! v4l2convert ! video/x-raw,format=YUY2 ! appsink name=sink");
        List<Frame> ref = reference("YUY2");
        assertEquals(2, ours.size());
        for (int f = 0; f < 2; f++) {
            byte[] a = ref.get(f).bytes();
            byte[] b = ours.get(f).bytes();
            assertEquals(a.length, b.length);
            int within = 0;
            long sum = 0;
            int lumaMax = 0;
            for (int i = 0; i < a.length; i++) {
                int d = Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
                sum += d;
                within += d <= 2 ? 1 : 0;
                if (i % 2 == 0) {
                    lumaMax = Math.max(lumaMax, d);
                }
            }
            assertTrue(lumaMax <= 2, "frame " + f + ": luma differs by " + lumaMax);
            assertTrue(within >= a.length * 0.99, "frame " + f + ": only " + within + " of " + a.length + " within 2");
            assertTrue((double) sum / a.length < 1.0, "frame " + f + ": mean difference " + (double) sum / a.length);
        }
    }

    @DeviceTest
    void dmabufCaptureBuffersLeaveAsDmabufs() {
        List<Frame> ours = frames(SOURCE + " ! v4l2convert capture-io-mode=dmabuf"
                + " ! video/x-raw(memory:DMABuf),format=BGR ! appsink name=sink");
        List<Frame> ref = reference("BGR");
        assertEquals(2, ours.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(DmaBufMemory.TYPE, ours.get(i).memoryType());
            assertArrayEquals(ref.get(i).bytes(), ours.get(i).bytes(), "frame " + i);
        }
    }

    @DeviceTest
    void aNodeThatIsNotMem2MemIsRefusedByName() throws Exception {
        String node = VividNodes.capture();
        Message m = run(SOURCE + " ! v4l2convert device=" + node + " ! fakesink");
        Message.Error e = assertInstanceOf(Message.Error.class, m);
        assertTrue(e.text().contains(node + " is not a mem2mem device"), e.text());
    }

    /** Upstream that does not use the proposed pool (appsrc): each frame copied once into a driver buffer, counted. */
    @DeviceTest
    void framesFromElsewhereAreCopiedOnceAndCounted() {
        List<Frame> raw = frames(SOURCE + " ! appsink name=sink");
        List<Frame> ours;
        Pipeline p = LaunchParser.parse("appsrc name=src ! v4l2convert name=conv ! video/x-raw,format=BGR"
                + " ! appsink name=sink");
        try (CopyCounter copies = CopyCounter.attach()) {
            AppSrc src = (AppSrc) p.byName("src");
            src.set("caps", Caps.parse("video/x-raw, format=(string)RGB, width=(int)" + W + ", height=(int)" + H
                    + ", framerate=(fraction)30/1"));
            p.setState(State.PLAYING);
            for (Frame f : raw) {
                Buffer b = Buffer.allocate(f.bytes().length);
                b.fill(0, f.bytes());
                assertTrue(src.pushBuffer(b));
            }
            src.endOfStream();
            ours = M2mPipelines.pull((AppSink) p.byName("sink"));
            assertEquals(2L * W * H * 3, copiedBy(copies, "conv"), copies.toString());
            assertEquals(0, copies.bytes(CopyReason.ROW_COPY), "the layouts match: one piece per frame: " + copies);
        } finally {
            p.setState(State.NULL);
        }
        List<Frame> ref = reference("BGR");
        assertEquals(2, ours.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(ref.get(i).bytes(), ours.get(i).bytes(), "frame " + i);
        }
    }

    /**
     * vivid captures RGB into its buffers, exported as DMABufs; v4l2convert queues those fds on
     * vim2m's OUTPUT (output-io-mode=dmabuf-import) and vim2m writes BGR: device to device, no
     * byte copied by any element. vivid's 75% bars show the swap: yellow has no blue, cyan no red.
     */
    @DeviceTest
    void vividCaptureImportedByDmabufIsConvertedWithoutCopies() throws Exception {
        int w = 640;
        int h = 360;
        List<Frame> out;
        try (CopyCounter copies = CopyCounter.attach()) {
            out = frames("v4l2src device=" + VividNodes.capture() + " io-mode=dmabuf num-buffers=2"
                    + " ! video/x-raw(memory:DMABuf),format=RGB,width=" + w + ",height=" + h
                    + " ! v4l2convert name=conv output-io-mode=dmabuf-import ! video/x-raw,format=BGR ! appsink name=sink");
            copies.totals().forEach((k, v) -> assertTrue(k.who() == null, "copied by " + k + ": " + v));
        }
        assertEquals(2, out.size());
        for (Frame f : out) {
            int row = (h - 10) * w * 3;
            int yellow = row + (w / 16 + w / 8) * 3;
            int cyan = row + (w / 16 + 2 * w / 8) * 3;
            byte[] b = f.bytes();
            assertTrue((b[yellow] & 0xFF) < 40 && (b[yellow + 2] & 0xFF) > 150, "yellow bar in BGR: "
                    + (b[yellow] & 0xFF) + "," + (b[yellow + 1] & 0xFF) + "," + (b[yellow + 2] & 0xFF));
            assertTrue((b[cyan] & 0xFF) > 150 && (b[cyan + 2] & 0xFF) < 40, "cyan bar in BGR: "
                    + (b[cyan] & 0xFF) + "," + (b[cyan + 1] & 0xFF) + "," + (b[cyan + 2] & 0xFF));
        }
    }

    /**
     * 300 small frames: each leaves with its own input's PTS, in order (the stamp is recorded
     * before the QBUF: the capture thread can DQBUF the result before QBUF returns).
     */
    @DeviceTest
    void everyFrameKeepsItsInputsTimestampInOrder() {
        String small = "videotestsrc num-buffers=300 ! video/x-raw,format=RGB,width=160,height=120";
        List<Long> in = M2mPipelines.timestamps(small + " ! appsink name=sink");
        List<Long> out = M2mPipelines.timestamps(small + " ! v4l2convert ! video/x-raw,format=BGR ! appsink name=sink");
        assertEquals(300, in.size());
        assertEquals(in, out, "each frame's PTS, in order");
    }

    /**
     * Downstream asks for a renegotiation after every frame (Reconfigure, forwarded
     * upstream): the same pool is offered again and reactivated while some of its buffers are
     * still queued in the driver; it makes the freed indices again, so videotestsrc keeps
     * drawing into driver buffers: EOS without an error, every frame out, no byte copied.
     */
    @DeviceTest
    void reconfigureMidStreamReactivatesThePoolWithoutCopies() {
        int n = 60;
        Pipeline p = LaunchParser.parse("videotestsrc pattern=ball num-buffers=" + n
                + " ! video/x-raw,format=RGB,width=160,height=120 ! v4l2convert name=conv ! video/x-raw,format=BGR"
                + " ! appsink name=sink sync=false");
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            AppSink sink = (AppSink) p.byName("sink");
            int got = 0;
            while (true) {
                try (Sample s = sink.pullSample(M2mPipelines.WAIT)) {
                    if (s == null) {
                        break;
                    }
                    got++;
                    sink.staticPad("sink").pushEvent(new Event.Reconfigure());
                }
            }
            Message m = p.bus().pop(M2mPipelines.WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            assertEquals(n, got, "frames out");
            assertEquals(0, copiedBy(copies, "conv"), copies.toString());
        } finally {
            p.setState(State.NULL);
        }
    }
}
