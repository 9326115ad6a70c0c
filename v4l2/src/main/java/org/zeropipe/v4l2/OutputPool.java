package org.zeropipe.v4l2;

import java.util.List;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pool.AcquireFlag;
import org.zeropipe.core.pool.AcquireParams;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;
import org.zeropipe.core.video.VideoFormat;

/**
 * The MMAP buffers of an {@link OutputQueue} as a {@link BufferPool} (GStreamer's v4l2 output
 * buffer pool): one pool buffer per driver buffer, its memories the driver's mapped planes and a
 * VideoMeta with the driver's strides. Upstream acquires one, draws into the driver's memory and
 * pushes it; the sink queues it (holding it) and when the driver is done the buffer comes home
 * here. No byte is copied. An acquire with every buffer out waits for the driver (DQBUF) on the
 * acquiring thread, since the sink's thread may be the very one acquiring.
 *
 * <p>The pool owns the queue's indices: every QBUF of an MMAP buffer goes through a pool buffer.
 */
final class OutputPool extends BufferPool {

    private final OutputQueue queue;
    private final VideoFormat videoFormat;
    private final Buffer[] byIndex;

    OutputPool(String name, OutputQueue queue, VideoFormat videoFormat) {
        super(name);
        this.queue = queue;
        this.videoFormat = videoFormat;
        this.byIndex = new Buffer[queue.size()];
    }

    /** The bytes of a frame as the driver lays it out (all planes). */
    long frameSize() {
        return queue.format().frameSize();
    }

    /** Every driver buffer, its planes as the driver maps them; counts fixed by the driver. */
    @Override
    protected PoolConfig validateConfig(PoolConfig requested) {
        int n = queue.size();
        return requested.withSize(frameSize()).withBuffers(n, n).withAllocator(V4l2MmapMemory.ALLOCATOR,
                AllocationParams.DEFAULT);
    }

    @Override
    protected synchronized Buffer allocBuffer(AcquireParams params) {
        // the lowest free index, not a running count: after a deactivation with buffers still
        // queued in the driver (a renegotiation), or a buffer discarded because upstream replaced
        // its memories, the indices freed since are made again
        int index = freeIndex();
        if (index < 0) {
            throw new IllegalStateException(name() + ": all " + byIndex.length + " driver buffers are made");
        }
        Buffer b = Buffer.create();
        try {
            List<Memory> planes = queue.planes(index);
            for (int p = 0; p < planes.size(); p++) {
                Memory m = planes.get(p);
                int size = queue.format().planes().get(Math.min(p, queue.format().planes().size() - 1)).sizeImage();
                m.resize(-m.offset(), Math.min(size, m.maxSize()));
                b.appendMemory(m.ref());
            }
            if (videoFormat != null) {
                DriverLayout.addVideoMeta(b, videoFormat, queue.format());
            }
        } catch (RuntimeException e) {
            b.unref();
            throw e;
        }
        byIndex[index] = b;
        return b;
    }

    /** The lowest index no pool buffer holds, or -1. Under the lock. */
    private int freeIndex() {
        for (int i = 0; i < byIndex.length; i++) {
            if (byIndex[i] == null) {
                return i;
            }
        }
        return -1;
    }

    /** The driver index of {@code buffer} if it is one of this pool's, else -1. */
    synchronized int indexOf(Buffer buffer) {
        for (int i = 0; i < byIndex.length; i++) {
            if (byIndex[i] == buffer) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code buffer} holds exactly the driver's memories of its index (not replaced upstream). */
    boolean intact(Buffer buffer, int index) {
        List<Memory> planes = queue.planes(index);
        if (buffer.memoryCount() != planes.size()) {
            return false;
        }
        for (int p = 0; p < planes.size(); p++) {
            if (buffer.peekMemory(p) != planes.get(p)) {
                return false;
            }
        }
        return true;
    }

    /** A free buffer, or DQBUF what the driver is done with (bringing buffers home) and try again. */
    @Override
    protected Buffer acquireBuffer(AcquireParams params) throws PoolFlushingException {
        for (;;) {
            if (queue.isStopped()) {
                throw new PoolFlushingException(this, name() + ": " + queue.device().path() + " stopped");
            }
            Buffer b = super.acquireBuffer(AcquireParams.DONTWAIT);
            if (b != null || params.hasFlag(AcquireFlag.DONTWAIT)) {
                return b;
            }
            queue.waitForDone(this::isFlushing);
        }
    }

    /** Back to the whole planes of the driver buffer. */
    @Override
    protected void resetBuffer(Buffer buffer) {
        buffer.resetForReuse();
        int index = indexOf(buffer);
        if (index >= 0 && !queue.isStopped() && intact(buffer, index)) {
            for (int p = 0; p < buffer.memoryCount(); p++) {
                Memory m = buffer.peekMemory(p);
                int size = queue.format().planes().get(Math.min(p, queue.format().planes().size() - 1)).sizeImage();
                if (m.offset() != 0 || m.size() != size) {
                    m.resize(-m.offset(), Math.min(size, m.maxSize()));
                }
            }
        }
    }

    /** Kept unless its memories are not the driver's any more (then the index is lost until restart). */
    @Override
    protected void releaseBuffer(Buffer buffer) {
        int index = indexOf(buffer);
        if (index < 0 || (buffer.flagBits() & BufferFlag.TAG_MEMORY.bit()) != 0 && !intact(buffer, index)
                || queue.isStopped()) {
            discardBuffer(buffer);
        } else {
            queueBuffer(buffer);
        }
    }

    @Override
    protected void freeBuffer(Buffer buffer) {
        synchronized (this) {
            for (int i = 0; i < byIndex.length; i++) {
                if (byIndex[i] == buffer) {
                    byIndex[i] = null;
                }
            }
        }
        super.freeBuffer(buffer);
    }
}
