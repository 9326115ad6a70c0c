package org.zeropipe.core.elements;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;

/**
 * Hands buffers to the application, by reference: either <em>pulled</em> ({@link #pullSample}
 * with a timeout; {@link #pullPreroll} for the buffer it prerolled on in PAUSED) or
 * <em>pushed</em> to a callback ({@link #setCallback}); the sample holds the
 * pipeline's own buffer. {@code max-buffers} (0: unlimited) bounds the queue; when full the
 * streaming thread waits, or with {@code drop=true} the oldest sample is dropped. {@code caps}
 * restricts what it accepts. Sync is on by default (as GStreamer's appsink).
 */
public final class AppSink extends BaseSink {

    private final Property<Integer> maxBuffers;
    private final Property<Boolean> drop;
    private final Property<Caps> caps;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Sample prerollSample;
    private volatile Function<Sample, FlowReturn> callback;
    private volatile Caps currentCaps;
    private volatile Segment currentSegment;
    private boolean eos;
    private boolean flushing = true;

    public AppSink(String name) {
        super(name, PadTemplate.sink(Caps.ANY), true);
        // A change of either limit wakes a streaming thread waiting on a full appsink.
        maxBuffers = declare(PropertySpec.ofInt("max-buffers", 0, 0, Integer.MAX_VALUE,
                "most samples queued (0: unlimited)"), this::limitsChanged);
        drop = declare(PropertySpec.ofBoolean("drop", false, "drop the oldest sample when full instead of waiting"),
                this::limitsChanged);
        caps = declare(PropertySpec.ofCaps("caps", null, "caps to accept (null: any)"));
    }

    public AppSink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "appsink";
    }

    /**
     * Push mode: each sample goes to {@code cb} (which owns it: close it) on the streaming thread.
     * A callback that throws must not have closed the sample: the sink releases it, and the
     * exception becomes an ERROR message.
     */
    public void setCallback(Function<Sample, FlowReturn> cb) {
        callback = cb;
    }

    /**
     * The next sample, waiting at most {@code timeout}; {@code null} at EOS, when flushing, or
     * on timeout. The caller owns it: close it.
     */
    public Sample pullSample(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (samples.isEmpty()) {
                if (eos || flushing) {
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
            Sample s = samples.pollFirst();
            changed.signalAll();
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The preroll sample (the buffer the sink prerolled on in PAUSED), waiting at most
     * {@code timeout}; {@code null} if none came, at EOS or when flushing. Each call returns a
     * new reference to the same buffer: close it.
     */
    public Sample pullPreroll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (prerollSample == null) {
                if (eos || flushing) {
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
            Sample p = prerollSample;
            return new Sample(p.buffer().ref(), p.caps(), p.segment());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected FlowReturn preroll(Buffer buffer) {
        lock.lock();
        try {
            if (prerollSample != null) {
                prerollSample.close();
            }
            prerollSample = new Sample(buffer.ref(), currentCaps, currentSegment);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return FlowReturn.OK;
    }

    /** Whether EOS arrived and every sample was pulled. */
    public boolean isEos() {
        lock.lock();
        try {
            return eos && samples.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected boolean handleQuery(Pad pad, org.zeropipe.core.query.Query query) {
        if (query instanceof org.zeropipe.core.query.CapsQuery q && caps.get() != null) {
            q.setResult(caps.get());
            return true;
        }
        return super.handleQuery(pad, query);
    }

    @Override
    protected boolean setCaps(Caps c) {
        currentCaps = c;
        return true;
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition == StateChange.READY_TO_PAUSED) {
            lock.lock();
            try {
                flushing = false;
                eos = false;
            } finally {
                lock.unlock();
            }
        }
        StateChangeReturn r = super.changeState(transition);
        if (transition == StateChange.PAUSED_TO_READY) {
            clear();
        }
        return r;
    }

    private void clear() {
        lock.lock();
        try {
            for (Sample s : samples) {
                s.close();
            }
            samples.clear();
            if (prerollSample != null) {
                prerollSample.close();
                prerollSample = null;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        if (!active) {
            lock.lock();
            try {
                flushing = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        super.padActivation(pad, active);
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        switch (event) {
            case Event.SegmentEvent s -> currentSegment = s.segment();
            case Event.FlushStart f -> {
                lock.lock();
                try {
                    flushing = true;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            case Event.FlushStop f -> {
                clear();
                lock.lock();
                try {
                    flushing = false;
                    eos = false;
                } finally {
                    lock.unlock();
                }
            }
            default -> {
            }
        }
        return super.handleEvent(pad, event);
    }

    private void limitsChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void onEos() {
        lock.lock();
        try {
            eos = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        Sample sample = new Sample(buffer.ref(), currentCaps, currentSegment);
        Function<Sample, FlowReturn> cb = callback;
        if (cb != null) {
            try {
                return cb.apply(sample);
            } catch (RuntimeException | Error e) {
                // A callback that throws gives the sample back (it did not take it): release it,
                // the runtime turns the exception into an ERROR message.
                sample.close();
                throw e;
            }
        }
        lock.lock();
        try {
            int max = maxBuffers.get();
            while (max > 0 && samples.size() >= max) {
                if (drop.get()) {
                    samples.pollFirst().close();
                    continue;
                }
                if (flushing) {
                    sample.close();
                    return FlowReturn.FLUSHING;
                }
                changed.awaitUninterruptibly();
                max = maxBuffers.get();
            }
            if (flushing) {
                sample.close();
                return FlowReturn.FLUSHING;
            }
            samples.addLast(sample);
            changed.signalAll();
            return FlowReturn.OK;
        } finally {
            lock.unlock();
        }
    }
}
