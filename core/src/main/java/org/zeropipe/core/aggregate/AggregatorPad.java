package org.zeropipe.core.aggregate;

import java.util.ArrayDeque;
import java.util.List;

import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Segment;

/**
 * A sink pad of an {@link Aggregator} (GStreamer's {@code GstAggregatorPad}): it queues what
 * upstream sends (buffers and serialized events, in order) until the aggregator's task takes it.
 * The queue is bounded in buffers ({@link Aggregator#queueLimit()}): a full queue blocks the
 * upstream thread until the task takes a buffer, or a flush or deactivation wakes it.
 *
 * <p>The task applies the events at the head of the queue before it looks at buffers, so
 * {@link #segment()}, {@link #caps()} and {@link #hasEnded()} describe the buffer at the head
 * ({@link #peekBuffer()}), not the last thing upstream sent.
 *
 * <p>Subclasses declare per-pad properties in their constructor ({@link Pad#declare}): the
 * compositor's {@code xpos}, {@code alpha}, … An aggregator makes its pads in
 * {@link Aggregator#createPad}.
 *
 * <p>All state here is guarded by the owning aggregator's lock; the methods take it.
 */
public class AggregatorPad extends Pad {

    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private Object lock = this; // the aggregator's lock once added
    private int queuedBuffers;
    private boolean eosQueued;   // EOS arrived (maybe still behind buffers)
    private boolean eos;         // EOS reached the head: nothing more will come
    private boolean flushing = true;
    private boolean flushStopPending; // a flushing seek we sent upstream has not flushed this pad yet
    private Segment segment = Segment.of(Format.TIME);
    private Caps caps;

    public AggregatorPad(String name, PadTemplate template) {
        super(name, template);
    }

    final void attach(Object aggregatorLock) {
        lock = aggregatorLock;
    }

    /** The segment of the buffer at the head (the last segment event applied). */
    public final Segment segment() {
        synchronized (lock) {
            return segment;
        }
    }

    /** The caps of the buffer at the head (the last caps event applied), or {@code null}. */
    public final Caps caps() {
        synchronized (lock) {
            return caps;
        }
    }

    /** Whether this pad's stream ended: EOS was applied and nothing is queued. */
    public final boolean hasEnded() {
        synchronized (lock) {
            return eos && queuedBuffers == 0;
        }
    }

    /** Whether a buffer waits at the head. */
    public final boolean hasBuffer() {
        return peekBuffer() != null;
    }

    /** The buffer at the head (borrowed: still queued), or {@code null}. */
    public final Buffer peekBuffer() {
        synchronized (lock) {
            return items.peekFirst() instanceof Buffer b ? b : null;
        }
    }

    /** Takes the buffer at the head (the caller owns it), or {@code null}; wakes a blocked upstream. */
    public final Buffer popBuffer() {
        synchronized (lock) {
            if (!(items.peekFirst() instanceof Buffer b)) {
                return null;
            }
            items.pollFirst();
            queuedBuffers--;
            lock.notifyAll();
            return b;
        }
    }

    /** Drops the buffer at the head (a late one nobody will use); false when there is none. */
    public final boolean dropBuffer() {
        Buffer b = popBuffer();
        if (b == null) {
            return false;
        }
        b.unref();
        return true;
    }

    /** The running time of {@code timestamp} in this pad's segment (NONE outside it). */
    public final long toRunningTime(long timestamp) {
        return segment().toRunningTime(timestamp);
    }

    // ---------------------------------------------------------------------------------------
    // The aggregator's side (its lock held)

    int queuedBuffers() {
        return queuedBuffers;
    }

    boolean flushing() {
        return flushing;
    }

    /** Whether an event waits at the head (the task has something to apply). */
    boolean hasHeadEvent() {
        return items.peekFirst() instanceof Event;
    }

    boolean eosQueued() {
        return eosQueued;
    }

    boolean eosReached() {
        return eos;
    }

    boolean flushStopPending() {
        return flushStopPending;
    }

    void setFlushStopPending(boolean pending) {
        flushStopPending = pending;
    }

    void enqueue(Object item) {
        items.addLast(item);
        if (item instanceof Buffer) {
            queuedBuffers++;
        } else if (item instanceof Event.Eos) {
            eosQueued = true;
        }
    }

    /** Takes the events at the head (up to the first buffer), applying segment, caps and EOS. */
    void takeHeadEvents(List<PadEvent> out) {
        while (items.peekFirst() instanceof Event e) {
            items.pollFirst();
            switch (e) {
                case Event.SegmentEvent s -> segment = s.segment();
                case Event.CapsEvent c -> caps = c.caps();
                case Event.Eos x -> eos = true;
                default -> {
                }
            }
            out.add(new PadEvent(this, e));
        }
    }

    /** Sets the pad flushing (or not) and drops what it holds; a reset starts a new stream. */
    void reset(boolean nowFlushing) {
        for (Object o : items) {
            if (o instanceof Buffer b) {
                b.unref();
            }
        }
        items.clear();
        queuedBuffers = 0;
        eos = false;
        eosQueued = false;
        flushing = nowFlushing;
        segment = Segment.of(Format.TIME);
        lock.notifyAll();
    }

    /** Forgets the caps (the pad was deactivated: a new stream negotiates again). */
    void clearCaps() {
        caps = null;
    }

    /** An event taken from a pad's queue, for the subclass's {@link Aggregator#sinkEvent} hook. */
    record PadEvent(AggregatorPad pad, Event event) {
    }
}
