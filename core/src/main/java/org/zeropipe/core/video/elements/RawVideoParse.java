package org.zeropipe.core.video.elements;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.testsrc.VideoTestSrc;

/**
 * GStreamer's {@code rawvideoparse}: cuts a byte stream (filesrc) into frames described by its
 * properties {@code width}, {@code height}, {@code format}, {@code framerate} ("30/1") and
 * {@code pixel-aspect-ratio}, each frame with its caps, TIME timestamps and duration.
 * Memory: a frame takes the input memories by reference (share views where it cuts one, no
 * copy); only a frame spread over more than 16 input buffers is gathered into one new buffer,
 * a copy the copy tracer counts. A partial frame at the end of the stream is dropped with a
 * warning.
 */
public final class RawVideoParse extends Element {

    private static final int MAX_PIECES = Buffer.MAX_MEMORY;

    private final Pad sinkPad = Pad.fromTemplate(PadTemplate.sink(Caps.ANY));
    private final Pad srcPad = Pad.fromTemplate(PadTemplate.src(VideoTestSrc.templateCaps()));
    private final Property<Integer> width;
    private final Property<Integer> height;
    private final Property<VideoFormat> format;
    private final Property<String> framerate;
    private final Property<String> pixelAspectRatio;
    private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private long firstSkip; // bytes of pending's first buffer already used
    private VideoInfo info;
    private long frames;

    public RawVideoParse(String name) {
        super(name);
        addPad(sinkPad);
        addPad(srcPad);
        width = declare(PropertySpec.ofInt("width", 320, 1, Integer.MAX_VALUE, "frame width"));
        height = declare(PropertySpec.ofInt("height", 240, 1, Integer.MAX_VALUE, "frame height"));
        format = declare(PropertySpec.ofEnum("format", VideoFormat.class, VideoFormat.I420, "pixel format"));
        framerate = declare(PropertySpec.ofString("framerate", "25/1", "frames per second, a fraction"));
        pixelAspectRatio = declare(PropertySpec.ofString("pixel-aspect-ratio", "1/1", "pixel aspect ratio"));
    }

    public RawVideoParse() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "rawvideoparse";
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(sinkPad.template(), srcPad.template());
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition == StateChange.READY_TO_PAUSED) {
            try {
                info = VideoInfo.of(format.get(), width.get(), height.get())
                        .withFramerate(fraction("framerate", framerate.get()))
                        .withPixelAspectRatio(fraction("pixel-aspect-ratio", pixelAspectRatio.get()));
            } catch (IllegalArgumentException e) {
                postError(name() + ": " + e.getMessage(), null, e);
                return StateChangeReturn.FAILURE;
            }
            frames = 0;
        }
        StateChangeReturn r = super.changeState(transition);
        if (transition == StateChange.PAUSED_TO_READY) {
            clear();
        }
        return r;
    }

    private static Fraction fraction(String property, String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            Fraction f = parts.length == 1 ? Fraction.of(Integer.parseInt(parts[0]))
                    : parts.length == 2 ? new Fraction(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()))
                    : null;
            if (f != null && f.numerator() >= 0) {
                return f;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("property " + property + ": '" + text
                + "' is not a non-negative fraction such as 30/1 or 30000/1001");
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (pad == srcPad && query instanceof CapsQuery q && info != null) {
            Caps ours = info.toCaps();
            q.setResult(q.filter() == null ? ours : q.filter().intersect(ours));
            return true;
        }
        return super.handleQuery(pad, query);
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == srcPad) {
            return sinkPad.pushEvent(event);
        }
        return switch (event) {
            case Event.CapsEvent c -> true; // upstream's bytes have no video caps; ours go out below
            case Event.SegmentEvent s -> srcPad.pushEvent(new Event.CapsEvent(info.toCaps()))
                    && srcPad.pushEvent(new Event.SegmentEvent(Segment.of(Format.TIME)));
            case Event.FlushStop f -> {
                clear();
                yield srcPad.pushEvent(event);
            }
            case Event.Eos e -> {
                if (pendingBytes > 0) {
                    postWarning(name() + ": dropping " + pendingBytes + " bytes at the end: less than a frame of "
                            + info.size(), null);
                }
                clear();
                yield srcPad.pushEvent(event);
            }
            default -> srcPad.pushEvent(event);
        };
    }

    @Override
    protected FlowReturn chain(Pad pad, Buffer buffer) {
        if (buffer.size() == 0) {
            buffer.unref();
            return FlowReturn.OK;
        }
        pending.addLast(buffer);
        pendingBytes += buffer.size();
        long size = info.size();
        while (pendingBytes >= size) {
            Buffer frame = takeFrame(size);
            long pts = scale(frames, info.framerate());
            frame.setPts(pts);
            frame.setDts(ClockTime.NONE);
            frame.setOffset(frames);
            frame.setOffsetEnd(frames + 1);
            frames++;
            frame.setDuration(info.framerate().numerator() == 0 ? ClockTime.NONE
                    : scale(frames, info.framerate()) - pts);
            FlowReturn r = srcPad.push(frame);
            if (r != FlowReturn.OK) {
                return r;
            }
        }
        return FlowReturn.OK;
    }

    private static long scale(long frame, Fraction fps) {
        return fps.numerator() == 0 ? 0
                : java.math.BigInteger.valueOf(frame).multiply(java.math.BigInteger.valueOf(fps.denominator()
                        * ClockTime.SECOND)).divide(java.math.BigInteger.valueOf(fps.numerator())).longValue();
    }

    /** The next {@code size} bytes as a buffer: shared pieces of the pending buffers. */
    private Buffer takeFrame(long size) {
        int pieces = 0;
        long covered = -firstSkip;
        for (Buffer b : pending) {
            pieces += b.memoryCount();
            covered += b.size();
            if (covered >= size) {
                break;
            }
        }
        Buffer frame = pieces <= MAX_PIECES ? Buffer.create() : Buffer.allocate(size);
        long done = 0;
        while (done < size) {
            Buffer first = pending.peekFirst();
            long take = Math.min(size - done, first.size() - firstSkip);
            if (pieces <= MAX_PIECES) {
                first.copyInto(frame, EnumSet.of(BufferCopyFlag.MEMORY), firstSkip, take);
            } else {
                try (Mapping m = first.map(MapFlags.READ)) {
                    frame.fill(done, m.segment().asSlice(firstSkip, take)); // counted as FILL
                }
            }
            done += take;
            firstSkip += take;
            if (firstSkip == first.size()) {
                pending.removeFirst().unref();
                firstSkip = 0;
            }
        }
        pendingBytes -= size;
        return frame;
    }

    private void clear() {
        pending.forEach(Buffer::unref);
        pending.clear();
        pendingBytes = 0;
        firstSkip = 0;
    }
}
