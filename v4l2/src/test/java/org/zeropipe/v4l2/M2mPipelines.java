package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.CopyCounter;

/** Running the mem2mem tests' pipelines (in the VM they are slow: generous waits). */
final class M2mPipelines {

    static final Duration WAIT = Duration.ofSeconds(240);

    private M2mPipelines() {
    }

    /** Plays {@code description} to EOS or ERROR; returns that message. */
    static Message run(String description) {
        return run(description, p -> { });
    }

    /** Plays {@code description}, lets {@code whilePlaying} act on it, and waits for EOS or ERROR. */
    static Message run(String description, Consumer<Pipeline> whilePlaying) {
        Pipeline p = LaunchParser.parse(description);
        try {
            p.setState(State.PLAYING);
            whilePlaying.accept(p);
            return p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Plays {@code description} (ending in {@code appsink name=sink}) and returns each frame's bytes with its caps. */
    static List<Frame> frames(String description) {
        List<Frame> out = new ArrayList<>();
        Pipeline p = LaunchParser.parse(description);
        try {
            p.setState(State.PLAYING);
            out.addAll(pull((AppSink) p.byName("sink")));
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            return out;
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Plays {@code description} (ending in {@code appsink name=sink}) to EOS and returns each frame's PTS (no bytes kept). */
    static List<Long> timestamps(String description) {
        List<Long> out = new ArrayList<>();
        Pipeline p = LaunchParser.parse(description);
        try {
            p.setState(State.PLAYING);
            AppSink sink = (AppSink) p.byName("sink");
            for (Sample s; (s = sink.pullSample(WAIT)) != null;) {
                try (Sample held = s) {
                    out.add(held.buffer().pts());
                }
            }
            Message m = p.bus().pop(WAIT, Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            return out;
        } finally {
            p.setState(State.NULL);
        }
    }

    /** Every frame {@code sink} gets until EOS (or a long wait). */
    static List<Frame> pull(AppSink sink) {
        List<Frame> out = new ArrayList<>();
        while (true) {
            Sample s = sink.pullSample(WAIT);
            if (s == null) {
                return out;
            }
            try (s) {
                out.add(new Frame(s.buffer().extractBytes(0, -1), s.caps().structure(0).getInt("width"),
                        s.caps().structure(0).getInt("height"), s.buffer().peekMemory(0).allocator().memoryType(),
                        s.buffer().pts()));
            }
        }
    }

    /** A frame that reached an appsink: its bytes, size, memory type and PTS. */
    record Frame(byte[] bytes, int width, int height, String memoryType, long pts) {
    }

    /** Bytes the copy tracer saw {@code element} copy. */
    static long copiedBy(CopyCounter copies, String element) {
        return copies.totals().entrySet().stream().filter(e -> element.equals(e.getKey().who()))
                .mapToLong(e -> e.getValue().bytes()).sum();
    }

    /** Peak signal-to-noise ratio of 8-bit samples {@code b} against {@code a}, in dB (infinite when equal). */
    static double psnr(byte[] a, byte[] b) {
        assertEquals(a.length, b.length, "frame sizes");
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            sum += d * d;
        }
        double mse = sum / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
