package org.zeropipe.core.elements;

import java.util.ArrayDeque;
import java.util.List;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.LatencyQuery;
import org.zeropipe.core.query.Query;

/**
 * The thread boundary (GStreamer's {@code queue}): the upstream thread enqueues buffers and
 * serialized events; the source pad's own streaming thread pushes them downstream.
 *
 * <p>Limits: {@code max-size-buffers} (200), {@code max-size-bytes} (10 MiB),
 * {@code max-size-time} (1 s, summed buffer durations); 0 disables a limit. When full, the
 * upstream thread blocks, unless {@code leaky} is {@code upstream} (drop the new buffer) or
 * {@code downstream} (drop the oldest).
 *
 * <p>Never deadlocks: every wait rechecks {@code srcResult}, which flush-start, pad
 * deactivation and a downstream failure set, and each of those signals both conditions
 * before anyone takes a stream lock.
 */
public final class Queue extends Element {

    /** What a full queue drops. */
    public enum Leaky {
        /** Nothing: block upstream. */
        NO,
        /** The new buffer. */
        UPSTREAM,
        /** The oldest buffer. */
        DOWNSTREAM
    }

    private static final PadTemplate SINK = PadTemplate.sink(Caps.ANY);
    private static final PadTemplate SRC = PadTemplate.src(Caps.ANY);

    private final Pad sinkPad = Pad.fromTemplate(SINK);
    private final Pad srcPad = Pad.fromTemplate(SRC);
    private final Property<Integer> maxBuffers;
    private final Property<Long> maxBytes;
    private final Property<Long> maxTime;
    private final Property<Leaky> leaky;

    // One monitor for both sides (a thread waits for "item added" or "item removed"; notifyAll
    // wakes whoever waits, and each rechecks its condition). A monitor's wait allocates nothing
    // on the heap; a ReentrantLock condition allocates a node per wait, per buffer here.
    private final Object lock = new Object();
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private int levelBuffers;
    private long levelBytes;
    private long levelTime;
    private FlowReturn srcResult = FlowReturn.FLUSHING;
    private boolean eos;
    private long droppedCount;

    public Queue(String name) {
        super(name);
        addPad(sinkPad);
        addPad(srcPad);
        maxBuffers = declare(PropertySpec.ofInt("max-size-buffers", 200, 0, Integer.MAX_VALUE,
                "most buffers queued (0: no limit)"), this::signalLimits);
        maxBytes = declare(PropertySpec.ofLong("max-size-bytes", 10L * 1024 * 1024, 0, Long.MAX_VALUE,
                "most bytes queued (0: no limit)"), this::signalLimits);
        maxTime = declare(PropertySpec.ofLong("max-size-time", ClockTime.SECOND, 0, Long.MAX_VALUE,
                "most nanoseconds of data queued (0: no limit)"), this::signalLimits);
        leaky = declare(PropertySpec.ofEnum("leaky", Leaky.class, Leaky.NO, "what a full queue drops"));
    }

    public Queue() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "queue";
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(SINK, SRC);
    }

    /** Buffers queued now. */
    public int currentLevelBuffers() {
        synchronized (lock) {
            return levelBuffers;
        }
    }

    /** Buffers dropped by a leaky queue. */
    public long dropped() {
        synchronized (lock) {
            return droppedCount;
        }
    }

    private void signalLimits() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Waits on the monitor (held) until notified, as {@code awaitUninterruptibly}: an interrupt
     * does not end the wait, and is set again on return.
     */
    private void awaitChange() {
        boolean interrupted = false;
        while (true) {
            try {
                lock.wait();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isFull() {
        int mb = maxBuffers.get();
        long mbytes = maxBytes.get();
        long mt = maxTime.get();
        return (mb > 0 && levelBuffers >= mb) || (mbytes > 0 && levelBytes >= mbytes) || (mt > 0 && levelTime >= mt);
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        StateChangeReturn r = super.changeState(transition);
        if (transition == StateChange.PAUSED_TO_READY) {
            flushItems(false);
        }
        return r;
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        synchronized (lock) {
            if (active) {
                if (pad == srcPad) {
                    srcResult = FlowReturn.OK;
                    eos = false;
                }
            } else {
                srcResult = FlowReturn.FLUSHING;
                lock.notifyAll();
            }
        }
        if (active && pad == srcPad) {
            srcPad.startTask(this::loop);
        }
    }

    /**
     * Drops the queued items. With {@code keepSticky} (a flush, not a deactivation) the queued
     * sticky events other than segment and EOS are stored back on the source pad as pending, in
     * order, so downstream still gets the caps (and stream-start) upstream sent after the data
     * that was thrown away (gstqueue.c {@code gst_queue_locked_flush(queue, FALSE)}).
     */
    private void flushItems(boolean keepSticky) {
        synchronized (lock) {
            for (Object o : items) {
                if (o instanceof Buffer b) {
                    b.unref();
                } else if (keepSticky && o instanceof Event e && e.isSticky()
                        && !(e instanceof Event.SegmentEvent) && !(e instanceof Event.Eos)) {
                    storeStickyEvent(srcPad, e);
                }
            }
            items.clear();
            levelBuffers = 0;
            levelBytes = 0;
            levelTime = 0;
            lock.notifyAll();
        }
    }

    @Override
    protected FlowReturn chain(Pad pad, Buffer buffer) {
        synchronized (lock) {
            if (srcResult != FlowReturn.OK) {
                buffer.unref();
                return srcResult;
            }
            if (eos) {
                buffer.unref();
                return FlowReturn.EOS;
            }
            while (isFull()) {
                Leaky l = leaky.get();
                if (l == Leaky.UPSTREAM) {
                    droppedCount++;
                    buffer.unref();
                    return FlowReturn.OK;
                }
                if (l == Leaky.DOWNSTREAM && dropOldestBuffer()) {
                    continue;
                }
                awaitChange();
                if (srcResult != FlowReturn.OK) {
                    buffer.unref();
                    return srcResult;
                }
            }
            items.addLast(buffer);
            levelBuffers++;
            levelBytes += buffer.size();
            if (buffer.duration() != ClockTime.NONE) {
                levelTime += buffer.duration();
            }
            lock.notifyAll();
            return FlowReturn.OK;
        }
    }

    private boolean dropOldestBuffer() {
        for (var it = items.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Buffer b) {
                it.remove();
                accountRemoved(b);
                b.unref();
                droppedCount++;
                return true;
            }
        }
        return false;
    }

    private void accountRemoved(Buffer b) {
        levelBuffers--;
        levelBytes -= b.size();
        if (b.duration() != ClockTime.NONE) {
            levelTime -= b.duration();
        }
    }

    private void loop() {
        Object item;
        synchronized (lock) {
            while (items.isEmpty() && srcResult == FlowReturn.OK) {
                awaitChange();
            }
            if (srcResult != FlowReturn.OK) {
                srcPad.pauseTask();
                return;
            }
            item = items.pollFirst();
            if (item instanceof Buffer b) {
                accountRemoved(b);
            }
            lock.notifyAll();
        }
        FlowReturn r;
        if (item instanceof QueuedQuery qq) {
            boolean result = srcPad.peerQuery(qq.query);
            synchronized (lock) {
                qq.result = result;
                qq.handled = true;
                lock.notifyAll();
            }
            return;
        }
        if (item instanceof Buffer b) {
            r = srcPad.push(b);
        } else {
            Event e = (Event) item;
            boolean ok = srcPad.pushEvent(e);
            r = e instanceof Event.Eos ? FlowReturn.EOS : FlowReturn.OK;
            if (!ok && e instanceof Event.CapsEvent) {
                r = srcPad.isFlushing() ? FlowReturn.FLUSHING : FlowReturn.NOT_NEGOTIATED;
            }
        }
        if (r != FlowReturn.OK) {
            synchronized (lock) {
                if (srcResult == FlowReturn.OK) {
                    srcResult = r;
                }
                lock.notifyAll();
            }
            srcPad.pauseTask();
            if (r.isFatal()) {
                if (r != FlowReturn.ERROR) {
                    postError("internal data stream error in " + name() + ": streaming stopped, reason "
                            + r.name().toLowerCase().replace('_', '-'), null, null);
                }
                srcPad.pushEvent(new Event.Eos());
            }
        }
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == srcPad) {
            return sinkPad.pushEvent(event);
        }
        switch (event) {
            case Event.FlushStart f -> {
                synchronized (lock) {
                    srcResult = FlowReturn.FLUSHING;
                    lock.notifyAll();
                }
                boolean r = srcPad.pushEvent(event);
                srcPad.pauseTask();
                return r;
            }
            case Event.FlushStop f -> {
                // Make sure the task leaves its wait (even without a flush-start before), then
                // wait for it to let go of the stream lock.
                synchronized (lock) {
                    srcResult = FlowReturn.FLUSHING;
                    lock.notifyAll();
                }
                srcPad.pauseTask();
                srcPad.streamLock().lock();
                srcPad.streamLock().unlock();
                boolean r = srcPad.pushEvent(event);
                flushItems(true); // after flush-stop went out, as gstqueue: it keeps stream-start, caps
                synchronized (lock) {
                    // Only while both pads are active (as gstqueue): a deactivation that raced
                    // this flush set srcResult FLUSHING in padActivation (under this lock, after
                    // clearing active), and must not be undone, or upstream would fill a queue
                    // that nothing drains and block its deactivation forever.
                    if (srcPad.isActive() && sinkPad.isActive()) {
                        srcResult = FlowReturn.OK;
                    }
                    eos = false;
                }
                srcPad.startTask(this::loop); // does nothing once the pad is inactive
                return r;
            }
            default -> {
            }
        }
        if (!event.isSerialized()) {
            return srcPad.pushEvent(event);
        }
        synchronized (lock) {
            if (srcResult != FlowReturn.OK) {
                return false;
            }
            items.addLast(event);
            if (event instanceof Event.Eos) {
                eos = true;
            }
            lock.notifyAll();
            return true;
        }
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (query instanceof CapsQuery q) {
            return proxyCapsQuery(pad, q);
        }
        if (pad == sinkPad && query.isSerialized()) {
            return querySerialized(query);
        }
        if (pad == srcPad && query instanceof LatencyQuery q) {
            return queryLatency(q);
        }
        Pad other = pad == sinkPad ? srcPad : sinkPad;
        return other.peerQuery(query);
    }

    /**
     * Upstream's latency, with the most this queue can absorb added to the maximum (gstqueue.c):
     * a time limit adds itself (a leaky queue never holds more than it, so it caps the
     * maximum instead); without a time limit the queue can absorb anything. The minimum is
     * unchanged: a queue does not hold data back on purpose.
     */
    private boolean queryLatency(LatencyQuery q) {
        if (!sinkPad.peerQuery(q)) {
            return false;
        }
        long limit = maxTime.get();
        long max = q.max();
        if (limit > 0 && leaky.get() == Leaky.NO) {
            max = max == ClockTime.NONE ? ClockTime.NONE : max + limit;
        } else if (limit > 0) {
            max = max == ClockTime.NONE ? limit : Math.min(limit, max);
        } else {
            max = ClockTime.NONE;
        }
        q.setResult(q.live(), q.min(), max);
        return true;
    }

    /** A serialized query waiting in the queue for the streaming thread to ask downstream. */
    private static final class QueuedQuery {
        final Query query;
        boolean handled;
        boolean result;

        QueuedQuery(Query query) {
            this.query = query;
        }
    }

    /**
     * Sends a serialized query (allocation) in order with the data, as gstqueue.c: it waits in
     * the queue until the streaming thread has pushed everything before it (so downstream has
     * seen the caps) and asked downstream. Flushing or deactivation ends the wait with false.
     */
    private boolean querySerialized(Query query) {
        QueuedQuery item = new QueuedQuery(query);
        synchronized (lock) {
            if (srcResult != FlowReturn.OK) {
                return false;
            }
            items.addLast(item);
            lock.notifyAll();
            while (!item.handled && srcResult == FlowReturn.OK) {
                awaitChange();
            }
            if (!item.handled) {
                items.remove(item);
                return false;
            }
            return item.result;
        }
    }
}
