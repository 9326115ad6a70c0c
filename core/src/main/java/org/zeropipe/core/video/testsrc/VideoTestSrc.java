package org.zeropipe.core.video.testsrc;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.ValueList;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.video.InterlaceMode;
import org.zeropipe.core.video.LineConverter;
import org.zeropipe.core.video.PlaneRows;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

/**
 * GStreamer's {@code videotestsrc}: test patterns in any raw format, byte for byte GStreamer's.
 *
 * <p>Memory: produces system memory. A static pattern is drawn once into one READONLY memory
 * that every output buffer references (no copy, no drawing per frame; a downstream writer
 * gets its own copy on write). Blink alternates two such memories. SMPTE and snow redraw only
 * their noise into frames reused once downstream released them ({@link FrameCache}). The ball
 * is drawn per frame into buffers from the negotiated pool or allocator. With {@code VideoMeta}
 * proposed in the ALLOCATION query every buffer carries one.
 *
 * <p>Properties: {@code pattern}, {@code is-live} (timestamps follow the clock; each frame is
 * pushed when its time comes), {@code foreground-color}, {@code background-color} (big-endian
 * ARGB), {@code timestamp-offset}, and BaseSource's {@code num-buffers}.
 */
public final class VideoTestSrc extends BaseSource {

    static final Caps TEMPLATE = Caps.of(Structure.builder(VideoInfo.MEDIA_TYPE)
            .set("format", ValueList.ofStrings(Arrays.stream(VideoFormat.values()).map(VideoFormat::capsName)
                    .toArray(String[]::new)))
            .setRange("width", 1, Integer.MAX_VALUE).setRange("height", 1, Integer.MAX_VALUE)
            .setRange("framerate", new Fraction(0, 1), new Fraction(Integer.MAX_VALUE, 1)).build());

    /** Raw video in every format zeropipe knows, any size and rate: what videotestsrc produces. */
    public static Caps templateCaps() {
        return TEMPLATE;
    }

    private final Property<TestPattern> pattern;
    private final Property<Boolean> live;
    private final Property<Long> foreground;
    private final Property<Long> background;
    private final Property<Long> timestampOffset;
    private final NoiseSource noise = new NoiseSource();

    private VideoInfo info;
    private boolean addVideoMeta;
    private long frames;
    private long runningTime;
    private long accumFrames;
    private long accumTime;
    // what is drawn once per caps
    private Memory still;
    private Memory[] blink;
    private FrameCache noiseFrames;
    private NoiseWriter noiseWriter;
    private boolean noiseWriterTried;
    private volatile Clock.ClockId waiting;
    private volatile boolean unlocked;

    public VideoTestSrc(String name) {
        super(name, PadTemplate.src(TEMPLATE));
        pattern = declare(PropertySpec.ofEnum("pattern", TestPattern.class, TestPattern.SMPTE,
                "the test pattern"));
        live = declare(PropertySpec.ofBoolean("is-live", false, "act as a live source: frames follow the clock"));
        foreground = declare(PropertySpec.ofLong("foreground-color", 0xffffffffL, 0, 0xffffffffL,
                "foreground colour, big-endian ARGB"));
        background = declare(PropertySpec.ofLong("background-color", 0xff000000L, 0, 0xffffffffL,
                "background colour, big-endian ARGB"));
        timestampOffset = declare(PropertySpec.ofLong("timestamp-offset", 0, 0, Long.MAX_VALUE,
                "an offset added to the buffers' timestamps (ns)"));
    }

    public VideoTestSrc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "videotestsrc";
    }

    @Override
    public boolean isLive() {
        return live.get();
    }

    @Override
    protected boolean start() {
        frames = 0;
        runningTime = 0;
        accumFrames = 0;
        accumTime = 0;
        info = null;
        return true;
    }

    @Override
    protected void stop() {
        dropDrawings();
        info = null;
    }

    /** GStreamer's fixation: 320x240 at 30/1, square pixels, progressive; alpha formats for a translucent foreground. */
    @Override
    protected Caps fixate(Caps caps) {
        Structure s = caps.structure(0);
        if ((foreground.get() >>> 24) != 255 && s.get("format") instanceof ValueList list) {
            String[] alpha = list.values().stream().map(v -> ((org.zeropipe.core.caps.StringValue) v).value())
                    .filter(n -> VideoFormat.fromCapsName(n).map(VideoFormat::hasAlpha).orElse(false))
                    .toArray(String[]::new);
            if (alpha.length > 0) {
                s = s.with("format", ValueList.ofStrings(alpha));
            }
        }
        s = s.fixateFieldNearestInt("width", 320).fixateFieldNearestInt("height", 240);
        s = s.has("framerate") ? s.fixateFieldNearestFraction("framerate", new Fraction(30, 1))
                : s.with("framerate", new Fraction(30, 1));
        s = s.has("pixel-aspect-ratio") ? s.fixateFieldNearestFraction("pixel-aspect-ratio", new Fraction(1, 1))
                : s.with("pixel-aspect-ratio", new Fraction(1, 1));
        if (s.has("colorimetry")) {
            s = s.fixateFieldString("colorimetry", "bt601");
        }
        if (s.has("chroma-site")) {
            s = s.fixateFieldString("chroma-site", "mpeg2");
        }
        s = s.has("interlace-mode") ? s.fixateFieldString("interlace-mode", "progressive")
                : s.with("interlace-mode", "progressive");
        return Caps.of(s, caps.features(0)).fixate();
    }

    @Override
    protected boolean setCaps(Caps caps) {
        VideoInfo next;
        try {
            next = VideoInfo.fromCaps(caps);
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot produce " + caps + ": " + e.getMessage(), null, e);
            return false;
        }
        if (next.interlaceMode() != InterlaceMode.PROGRESSIVE) {
            postError(name() + " draws progressive frames only, not interlace-mode="
                    + next.interlaceMode().capsName(), null, null);
            return false;
        }
        dropDrawings();
        info = next;
        accumTime += runningTime;
        accumFrames += frames;
        runningTime = 0;
        frames = 0;
        return true;
    }

    @Override
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        addVideoMeta = answered && query.hasMeta(VideoMeta.API);
        return super.decideAllocation(caps, query, answered);
    }

    @Override
    protected long minLatency() {
        VideoInfo i = info;
        return i == null || i.framerate().numerator() == 0 ? 0 : i.frameDurationNanos();
    }

    @Override
    protected void unlock() {
        unlocked = true;
        Clock.ClockId id = waiting;
        if (id != null) {
            id.unschedule();
        }
    }

    @Override
    protected void unlockStop() {
        unlocked = false;
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        VideoInfo i = info;
        if (i == null) {
            postError(name() + ": no caps were negotiated", null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        if (i.framerate().numerator() == 0 && frames == 1) {
            return FlowReturn.EOS; // a still image: one frame
        }
        long pts = accumTime + timestampOffset.get() + runningTime;
        if (isLive() && !waitFor(pts)) {
            return FlowReturn.FLUSHING;
        }
        Buffer b = draw(i);
        if (b == null) {
            return FlowReturn.FLUSHING;
        }
        if (addVideoMeta) {
            VideoMeta.add(b, i.format(), i.width(), i.height(), i.layout().offsets(), i.layout().strides());
        }
        b.setPts(pts);
        b.setOffset(accumFrames + frames);
        b.setOffsetEnd(accumFrames + frames + 1);
        frames++;
        if (i.framerate().numerator() != 0) {
            long next = scale(frames, i.framerate().denominator() * ClockTime.SECOND, i.framerate().numerator());
            b.setDuration(next - runningTime);
            runningTime = next;
        } else {
            runningTime = timestampOffset.get();
        }
        out[0] = b;
        return FlowReturn.OK;
    }

    /** {@code value * num / denom} rounded down without overflow, GStreamer's {@code gst_util_uint64_scale}. */
    private static long scale(long value, long num, long denom) {
        try {
            return Math.multiplyExact(value, num) / denom;
        } catch (ArithmeticException e) {
            return java.math.BigInteger.valueOf(value).multiply(java.math.BigInteger.valueOf(num))
                    .divide(java.math.BigInteger.valueOf(denom)).longValueExact();
        }
    }

    /** A live source pushes a frame when the clock reaches its running time. */
    private boolean waitFor(long pts) {
        Clock clock = clock();
        if (clock == null) {
            return !unlocked;
        }
        Clock.ClockId id = clock.newSingleShotId(baseTime() + pts);
        waiting = id;
        try {
            if (unlocked) {
                return false;
            }
            return id.await() != Clock.WaitResult.UNSCHEDULED;
        } finally {
            waiting = null;
        }
    }

    private Buffer draw(VideoInfo i) {
        TestPattern p = pattern.get();
        if (p.isStatic()) {
            if (still == null) {
                still = drawOnce(i, p, 0);
            }
            return Buffer.wrap(still.ref());
        }
        return switch (p) {
            case BLINK -> {
                if (blink == null) {
                    blink = new Memory[] {drawOnce(i, p, 0), drawOnce(i, p, 1)};
                }
                yield Buffer.wrap(blink[(int) (frames & 1)].ref());
            }
            case SMPTE, SNOW -> drawNoise(i, p);
            default -> drawWhole(i, p);
        };
    }

    /** Draws a frame into a new READONLY memory, to be shared by every buffer that shows it. */
    private Memory drawOnce(VideoInfo i, TestPattern p, long frame) {
        Memory m = Allocators.defaultAllocator().alloc(i.size());
        try (Mapping map = m.map(MapFlags.WRITE)) {
            paint(i, p, frame, noise, rows(i, map.segment()));
        } catch (RuntimeException e) {
            m.unref();
            throw e;
        }
        m.setFlag(MemoryFlag.READONLY);
        return m;
    }

    /** SMPTE and snow: the drawn template once, then only the noise per frame. */
    private Buffer drawNoise(VideoInfo i, TestPattern p) {
        if (!noiseWriterTried) {
            noiseWriterTried = true;
            Memory template = Allocators.defaultAllocator().alloc(i.size());
            try (Mapping map = template.map(MapFlags.WRITE)) {
                PlaneRows target = rows(i, map.segment());
                PatternPainter painter = paint(i, p, frames, new NoiseSource(), target);
                int left = p == TestPattern.SNOW ? 0 : PatternPainter.smpteNoiseLeft(i.width());
                int top = p == TestPattern.SNOW ? 0 : PatternPainter.smpteNoiseTop(i.height());
                noiseWriter = NoiseWriter.of(i, painter.foreground(), painter.background(), left, top,
                        target.planes());
            } catch (RuntimeException e) {
                template.unref();
                throw e;
            }
            if (noiseWriter == null) {
                template.unref();
            } else {
                noiseFrames = new FrameCache(template);
            }
        }
        if (noiseWriter == null) {
            return drawWhole(i, p); // the noise tints chroma: draw every row
        }
        Memory frame = noiseFrames.acquire();
        try (Mapping map = frame.map(MapFlags.WRITE)) {
            PlaneRows target = rows(i, map.segment());
            noiseWriter.write(target.planes(), target.strides(), noise);
        } catch (RuntimeException e) {
            frame.unref();
            throw e;
        }
        FrameCache.seal(frame);
        return Buffer.wrap(frame);
    }

    /** Draws every row into a buffer from the negotiated pool or allocator. */
    private Buffer drawWhole(VideoInfo i, TestPattern p) {
        Buffer b = allocateBuffer(i.size());
        if (b == null) {
            return null;
        }
        try (VideoFrame f = VideoFrame.map(b, i, MapFlags.WRITE)) {
            paint(i, p, frames, noise, PlaneRows.of(f));
        } catch (RuntimeException e) {
            b.unref();
            throw e;
        }
        return b;
    }

    private PatternPainter paint(VideoInfo i, TestPattern p, long frame, NoiseSource source, PlaneRows target) {
        PatternPainter painter = new PatternPainter(i, p, foreground.get(), background.get(), source, frame);
        LineConverter converter = new LineConverter(i);
        byte[] line = new byte[4 * i.width()];
        for (int y = 0; y < i.height(); y++) {
            boolean same = painter.repeatsRowAbove(y);
            if (!same) {
                painter.paint(y, line);
            }
            converter.convert(line, y, target, same);
        }
        return painter;
    }

    private static PlaneRows rows(VideoInfo i, MemorySegment frame) {
        int n = i.planes();
        MemorySegment[] planes = new MemorySegment[n];
        int[] strides = new int[n];
        for (int p = 0; p < n; p++) {
            planes[p] = frame.asSlice(i.offset(p));
            strides[p] = i.stride(p);
        }
        return new PlaneRows(planes, strides, new int[n]);
    }

    private void dropDrawings() {
        if (still != null) {
            still.unref();
            still = null;
        }
        if (blink != null) {
            blink[0].unref();
            blink[1].unref();
            blink = null;
        }
        if (noiseFrames != null) {
            noiseFrames.close();
            noiseFrames = null;
        }
        noiseWriter = null;
        noiseWriterTried = false;
    }
}
