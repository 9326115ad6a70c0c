package org.zeropipe.core.audio.elements;

import org.zeropipe.core.Format;
import org.zeropipe.core.audio.AudioChunks;
import org.zeropipe.core.audio.AudioFormat;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.audio.AudioMeta;
import org.zeropipe.core.audio.ChannelPosition;
import org.zeropipe.core.audio.Oscillator;
import org.zeropipe.core.audio.RingBufferPool;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.caps.Bitmask;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pool.AcquireParams;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.pool.PoolFlushingException;

/**
 * Test tones (GStreamer's {@code audiotestsrc}): sine, square, saw, triangle, silence, white
 * noise and ticks, in any format of {@link AudioFormat}, interleaved or non-interleaved (planes
 * back to back with an {@link AudioMeta}). The sine is GStreamer's to
 * float rounding. Buffers are stamped like GStreamer's: offset = first sample, pts =
 * {@code offset * 1e9 / rate} (rounded down), duration = next pts - pts.
 *
 * <p>Memory: produces system memory, or, when downstream proposes an audio ring buffer pool,
 * writes straight into that pool's buffers, acquired for the exact sample range
 * ({@code AcquireParams{DEFAULT, first, end}}): the samples are computed into the sink's ring.
 */
public final class AudioTestSrc extends BaseSource {

    static final Caps TEMPLATE = Caps.parse("audio/x-raw, format=(string){ " + AudioFormat.capsList()
            + " }, layout=(string)interleaved, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 2147483647 ]");

    private final Property<Oscillator.Wave> wave;
    private final Property<Double> freq;
    private final Property<Double> volume;
    private final Property<Integer> samplesPerBuffer;
    private final Property<Boolean> live;
    private final Property<Long> tickInterval;
    private final Oscillator oscillator = new Oscillator();
    private volatile AudioInfo info;
    private long nextSample;
    private double[] scratch = new double[0];
    private double[] plane = new double[0]; // one channel, for non-interleaved output
    private volatile Clock.ClockId waitId;
    private volatile boolean stopping;

    public AudioTestSrc(String name) {
        super(name, PadTemplate.src(AudioCaps.ANY_LAYOUT));
        wave = declare(PropertySpec.ofEnum("wave", Oscillator.Wave.class, Oscillator.Wave.SINE, "oscillator waveform"));
        freq = declare(PropertySpec.ofDouble("freq", 440, 0, 1.073742e9, "frequency of the test signal in Hz"));
        volume = declare(PropertySpec.ofDouble("volume", 0.8, 0, 1, "volume of the test signal"));
        samplesPerBuffer = declare(PropertySpec.ofInt("samplesperbuffer", 1024, 1, Integer.MAX_VALUE,
                "frames in each buffer"));
        live = declare(PropertySpec.ofBoolean("is-live", false, "produce in real time, only in PLAYING"));
        tickInterval = declare(PropertySpec.ofLong("tick-interval", 1_000_000_000L, 1, Long.MAX_VALUE,
                "ns from one tick to the next (wave=ticks)"));
    }

    public AudioTestSrc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "audiotestsrc";
    }

    @Override
    public boolean isLive() {
        return live.get();
    }

    @Override
    protected boolean start() {
        nextSample = 0;
        oscillator.reset();
        return true;
    }

    /** As gst_audio_test_src_fixate: rate near max(44100, 2 * freq), S16LE, mono unless asked. */
    @Override
    protected Caps fixate(Caps caps) {
        Structure s = caps.structure(0);
        s = s.fixateFieldNearestInt("rate", (int) Math.min(Integer.MAX_VALUE, Math.max(44100, freq.get() * 2)));
        s = s.fixateFieldString("format", "S16LE");
        s = s.fixateFieldString("layout", "interleaved");
        s = s.fixateFieldNearestInt("channels", 1);
        if (s.has("channels") && s.getInt("channels") > 2 && !s.has("channel-mask")) {
            s = s.with("channel-mask", new Bitmask(ChannelPosition.fallbackMask(s.getInt("channels"))));
        }
        return Caps.of(s).fixate();
    }

    @Override
    protected boolean setCaps(Caps caps) {
        try {
            info = AudioInfo.fromCaps(caps);
            return true;
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot produce " + caps + ": " + e.getMessage(), null, null);
            return false;
        }
    }

    @Override
    protected long minLatency() {
        AudioInfo i = info;
        return i == null ? 0 : i.framesToTime(samplesPerBuffer.get());
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        AudioInfo i = info;
        int frames = samplesPerBuffer.get();
        long first = nextSample;
        long end = first + frames;
        Buffer buffer = acquire(i, first, end);
        if (buffer == null) {
            return FlowReturn.FLUSHING;
        }
        out[0] = buffer;
        long pts = i.framesToTime(first);
        buffer.setOffset(first);
        buffer.setOffsetEnd(end);
        buffer.setPts(pts);
        buffer.setDuration(i.framesToTime(end) - pts);
        int ch = i.channels();
        if (scratch.length < frames * ch) {
            scratch = new double[frames * ch];
        }
        AudioFormat f = i.format();
        Oscillator.Wave w = wave.get();
        double vol = volume.get();
        oscillator.generate(w, freq.get(), vol, f.nativeScale(), i.rate(), ch, first,
                Math.max(1, AudioInfo.scale(tickInterval.get(), i.rate(), 1_000_000_000L)), scratch, frames);
        double[] samples = scratch;
        if (i.interleaved()) {
            AudioChunks.forEach(buffer, i.bpf(), MapFlags.WRITE,
                    (bytes, firstFrame, n) -> f.packTruncating(samples, firstFrame * ch, bytes, 0, n * ch));
        } else {
            packPlanes(buffer, i, frames);
        }
        if (w == Oscillator.Wave.SILENCE || vol == 0) {
            buffer.setFlag(BufferFlag.GAP);
        }
        nextSample = end;
        if (isLive()) {
            waitUntil(pts);
        }
        return FlowReturn.OK;
    }

    /** Writes the interleaved scratch as planes back to back, with an AudioMeta saying so (as GStreamer). */
    private void packPlanes(Buffer buffer, AudioInfo i, int frames) {
        int ch = i.channels();
        if (plane.length < frames) {
            plane = new double[frames];
        }
        long[] offsets = AudioMeta.contiguous(i, frames);
        try (Mapping m = buffer.map(MapFlags.WRITE)) {
            for (int c = 0; c < ch; c++) {
                for (int k = 0; k < frames; k++) {
                    plane[k] = scratch[k * ch + c];
                }
                i.format().packTruncating(plane, 0, m.segment(), offsets[c], frames);
            }
        }
        AudioMeta.add(buffer, i, frames, offsets);
    }

    /** A buffer for frames [first, end): from a ring buffer pool at that range, else as negotiated. */
    private Buffer acquire(AudioInfo i, long first, long end) {
        Negotiation n = negotiation();
        BufferPool pool = n == null ? null : n.pool();
        if (pool != null && pool.hasOption(RingBufferPool.OPTION_SAMPLE_RANGES)) {
            try {
                return pool.acquire(AcquireParams.range(Format.DEFAULT, first, end));
            } catch (PoolFlushingException e) {
                return null;
            }
        }
        return allocateBuffer((end - first) * i.bpf());
    }

    /** A live source hands a buffer out when its first sample's time comes (GStreamer syncs on it). */
    private void waitUntil(long runningTime) {
        Clock c = clock();
        if (c != null && !stopping) {
            Clock.ClockId id = c.newSingleShotId(baseTime() + runningTime);
            waitId = id;
            if (!stopping) {
                id.await();
            }
            waitId = null;
        }
    }

    @Override
    protected void unlock() {
        stopping = true;
        Clock.ClockId id = waitId;
        if (id != null) {
            id.unschedule();
        }
    }

    @Override
    protected void unlockStop() {
        stopping = false;
    }
}
