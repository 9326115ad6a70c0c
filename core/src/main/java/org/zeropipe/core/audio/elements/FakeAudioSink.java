package org.zeropipe.core.audio.elements;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.audio.AudioRingBuffer;
import org.zeropipe.core.audio.RingBufferPool;
import org.zeropipe.core.audio.RingClock;
import org.zeropipe.core.audio.RingMemory;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;

/**
 * An audio sink without a device that plays in real time: an {@link AudioRingBuffer} whose
 * reader thread consumes one segment per {@code latency-time} (then hands it to the handoff and
 * clears it), and whose read position is the pipeline clock it provides ({@link RingClock}).
 * In PLAYING the reader starts once half the ring is filled (or the ring is full, or at EOS),
 * as a device is prefilled.
 * Upstream is paced by the ring filling up, as GStreamer's audio sinks are; {@code sync} is off
 * by default for the same reason.
 *
 * <p>Memory: accepts system memory. It proposes a {@link RingBufferPool} in the ALLOCATION
 * query: a producer that acquires with a sample range writes into the ring itself and render
 * only records the range (no copy). Any other buffer is copied into the ring at its frame
 * position (its running time), reported to the copy tracer. A flush resets the ring: the next
 * stream starts where its first frames' running time says.
 */
public final class FakeAudioSink extends BaseSink {

    private final Property<Long> bufferTime;
    private final Property<Long> latencyTime;
    private final Property<Boolean> realtime;
    private final RingClock clock = new RingClock(null);
    private volatile AudioRingBuffer ring;
    private volatile RingBufferPool pool;
    private final Object ringLock = new Object(); // ring swaps with arm/disarm
    private boolean playing;                       // under ringLock
    private volatile Consumer<MemorySegment> handoff;
    private long nextFrame;
    private long copiedBuffers;

    public FakeAudioSink(String name) {
        super(name, PadTemplate.sink(AudioTestSrc.TEMPLATE), false);
        bufferTime = declare(PropertySpec.ofLong("buffer-time", AudioRingBuffer.DEFAULT_BUFFER_TIME_US, 1, Long.MAX_VALUE,
                "size of the ring buffer in microseconds"));
        latencyTime = declare(PropertySpec.ofLong("latency-time", AudioRingBuffer.DEFAULT_LATENCY_TIME_US, 1, Long.MAX_VALUE,
                "size of one ring segment in microseconds"));
        realtime = declare(PropertySpec.ofBoolean("real-time", true,
                "play in real time (underruns play silence); false: play each segment once written, as fast as upstream"));
    }

    public FakeAudioSink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "fakeaudiosink";
    }

    /** Sees each segment as it is played (on the reader thread), before it is cleared. */
    public void setHandoff(Consumer<MemorySegment> callback) {
        handoff = callback;
    }

    /** The current ring buffer (null before caps). */
    public AudioRingBuffer ringBuffer() {
        return ring;
    }

    /** Buffers that were not the ring's own and had to be copied into it. */
    public long copiedBuffers() {
        return copiedBuffers;
    }

    @Override
    public Clock provideClock() {
        return clock;
    }

    @Override
    protected boolean setCaps(Caps caps) {
        AudioInfo info;
        try {
            info = AudioInfo.fromCaps(caps);
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot play " + caps + ": " + e.getMessage(), null, null);
            return false;
        }
        AudioRingBuffer old = ring;
        if (old != null && old.info().equals(info)) {
            return true;
        }
        AudioRingBuffer r;
        try {
            r = new AudioRingBuffer(info, bufferTime.get(), latencyTime.get());
        } catch (IllegalArgumentException e) {
            postError(name() + ": " + e.getMessage(), null, null);
            return false;
        }
        r.setRealtime(realtime.get());
        RingBufferPool p = new RingBufferPool(r);
        p.setSegment(segment());
        // One lock with the state change: PLAYING→PAUSED either sees the new ring (and disarms
        // it) or runs before, and then this does not arm it.
        synchronized (ringLock) {
            releaseRing();
            ring = r;
            pool = p;
            clock.attach(r);
            if (playing) {
                r.arm(name() + "-ringbuffer", this::play);
            }
        }
        return true;
    }

    private void play(MemorySegment segment) {
        Consumer<MemorySegment> h = handoff;
        if (h != null) {
            h.accept(segment);
        }
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery query) {
        AudioRingBuffer r = ring;
        RingBufferPool p = pool;
        if (r == null || p == null) {
            return false;
        }
        query.addPool(new AllocationQuery.PoolProposal(p, r.segSize(), 0, 0));
        return true;
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        AudioRingBuffer r = ring;
        if (r == null) {
            postError(name() + ": got a buffer before caps", null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        int bpf = r.info().bpf();
        long frames = buffer.size() / bpf;
        // Placed by running time (as the pool places its windows): after a seek the stream's
        // timestamps restart elsewhere, the running time where the ring was reset.
        long start = ClockTime.isValid(buffer.pts()) ? RingBufferPool.ringFrame(segment(), r.info(), buffer.pts()) : -1;
        if (start < 0) {
            start = nextFrame;
        }
        nextFrame = start + frames;
        if (isRingAt(r, buffer, start)) {
            r.commit(start, start + frames); // upstream wrote the ring itself
            return FlowReturn.OK;
        }
        copiedBuffers++;
        return r.write(start, buffer) ? FlowReturn.OK : FlowReturn.FLUSHING;
    }

    /** Whether {@code buffer} is made of this ring's memory exactly where frame {@code start} lives. */
    private static boolean isRingAt(AudioRingBuffer r, Buffer buffer, long start) {
        long frame = start;
        for (int i = 0; i < buffer.memoryCount(); i++) {
            Memory m = buffer.peekMemory(i);
            if (!(m instanceof RingMemory rm) || rm.ring() != r || m.offset() != r.byteOffset(frame)) {
                return false;
            }
            frame += m.size() / r.info().bpf();
        }
        return true;
    }

    @Override
    protected void onEos() {
        AudioRingBuffer r = ring;
        if (r != null) {
            r.drain();
        }
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        AudioRingBuffer r = ring;
        if (r != null && event instanceof Event.FlushStart) {
            r.setFlushing(true);
        } else if (r != null && event instanceof Event.FlushStop) {
            r.reset(); // a new stream: placed anew by its first frames' running time
            nextFrame = 0;
            r.setFlushing(false);
        }
        boolean ok = super.handleEvent(pad, event);
        RingBufferPool p = pool;
        if (p != null && (event instanceof Event.SegmentEvent || event instanceof Event.FlushStop)) {
            p.setSegment(segment());
        }
        return ok;
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        AudioRingBuffer r = ring;
        if (r != null) {
            r.setFlushing(!active); // wakes a producer waiting for room in the ring
        }
        super.padActivation(pad, active);
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition == StateChange.PAUSED_TO_PLAYING) {
            synchronized (ringLock) {
                playing = true;
                AudioRingBuffer r = ring;
                if (r != null) {
                    r.arm(name() + "-ringbuffer", this::play);
                }
            }
        } else if (transition == StateChange.PLAYING_TO_PAUSED) {
            synchronized (ringLock) {
                playing = false;
                AudioRingBuffer r = ring;
                if (r != null) {
                    r.disarm();
                }
            }
        }
        StateChangeReturn ret = super.changeState(transition);
        if (transition == StateChange.PAUSED_TO_READY) {
            synchronized (ringLock) {
                releaseRing();
            }
            copiedBuffers = 0;
        }
        return ret;
    }

    private void releaseRing() {
        RingBufferPool p = pool;
        AudioRingBuffer r = ring;
        pool = null;
        ring = null;
        if (p != null) {
            p.setActive(false);
        }
        if (r != null) {
            r.close();
        }
    }

}
