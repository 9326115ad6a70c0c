package org.zeropipe.v4l2;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferRecycler;
import org.zeropipe.core.dmabuf.DmaBufAllocator;
import org.zeropipe.core.dmabuf.DmaBufMemory;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.v4l2.V4l2Device.Dequeued;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.V4l2Device.Granted;
import org.zeropipe.v4l2.V4l2Device.PlaneRef;

/**
 * The driver's capture buffers as zeropipe buffers: REQBUFS, one {@link Buffer} per driver
 * buffer (its planes mapped, or exported as DMABufs), all queued, then STREAMON. A dequeued
 * buffer leaves with this queue as its recycler: when its last reference goes it is queued to
 * the driver again (QBUF), without copying or allocating. After {@link #stop} a buffer that
 * comes home is freed instead.
 */
final class CaptureQueue implements BufferRecycler {

    private static final System.Logger LOG = System.getLogger(CaptureQueue.class.getName());

    private final V4l2Device device;
    private final int bufType;
    private final Format format;
    private final IoMode mode;
    private final DmaBufAllocator importFrom;
    private Buffer[] buffers;
    private Memory[][] memories;
    private long[][] userPtrs;
    private boolean[] out;
    private boolean streaming;
    private String growFailure;
    private boolean growable;
    private int grown;
    private long copied;
    private RuntimeException recycleFailure;

    private CaptureQueue(V4l2Device device, Format format, IoMode mode, int count, DmaBufAllocator importFrom) {
        this.device = device;
        this.importFrom = importFrom;
        this.bufType = format.bufType();
        this.format = format;
        this.mode = mode;
        this.buffers = new Buffer[count];
        this.memories = new Memory[count][];
        this.userPtrs = new long[count][];
        this.out = new boolean[count];
    }

    /**
     * Requests {@code count} buffers (the driver may give more or fewer), makes them, queues them
     * all and starts streaming. {@code importFrom} allocates the DMABufs of
     * {@link IoMode#DMABUF_IMPORT} (null for the other modes).
     */
    static CaptureQueue start(V4l2Device device, Format format, IoMode mode, int count, DmaBufAllocator importFrom) {
        int granted = device.requestBuffers(format.bufType(), mode.memory(), count).count();
        if (granted < 2) {
            device.requestBuffers(format.bufType(), mode.memory(), 0);
            throw new IllegalStateException(device.path() + " granted " + granted + " buffers; capture needs 2");
        }
        CaptureQueue q = new CaptureQueue(device, format, mode, granted, importFrom);
        try {
            for (int i = 0; i < granted; i++) {
                q.make(i);
            }
            for (int i = 0; i < granted; i++) {
                q.queue(i);
            }
            device.streamOn(format.bufType());
            q.streaming = true;
            return q;
        } catch (RuntimeException e) {
            q.stop();
            throw e;
        }
    }

    private int planes() {
        return V4l2Device.isMultiPlanar(bufType) ? format.planes().size() : 1;
    }

    private void make(int index) {
        Buffer b = Buffer.create();
        buffers[index] = b;
        if (mode == IoMode.DMABUF_IMPORT) {
            Memory[] mems = new Memory[planes()];
            memories[index] = mems;
            for (int p = 0; p < mems.length; p++) {
                mems[p] = importFrom.alloc(format.planes().get(p).sizeImage());
                b.appendMemory(mems[p].ref()); // the buffer and this queue each hold one reference
            }
            return;
        }
        if (mode == IoMode.USERPTR) {
            makeUserPtr(index, b);
            return;
        }
        List<PlaneRef> refs = device.queryBuffer(bufType, index, planes());
        Memory[] mems = new Memory[refs.size()];
        memories[index] = mems;
        for (int p = 0; p < refs.size(); p++) {
            PlaneRef r = refs.get(p);
            String what = "buffer " + index + " plane " + p;
            Memory m = switch (mode) {
                case DMABUF -> {
                    Fd fd = device.exportBuffer(bufType, index, p);
                    yield DmaBufAllocator.IMPORT.wrap(fd, 0, r.length(), r.length());
                }
                default -> V4l2MmapMemory.map(device.fd(), r.value(), r.length(), what);
            };
            mems[p] = m;
            b.appendMemory(m.ref());
        }
    }

    /** Page-aligned system memory per plane (its length rounded up to whole pages), its address kept for QBUF. */
    private void makeUserPtr(int index, Buffer b) {
        Memory[] mems = new Memory[planes()];
        long[] addresses = new long[mems.length];
        memories[index] = mems;
        userPtrs[index] = addresses;
        for (int p = 0; p < mems.length; p++) {
            long length = (format.planes().get(p).sizeImage() + PAGE - 1) / PAGE * PAGE;
            mems[p] = Allocators.defaultAllocator().alloc(length, AllocationParams.DEFAULT.withAlign(PAGE - 1));
            try (Mapping m = mems[p].map(MapFlags.READ)) {
                addresses[p] = m.segment().address(); // system memory stays where it is while it lives
            }
            b.appendMemory(mems[p].ref());
        }
    }

    private static final long PAGE = 4096;

    private void queue(int index) {
        if (mode == IoMode.USERPTR) {
            List<PlaneRef> planes = new java.util.ArrayList<>();
            for (int p = 0; p < memories[index].length; p++) {
                planes.add(new PlaneRef(userPtrs[index][p], (int) memories[index][p].maxSize(), 0, 0));
            }
            device.queue(bufType, mode.memory(), index, planes, 0);
            return;
        }
        if (mode == IoMode.DMABUF_IMPORT) {
            List<PlaneRef> planes = new java.util.ArrayList<>();
            for (Memory m : memories[index]) {
                planes.add(new PlaneRef(((DmaBufMemory) m).fd(), (int) m.maxSize(), 0, 0));
            }
            device.queue(bufType, mode.memory(), index, planes, 0);
            return;
        }
        // MMAP: the driver knows the planes; the multi-planar API still wants their number
        device.queue(bufType, mode.memory(), index, java.util.Collections.nCopies(planes(), MMAP_PLANE), 0);
    }

    private static final PlaneRef MMAP_PLANE = new PlaneRef(0, 0, 0, 0);

    /**
     * A captured frame: the buffer (owned by the caller; dropping it re-queues it) and what the
     * driver said. {@code last}: a mem2mem device's last buffer before a drain or a source
     * change ({@code V4L2_BUF_FLAG_LAST}), {@code empty} when it carries no data.
     */
    record Frame(Buffer buffer, long timestampNs, int sequence, boolean corrupted, boolean last, boolean empty) {
    }

    /**
     * The next captured frame, waiting in slices of 100 ms until one is ready or {@code stop}
     * says to give up (null then).
     */
    Frame dequeue(BooleanSupplier stop) {
        Optional<Dequeued> d;
        while ((d = dequeueOrFail()).isEmpty()) {
            if (stop.getAsBoolean()) {
                return null;
            }
            short revents = device.poll((short) (Libc.POLLIN | Libc.POLLERR), 100);
            if ((revents & Libc.POLLERR) != 0) {
                // a mem2mem node answers POLLERR at once while neither of its queues holds a
                // buffer (downstream holds every CAPTURE buffer, upstream idle): wait for a
                // buffer to come home (recycle notifies) rather than spin
                awaitRecycle();
            }
        }
        Dequeued done = d.get();
        int i = done.index();
        Buffer b;
        Memory[] mems;
        synchronized (this) {
            out[i] = true;
            b = buffers[i];
            mems = memories[i];
        }
        boolean empty = done.last() && java.util.Arrays.stream(done.bytesUsed()).allMatch(u -> u == 0);
        for (int p = 0; p < mems.length; p++) {
            // some capture drivers leave bytesused 0 for a full frame; an empty LAST buffer is empty
            int used = done.bytesUsed()[p] == 0 && !empty ? (int) mems[p].maxSize() : done.bytesUsed()[p];
            long start = done.dataOffsets()[p];
            mems[p].resize(start - mems[p].offset(), used - start);
        }
        b.setOffset(done.sequence());
        b.setRecycler(this);
        Buffer leaving = growable && !done.last() ? keepDriverFed(b) : b;
        return new Frame(leaving, done.timestampNs(), done.sequence(), done.error(), done.last(), empty);
    }

    /** DQBUF, unless a buffer coming home on another thread could not be queued again: then that error. */
    private Optional<Dequeued> dequeueOrFail() {
        RuntimeException f;
        synchronized (this) {
            f = recycleFailure;
            recycleFailure = null;
        }
        if (f != null) {
            throw f;
        }
        return device.dequeue(bufType, mode.memory(), planes());
    }

    /** Waits up to 10 ms for {@link #recycle}. */
    private synchronized void awaitRecycle() {
        if (recycleFailure != null) {
            return;
        }
        try {
            wait(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From now on, grow with CREATE_BUFS (and copy only past the driver's maximum) when
     * downstream holds so many buffers that the driver is left with too few (v4l2src). Off by
     * default: a mem2mem CAPTURE queue reallocates on source changes and must not grow meanwhile.
     */
    synchronized CaptureQueue growWhenHeld() {
        growable = true;
        return this;
    }

    /** Below this many queued buffers the driver may drop frames: grow the pool. */
    private static final int MIN_QUEUED = 2;

    /**
     * Downstream holds so many buffers that the driver has fewer than {@link #MIN_QUEUED} left
     * to fill: add one with CREATE_BUFS; when the driver refuses (or cannot), and none is left
     * at all, hand out a copy of this frame (counted: POOL_EXHAUSTED) and queue the driver's
     * buffer again at once, rather than stall until downstream lets one go.
     */
    private Buffer keepDriverFed(Buffer b) {
        synchronized (this) {
            if (!streaming || queuedCount() >= MIN_QUEUED) {
                return b;
            }
            if (growFailure == null) {
                try {
                    grow();
                    return b;
                } catch (ErrnoException | IllegalStateException e) {
                    growFailure = e.getMessage();
                    LOG.log(System.Logger.Level.INFO, "{0}: cannot add capture buffers beyond {1}: {2}", device.path(),
                            buffers.length, growFailure);
                }
            }
            if (queuedCount() > 0 || mode.dmaBuf()) {
                return b; // the driver still has one to fill (a DMABuf cannot be copied to system memory here)
            }
        }
        Buffer copy = copyOut(b);
        b.unref(); // home at once: queued to the driver again
        return copy;
    }

    /** Buffers with the driver now (not out downstream). Under the lock. */
    private int queuedCount() {
        int n = 0;
        for (int i = 0; i < buffers.length; i++) {
            n += buffers[i] != null && !out[i] ? 1 : 0;
        }
        return n;
    }

    /** CREATE_BUFS of one buffer for the current format, made and queued. Under the lock. */
    private void grow() {
        Granted g = device.createBuffers(bufType, mode.memory(), 1);
        if (g.count() < 1) {
            throw new IllegalStateException(device.path() + " added no buffer (VIDIOC_CREATE_BUFS granted 0)");
        }
        int index = g.index();
        if (index >= buffers.length) {
            int n = index + 1;
            buffers = Arrays.copyOf(buffers, n);
            memories = Arrays.copyOf(memories, n);
            userPtrs = Arrays.copyOf(userPtrs, n);
            out = Arrays.copyOf(out, n);
        }
        try {
            make(index);
            queue(index);
        } catch (RuntimeException e) {
            // a half-made slot (some planes mapped) must not stay: free what it has
            if (buffers[index] != null) {
                buffers[index].unref();
                buffers[index] = null;
            }
            release(index);
            throw e;
        }
        grown++;
    }

    /** The frame's planes copied into system memory: the driver's buffer can go back at once. */
    private Buffer copyOut(Buffer b) {
        Buffer copy = Buffer.create();
        for (int p = 0; p < b.memoryCount(); p++) {
            Memory from = b.peekMemory(p);
            Memory to = Allocators.defaultAllocator().alloc(from.size());
            try (Mapping src = from.map(MapFlags.READ); Mapping dst = to.map(MapFlags.WRITE)) {
                MemorySegment.copy(src.segment(), 0, dst.segment(), 0, from.size());
            }
            copy.appendMemory(to);
            CopyTracers.record(from.type(), from.size(), CopyReason.POOL_EXHAUSTED);
        }
        copy.setOffset(b.offset());
        synchronized (this) {
            copied++;
        }
        return copy;
    }

    /** What the pool did: buffers the driver has, how many CREATE_BUFS added, frames copied out, why growth stopped. */
    record Stats(int buffers, int grown, long copied, String growFailure) {
    }

    synchronized Stats stats() {
        return new Stats(buffers.length, grown, copied, growFailure);
    }

    /** A buffer's last reference went: queue it to the driver again, or free it after {@link #stop}. */
    @Override
    public synchronized void recycle(Buffer buffer) {
        int i = indexOf(buffer);
        if (i < 0) {
            buffer.unref(); // not ours (cannot happen unless a pool was mixed up): free it
            return;
        }
        out[i] = false;
        boolean intact = buffer.memoryCount() == memories[i].length;
        for (int p = 0; intact && p < memories[i].length; p++) {
            intact = buffer.peekMemory(p) == memories[i][p];
        }
        if (!streaming || !intact) {
            buffer.unref();
            buffers[i] = null;
            release(i);
            return;
        }
        buffer.resetForReuse();
        try {
            queue(i);
        } catch (RuntimeException e) {
            // this runs on whatever thread dropped the last reference (another element's):
            // free the buffer here and let the capture thread report the error as ours
            buffer.unref();
            buffers[i] = null;
            release(i);
            if (recycleFailure == null) {
                recycleFailure = e;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: capture buffer {1} could not be queued again: {2}", device.path(), i,
                    e.getMessage());
        } finally {
            notifyAll(); // a capture thread waiting out a POLLERR
        }
    }

    private int indexOf(Buffer b) {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void release(int index) {
        Memory[] mems = memories[index];
        if (mems != null) {
            for (Memory m : mems) {
                if (m != null) {
                    m.unref();
                }
            }
            memories[index] = null;
        }
    }

    /** How many buffers the driver gave. */
    int size() {
        return buffers.length;
    }

    /**
     * STREAMOFF (the driver gives every queued buffer back), frees the buffers we hold (the ones
     * downstream holds are freed when they come home), then REQBUFS(0): V4L2 lets a mapping or an
     * exported DMABuf outlive it (orphaned buffers). Safe to call twice and on a removed device.
     */
    synchronized void stop() {
        try {
            if (streaming) {
                streaming = false;
                device.streamOff(bufType);
            }
        } finally {
            for (int i = 0; i < buffers.length; i++) {
                if (buffers[i] != null && !out[i]) {
                    buffers[i].unref();
                    buffers[i] = null;
                }
                if (buffers[i] == null) {
                    release(i);
                }
            }
            try {
                device.requestBuffers(bufType, mode.memory(), 0);
            } catch (ErrnoException e) {
                // EBUSY from a driver without orphaned buffers, ENODEV from a removed one:
                // closing the device frees the buffers once the last mapping goes
            }
        }
    }
}
