package org.zeropipe.core.audio;

import java.util.Set;

import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pool.AcquireFlag;
import org.zeropipe.core.pool.AcquireParams;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;

/**
 * A buffer pool whose buffers <em>are</em> an {@link AudioRingBuffer}'s memory: what an audio
 * sink proposes in the ALLOCATION query so that upstream computes samples straight into the
 * ring (zero copies).
 *
 * <p>{@link #acquire(AcquireParams)} places the buffer by the params: {@code format=DEFAULT}
 * with {@code [start, stop)} in the stream's frames, or {@code format=TIME} in ns, at their
 * running time in the sink's segment ({@link #setSegment}), rounded to the nearest frame. Without a range it cannot know where the samples go: it gives plain memory of the
 * configured size (the sink copies it into place). It waits until the reader has played what the ring held
 * there. The buffer's memories are {@link RingMemory} windows: one, or two when the range
 * wraps around the end of the ring. Its offset and offset-end are the frame range. Frames the
 * reader has already played cannot be placed: such a buffer is plain system memory, of which
 * the sink copies only what is not played yet. The windows are counted alive under the ring's
 * lock as the wait for space succeeds, so the ring's block outlives them even when the sink
 * closes the ring meanwhile.
 */
public final class RingBufferPool extends BufferPool {

    /** Pool option: the pool honours {@code AcquireParams} sample ranges. */
    public static final String OPTION_SAMPLE_RANGES = "zeropipe.audio.ring-sample-ranges";

    private final AudioRingBuffer ring;
    private final Object rangeLock = new Object();
    private volatile Segment segment = Segment.of(Format.TIME);
    // The range being allocated, handed from acquireBuffer to allocBuffer on the same thread.
    private long rangeStart;
    private long rangeEnd;
    private int reservedWindows;  // windows counted by ring.reserve not yet made into memories

    public RingBufferPool(AudioRingBuffer ring) {
        super("ringpool");
        this.ring = ring;
    }

    public AudioRingBuffer ring() {
        return ring;
    }

    @Override
    public Set<String> options() {
        return Set.of(OPTION_SAMPLE_RANGES);
    }

    /** Any size and counts: buffers are windows, their number is bounded by the ring. */
    @Override
    protected PoolConfig validateConfig(PoolConfig requested) {
        return requested;
    }

    /** Nothing to preallocate. */
    @Override
    protected boolean start() {
        return true;
    }

    /**
     * The segment the sink plays (set by it on each SEGMENT and flush): a range, in the stream's
     * frames or time, is placed at its running time in the ring, where the sink plays it.
     */
    public void setSegment(Segment segment) {
        this.segment = segment;
    }

    /**
     * Where the sample of timestamp {@code pts} goes in a ring playing {@code segment}: its
     * running time in frames (rounded to the nearest), -1 outside the segment. The sink's
     * render places buffers by the same function.
     */
    public static long ringFrame(Segment segment, AudioInfo info, long pts) {
        long rt = segment.toRunningTime(pts);
        return rt == ClockTime.NONE ? -1 : AudioInfo.scale(rt, info.rate(), 1_000_000_000L / 2) + 1 >> 1;
    }

    @Override
    protected Buffer acquireBuffer(AcquireParams params) throws PoolFlushingException {
        if (isFlushing()) { // inactive (the sink let its ring go) or flushing: no window on the ring
            throw new PoolFlushingException(this, name() + (isActive() ? " is flushing" : " is not active"));
        }
        synchronized (rangeLock) {
            long start = -1;
            long stop = -1;
            if (params.start() >= 0 && params.stop() > params.start()
                    && (params.format() == Format.DEFAULT || params.format() == Format.TIME)) {
                boolean frames = params.format() == Format.DEFAULT;
                start = ringFrame(segment, ring.info(), frames ? ring.info().framesToTime(params.start()) : params.start());
                stop = ringFrame(segment, ring.info(), frames ? ring.info().framesToTime(params.stop()) : params.stop());
            }
            if (start < 0 || stop <= start) {
                // No place given: a producer that does not say where its samples go gets plain
                // memory of the configured size, which the sink copies where they belong.
                rangeStart = -1;
                return allocated(params);
            }
            long frames = stop - start;
            if (frames > ring.capacityFrames()) {
                throw new IllegalArgumentException(name() + ": a buffer of " + frames
                        + " frames does not fit the ring of " + ring.capacityFrames() + " frames (" + params + ")");
            }
            int windows = frames > ring.capacityFrames() - Math.floorMod(start, ring.capacityFrames()) ? 2 : 1;
            // The windows are counted alive under the ring's lock as the wait succeeds: a
            // close() from the sink between here and allocBuffer keeps the block for them.
            AudioRingBuffer.Reservation r = ring.reserve(start, stop, windows, params.hasFlag(AcquireFlag.DONTWAIT));
            if (r == AudioRingBuffer.Reservation.REFUSED) {
                if (params.hasFlag(AcquireFlag.DONTWAIT) && !isFlushing()) {
                    return null;
                }
                throw new PoolFlushingException(this, name() + " is flushing (its ring buffer stopped)");
            }
            rangeStart = start;
            rangeEnd = stop;
            reservedWindows = r == AudioRingBuffer.Reservation.RESERVED ? windows : 0;
            try {
                return allocated(params);
            } finally {
                ring.releaseReserved(reservedWindows); // those allocBuffer did not take (it failed)
                reservedWindows = 0;
            }
        }
    }

    private Buffer allocated(AcquireParams params) {
        Buffer b = allocateCounted(params);
        if (b == null) {
            throw new IllegalStateException(name() + ": buffer limit reached");
        }
        return b;
    }

    @Override
    protected Buffer allocBuffer(AcquireParams params) {
        long start = rangeStart;
        long stop = rangeEnd;
        int bpf = ring.info().bpf();
        Buffer b;
        if (start < 0) {
            return Buffer.allocate(Math.max(bpf, appliedConfig().size()));
        }
        if (reservedWindows == 0) {
            b = Buffer.allocate((stop - start) * bpf); // too late for the ring: the sink drops it
        } else {
            b = Buffer.create();
            long frames = stop - start;
            long first = Math.min(frames, ring.capacityFrames() - Math.floorMod(start, ring.capacityFrames()));
            b.appendMemory(window(ring.byteOffset(start), first * bpf));
            if (first < frames) {
                b.appendMemory(window(0, (frames - first) * bpf));
            }
        }
        b.setOffset(start);
        b.setOffsetEnd(stop);
        return b;
    }

    /** A window taking one of the reserved counts. */
    private RingMemory window(long offset, long size) {
        RingMemory m = new RingMemory(ring, offset, size);
        reservedWindows--;
        return m;
    }

    /** Buffers are windows on a moving ring: never kept for reuse. */
    @Override
    protected void releaseBuffer(Buffer buffer) {
        discardBuffer(buffer);
    }

    @Override
    protected void flushStart() {
        ring.setFlushing(true);
    }

    @Override
    protected void flushStop() {
        ring.setFlushing(false);
    }
}
