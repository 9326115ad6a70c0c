package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeropipe.v4l2.M2mPipelines.WAIT;
import static org.zeropipe.v4l2.M2mPipelines.copiedBy;
import static org.zeropipe.v4l2.M2mPipelines.frames;
import static org.zeropipe.v4l2.M2mPipelines.psnr;

import java.util.ArrayList;
import java.util.List;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.AppSrc;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.Format;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.testing.DeviceTest;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.v4l2.M2mPipelines.Frame;

/**
 * v4l2videoenc and v4l2videodec on vicodec (in the VM): a round trip whose frames keep a PSNR
 * above 30 dB against the input (FWHT at vicodec's default quantisation keeps videotestsrc's
 * 640x480 bars at 32.5 dB here; a broken plane, a wrong stride or swapped chroma falls far
 * below 30), and a stream whose resolution changes mid-way (the decoder's source-change event:
 * new CAPTURE buffers and new caps downstream).
 */
class V4l2CodecDeviceTest {

    private static final double MIN_PSNR = 30;

    private static String source(int frames, int width, int height) {
        return "videotestsrc num-buffers=" + frames + " ! video/x-raw,format=I420,width=" + width + ",height=" + height;
    }

    @DeviceTest
    void roundTripKeepsThePictureWithCopiesCounted() {
        List<Frame> input = frames(source(3, 640, 480) + " ! appsink name=sink");
        List<Frame> output;
        try (CopyCounter copies = CopyCounter.attach()) {
            output = frames(source(3, 640, 480) + " ! v4l2videoenc name=enc ! v4l2videodec name=dec"
                    + " ! video/x-raw,format=I420 ! appsink name=sink");
            // smpte is one read-only frame videotestsrc shares between buffers (not drawn into our
            // pool): each is copied once into a driver buffer, counted (the pool path: V4l2ConvertDeviceTest)
            assertEquals(3L * 640 * 480 * 3 / 2, copiedBy(copies, "enc"), "raw frames into OUTPUT buffers: " + copies);
            long coded = copiedBy(copies, "dec");
            assertTrue(coded > 0 && coded < 3L * 640 * 480, "coded frames into OUTPUT buffers: " + copies);
        }
        assertEquals(3, output.size(), "frames out (the drain on EOS must deliver all)");
        for (int i = 0; i < 3; i++) {
            assertEquals(640, output.get(i).width());
            double db = psnr(input.get(i).bytes(), output.get(i).bytes());
            System.out.printf("vicodec round trip frame %d: PSNR %.1f dB%n", i, db);
            assertTrue(db >= MIN_PSNR, "frame " + i + " PSNR " + db + " dB");
        }
    }

    @DeviceTest
    void aResolutionChangeMidStreamReallocatesAndSendsNewCaps() {
        List<Frame> rawA = frames(source(2, 800, 480) + " ! appsink name=sink");
        List<Frame> rawB = frames(source(2, 640, 480) + " ! appsink name=sink");
        List<Frame> coded = new ArrayList<>(frames(source(2, 800, 480) + " ! v4l2videoenc ! appsink name=sink"));
        coded.addAll(frames(source(2, 640, 480) + " ! v4l2videoenc ! appsink name=sink"));

        // one coded stream, announced as 800x480: the second half's frame headers say 640x480
        Pipeline p = LaunchParser.parse("appsrc name=src ! v4l2videodec ! video/x-raw,format=I420 ! appsink name=sink");
        List<Frame> out = new ArrayList<>();
        try {
            AppSrc src = (AppSrc) p.byName("src");
            src.set("caps", Caps.parse("video/x-fwht, width=(int)800, height=(int)480, framerate=(fraction)30/1"));
            p.setState(State.PLAYING);
            push(src, coded);
            src.endOfStream();
            out.addAll(M2mPipelines.pull((AppSink) p.byName("sink")));
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        } finally {
            p.setState(State.NULL);
        }
        assertEquals(4, out.size(), "frames out");
        List<Frame> raw = List.of(rawA.get(0), rawA.get(1), rawB.get(0), rawB.get(1));
        for (int i = 0; i < 4; i++) {
            int w = i < 2 ? 800 : 640;
            assertEquals(w, out.get(i).width(), "frame " + i + "'s caps");
            assertEquals(i * 33_333_333L, out.get(i).pts(), "frame " + i + " keeps its timestamp");
            assertEquals(480, out.get(i).height(), "frame " + i + "'s caps");
            double db = psnr(raw.get(i).bytes(), out.get(i).bytes());
            assertTrue(db >= MIN_PSNR, "frame " + i + " PSNR " + db + " dB");
        }
    }

    /**
     * A flushing seek between two streams: the decoder stops both queues and starts again
     * from the new data (a new first source change: 640x480 after 800x480), nothing left over
     * from before the flush comes out after it.
     */
    @DeviceTest
    void aFlushRestartsTheDecoderOnTheNewData() {
        List<Frame> rawB = frames(source(2, 640, 480) + " ! appsink name=sink");
        List<Frame> codedA = frames(source(2, 800, 480) + " ! v4l2videoenc ! appsink name=sink");
        List<Frame> codedB = frames(source(2, 640, 480) + " ! v4l2videoenc ! appsink name=sink");
        Pipeline p = LaunchParser.parse("appsrc name=src ! v4l2videodec ! video/x-raw,format=I420 ! appsink name=sink");
        try {
            AppSrc src = (AppSrc) p.byName("src");
            AppSink sink = (AppSink) p.byName("sink");
            src.set("caps", Caps.parse("video/x-fwht, width=(int)800, height=(int)480, framerate=(fraction)30/1"));
            p.setState(State.PLAYING);
            push(src, codedA);
            for (int i = 0; i < 2; i++) {
                try (Sample s = sink.pullSample(WAIT)) {
                    assertEquals(800, s.caps().structure(0).getInt("width"), "before the flush");
                }
            }
            assertTrue(p.sendEvent(new Event.Seek(1.0, Format.TIME, true, 0, -1)));
            push(src, codedB);
            src.endOfStream();
            List<Frame> out = M2mPipelines.pull(sink);
            assertEquals(2, out.size(), "frames after the flush");
            for (int i = 0; i < 2; i++) {
                assertEquals(640, out.get(i).width(), "frame " + i + " after the flush");
                assertTrue(psnr(rawB.get(i).bytes(), out.get(i).bytes()) >= MIN_PSNR, "frame " + i + " after the flush");
            }
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Stopping mid-stream: PLAYING to NULL returns (the capture thread leaves its poll), nothing leaks. */
    @DeviceTest
    void stoppingWhileStreamingDoesNotHang() {
        Pipeline p = LaunchParser.parse(source(-1, 640, 480) + " ! v4l2videoenc ! v4l2videodec ! appsink name=sink");
        try {
            p.setState(State.PLAYING);
            try (Sample s = ((AppSink) p.byName("sink")).pullSample(WAIT)) {
                assertTrue(s != null, "no frame came out");
            }
        } finally {
            assertEquals(StateChangeReturn.SUCCESS, p.setState(State.NULL));
        }
    }


    /**
     * Bytes that are not FWHT announced as video/x-fwht: the decoder takes every input frame
     * back without finding a picture; a bus error says so (naming the device) instead of a
     * warning after the 60 s drain timeout followed by EOS.
     */
    @DeviceTest
    void undecodableInputIsABusErrorNamingTheDecoder() {
        Pipeline p = LaunchParser.parse("appsrc name=src ! v4l2videodec name=dec ! video/x-raw,format=I420 ! fakesink");
        try {
            AppSrc src = (AppSrc) p.byName("src");
            src.set("caps", Caps.parse("video/x-fwht, width=(int)640, height=(int)480, framerate=(fraction)30/1"));
            p.setState(State.PLAYING);
            byte[] junk = new byte[4096];
            new java.util.Random(7).nextBytes(junk);
            List<Frame> coded = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                coded.add(new Frame(junk, 640, 480, null, 0));
            }
            push(src, coded);
            src.endOfStream();
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            Message.Error e = assertInstanceOf(Message.Error.class, m, String.valueOf(m));
            assertTrue(e.text().contains("rejected 5 input frames") && e.text().contains("/dev/video"), e.text());
        } finally {
            p.setState(State.NULL);
        }
    }

    private static void push(AppSrc src, List<Frame> coded) {
        for (int i = 0; i < coded.size(); i++) {
            Buffer b = Buffer.allocate(coded.get(i).bytes().length);
            b.fill(0, coded.get(i).bytes());
            b.setPts(i * 33_333_333L);
            assertTrue(src.pushBuffer(b));
        }
    }

    /** 300 frames encoded and decoded: each leaves the decoder with its own input's PTS, in order. */
    @DeviceTest
    void everyFrameKeepsItsInputsTimestampThroughEncodeAndDecode() {
        List<Long> in = M2mPipelines.timestamps(source(300, 640, 480) + " ! appsink name=sink");
        List<Long> out = M2mPipelines.timestamps(source(300, 640, 480) + " ! v4l2videoenc ! v4l2videodec"
                + " ! video/x-raw,format=I420 ! appsink name=sink");
        assertEquals(300, in.size());
        assertEquals(in, out, "each frame's PTS, in order");
    }
}
