package org.zeropipe.core.elements;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;

/**
 * Lets the application feed buffers in: {@link #pushBuffer} hands over a reference (no copy),
 * {@link #endOfStream} ends the stream. The streaming thread takes them in order.
 * {@code max-buffers} (0: unlimited) with {@code block=true} makes {@code pushBuffer} wait for
 * room; without {@code block} a full queue refuses the buffer (releases it, returns false).
 */
public final class AppSrc extends BaseSource {

    private final Property<Caps> caps;
    private final Property<Boolean> live;
    private final Property<Integer> maxBuffers;
    private final Property<Boolean> block;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private boolean eos;
    // Refuses pushes: set by unlock() (a stop or a seek's flush) and going to NULL; cleared at
    // construction, going NULL->READY and at start, so the application may push before the
    // pipeline starts (GStreamer's appsrc queues those too).
    private boolean flushing;

    public AppSrc(String name) {
        super(name, PadTemplate.src(Caps.ANY));
        caps = declare(PropertySpec.ofCaps("caps", null, "caps of the pushed buffers (null: ANY)"));
        live = declare(PropertySpec.ofBoolean("is-live", false, "a live source"));
        maxBuffers = declare(PropertySpec.ofInt("max-buffers", 0, 0, Integer.MAX_VALUE, "most buffers queued (0: unlimited)"));
        block = declare(PropertySpec.ofBoolean("block", false, "pushBuffer waits when the queue is full"));
    }

    public AppSrc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "appsrc";
    }

    @Override
    public boolean isLive() {
        return live.get();
    }

    /**
     * Queues a buffer for the stream; takes ownership. Buffers pushed before the pipeline starts
     * (in NULL after construction, or in READY) are queued and streamed once it does; buffers
     * still queued at a stop or going to NULL are released. Returns false (and releases it) when
     * the source was stopped (until it is set to READY again), is flushing, is at EOS, or is
     * full without {@code block}.
     */
    public boolean pushBuffer(Buffer buffer) {
        lock.lock();
        try {
            while (true) {
                if (flushing || eos) {
                    buffer.unref();
                    return false;
                }
                int max = maxBuffers.get();
                if (max == 0 || queue.size() < max) {
                    break;
                }
                if (!block.get()) {
                    buffer.unref();
                    return false;
                }
                changed.awaitUninterruptibly();
            }
            queue.addLast(buffer);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream after the queued buffers. */
    public void endOfStream() {
        lock.lock();
        try {
            eos = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected boolean start() {
        lock.lock();
        try {
            flushing = false; // eos is kept: the application may end the stream before it starts
        } finally {
            lock.unlock();
        }
        return true;
    }

    @Override
    protected org.zeropipe.core.pipeline.StateChangeReturn changeState(org.zeropipe.core.pipeline.StateChange t) {
        if (t == org.zeropipe.core.pipeline.StateChange.NULL_TO_READY) {
            lock.lock();
            try {
                flushing = false;
            } finally {
                lock.unlock();
            }
        }
        org.zeropipe.core.pipeline.StateChangeReturn r = super.changeState(t);
        if (t == org.zeropipe.core.pipeline.StateChange.READY_TO_NULL) {
            // Pushed in READY but never started: nothing will stream them.
            lock.lock();
            try {
                flushing = true;
                eos = false;
                releaseQueued();
            } finally {
                lock.unlock();
            }
        }
        return r;
    }

    private void releaseQueued() {
        for (Buffer b : queue) {
            b.unref();
        }
        queue.clear();
        changed.signalAll();
    }

    @Override
    protected void unlock() {
        lock.lock();
        try {
            flushing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void unlockStop() {
        lock.lock();
        try {
            flushing = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void stop() {
        lock.lock();
        try {
            releaseQueued();
            eos = false; // the next run starts without EOS
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (query instanceof CapsQuery q && caps.get() != null) {
            q.setResult(caps.get());
            return true;
        }
        return super.handleQuery(pad, query);
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (flushing) {
                    return FlowReturn.FLUSHING;
                }
                if (eos) {
                    return FlowReturn.EOS;
                }
                changed.awaitUninterruptibly();
            }
            out[0] = queue.pollFirst();
            changed.signalAll();
            return FlowReturn.OK;
        } finally {
            lock.unlock();
        }
    }
}
