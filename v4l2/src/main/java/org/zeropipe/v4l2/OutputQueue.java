package org.zeropipe.v4l2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.dmabuf.DmaBufMemory;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.v4l2.V4l2Device.Dequeued;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.V4l2Device.PlaneRef;

/**
 * The OUTPUT queue of a V4L2 node: the side the application fills (a display such as vivid's
 * output, or the input of a mem2mem codec or converter). REQBUFS in {@link IoMode#MMAP} (the
 * driver's buffers, each plane mapped once: {@link #planes}) or {@link IoMode#DMABUF_IMPORT}
 * (the application's DMABufs, passed by fd at each QBUF); then, per frame, take a free driver
 * buffer ({@link #acquire}), queue it with its bytes used and timestamp ({@link #queue}), and
 * get done buffers back ({@link #reclaim}, which DQBUFs). STREAMON happens at the first QBUF
 * (or {@link #streamOn}); {@link #stop} is STREAMOFF and REQBUFS(0).
 *
 * <p>Ownership: {@link #queue} takes a {@link Buffer} reference to hold while the driver reads
 * the buffer (the frame a DMABuf came in, or a pool buffer whose memories are the driver's);
 * it is dropped when DQBUF returns the buffer, or at {@link #stop}. Indices are handed out by
 * {@link #acquire}, or by whoever owns them otherwise (a pool over {@link #planes}): one owner
 * per queue. Thread-safe: one thread may queue while another acquires or reclaims.
 */
public final class OutputQueue {

    /** A buffer the driver is done with: its index and what DQBUF said (sequence, flags). */
    public record Done(int index, int sequence, boolean error) {
    }

    private final V4l2Device device;
    private final int bufType;
    private final Format format;
    private final IoMode mode;
    private final Memory[][] memories;
    private final Buffer[] held;
    private final boolean[] queued;
    private final boolean[] taken;
    private boolean streaming;
    private boolean stopped;
    private long doneCount;
    private int lastSequence = -1;
    private long errors;

    private OutputQueue(V4l2Device device, Format format, IoMode mode, int count) {
        this.device = device;
        this.bufType = format.bufType();
        this.format = format;
        this.mode = mode;
        this.memories = new Memory[count][];
        this.held = new Buffer[count];
        this.queued = new boolean[count];
        this.taken = new boolean[count];
    }

    /**
     * REQBUFS of {@code count} buffers of {@code format}'s (output) buffer type in {@code mode}
     * ({@link IoMode#MMAP} or {@link IoMode#DMABUF_IMPORT}; {@link IoMode#AUTO} is MMAP); the
     * driver may grant more or fewer (none is an error). MMAP buffers are mapped now.
     *
     * @throws ErrnoException        if an ioctl fails (named, with the node and errno)
     * @throws IllegalArgumentException if {@code mode} cannot feed an output queue
     */
    public static OutputQueue start(V4l2Device device, Format format, IoMode mode, int count) {
        IoMode m = mode.resolve();
        if (m != IoMode.MMAP && m != IoMode.DMABUF_IMPORT) {
            throw new IllegalArgumentException("an output queue takes io-mode mmap or dmabuf-import, not " + mode);
        }
        int granted = device.requestBuffers(format.bufType(), m.memory(), count).count();
        if (granted < 1) {
            throw new IllegalStateException(device.path() + " granted no output buffers (asked " + count + ")");
        }
        OutputQueue q = new OutputQueue(device, format, m, granted);
        try {
            if (m == IoMode.MMAP) {
                for (int i = 0; i < granted; i++) {
                    q.map(i);
                }
            }
            return q;
        } catch (RuntimeException e) {
            q.stop();
            throw e;
        }
    }

    private void map(int index) {
        List<PlaneRef> refs = device.queryBuffer(bufType, index, planeCount());
        Memory[] mems = new Memory[refs.size()];
        memories[index] = mems;
        for (int p = 0; p < mems.length; p++) {
            PlaneRef r = refs.get(p);
            mems[p] = V4l2MmapMemory.map(device.fd(), r.value(), r.length(), "output buffer " + index + " plane " + p);
        }
    }

    /** The planes a QBUF passes: the format's for the multi-planar API, else one. */
    public int planeCount() {
        return V4l2Device.isMultiPlanar(bufType) ? format.planes().size() : 1;
    }

    /** How many buffers the driver granted. */
    public int size() {
        return held.length;
    }

    public Format format() {
        return format;
    }

    public IoMode mode() {
        return mode;
    }

    public V4l2Device device() {
        return device;
    }

    /**
     * The mapped planes of MMAP buffer {@code index} (borrowed: take a reference to keep one
     * past {@link #stop}; the mapping goes when the last reference does).
     */
    public List<Memory> planes(int index) {
        if (memories[index] == null) {
            throw new IllegalStateException("output buffer " + index + " of " + device.path() + " is not mapped (io-mode "
                    + mode + ")");
        }
        return List.of(memories[index]);
    }

    /**
     * A free buffer's index, DQBUF-ing done buffers when none is free and waiting for the driver
     * (poll, in slices of 100 ms) until one is done or {@code giveUp} says to stop waiting: -1
     * then. The index is the caller's until it {@link #queue}s it or {@link #release}s it.
     */
    public int acquire(BooleanSupplier giveUp) {
        for (;;) {
            synchronized (this) {
                int free = firstFree();
                if (free >= 0) {
                    taken[free] = true;
                    return free;
                }
            }
            if (giveUp.getAsBoolean() || !waitForDone(giveUp)) {
                return -1;
            }
        }
    }

    private int firstFree() {
        for (int i = 0; i < held.length; i++) {
            if (!queued[i] && !taken[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Gives an acquired index back without queuing it. */
    public synchronized void release(int index) {
        taken[index] = false;
    }

    /**
     * Reclaims done buffers, waiting up to 100 ms for one if none is done yet (10 ms when none
     * is queued); false when {@code giveUp} said stop.
     */
    public boolean waitForDone(BooleanSupplier giveUp) {
        if (reclaim() > 0) {
            return true;
        }
        if (giveUp.getAsBoolean()) {
            return false;
        }
        if (queuedCount() == 0) {
            pause(); // nothing with the driver: what we wait for comes from elsewhere (a queue upstream)
            return !giveUp.getAsBoolean();
        }
        short revents = device.poll((short) (Libc.POLLOUT | Libc.POLLERR), 100);
        if (reclaim() == 0 && (revents & Libc.POLLERR) != 0) {
            pause(); // an error state answers poll at once: do not spin
        }
        return !giveUp.getAsBoolean();
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * QBUF of buffer {@code index}: {@code planes} say per plane the bytes used (and, in
     * DMABUF_IMPORT mode, the fd, its length and the data offset); {@code hold} (a reference the
     * queue takes over, or null) is dropped when the driver gives the buffer back. Starts
     * streaming at the first call.
     *
     * @throws IllegalStateException if the index is already queued, or the queue was stopped
     * @throws ErrnoException        if QBUF fails ({@code hold} is dropped then) or STREAMON does (the
     *                              buffer stays queued until {@link #stop}; the next queue tries again)
     */
    public void queue(int index, List<PlaneRef> planes, long timestampNs, Buffer hold) {
        synchronized (this) {
            if (stopped || queued[index]) {
                if (hold != null) {
                    hold.unref();
                }
                throw new IllegalStateException((stopped ? "queue stopped: " : "already queued: ") + "output buffer "
                        + index + " of " + device.path());
            }
            try {
                device.queue(bufType, mode.memory(), index, planes, timestampNs);
            } catch (RuntimeException e) {
                taken[index] = false;
                if (hold != null) {
                    hold.unref();
                }
                throw e;
            }
            queued[index] = true;
            taken[index] = false;
            held[index] = hold;
            if (!streaming) {
                // under the lock: a reclaim on another thread must not DQBUF before STREAMON
                device.streamOn(bufType); // on failure the buffer stays queued (stop drops it), streaming off
                streaming = true;
            }
        }
    }

    /** QBUF of an MMAP buffer that holds {@code bytesUsed[p]} bytes in plane p. */
    public void queueMmap(int index, int[] bytesUsed, long timestampNs, Buffer hold) {
        List<PlaneRef> refs = new ArrayList<>(bytesUsed.length);
        for (int used : bytesUsed) {
            refs.add(new PlaneRef(0, 0, used, 0));
        }
        queue(index, refs, timestampNs, hold);
    }

    /**
     * The planes of {@code buffer} as DMABuf fds for a {@link IoMode#DMABUF_IMPORT} QBUF: one
     * DMABuf memory per plane the format has, bytes used up to each memory's end.
     *
     * @throws IllegalArgumentException naming the node and what does not fit (a memory that is
     *                                  not a DMABuf, the wrong count, an offset the
     *                                  single-planar API cannot pass)
     */
    public List<PlaneRef> dmaBufPlanes(Buffer buffer) {
        int planes = planeCount();
        if (buffer.memoryCount() != planes) {
            throw new IllegalArgumentException(device.path() + " (io-mode=dmabuf-import) needs " + planes + " DMABuf memor"
                    + (planes == 1 ? "y" : "ies") + " per buffer for " + PixelFormat.fourccString(format.pixelFormat())
                    + ", got " + buffer.memoryCount());
        }
        List<PlaneRef> refs = new ArrayList<>(planes);
        for (int p = 0; p < planes; p++) {
            Memory m = buffer.peekMemory(p);
            if (!(m instanceof DmaBufMemory d)) {
                throw new IllegalArgumentException(device.path() + " (io-mode=dmabuf-import) takes DMABuf memory, got "
                        + m.type() + " in plane " + p
                        + " (use io-mode=mmap, or a DMABuf producer such as v4l2src io-mode=dmabuf)");
            }
            if (m.offset() != 0 && !V4l2Device.isMultiPlanar(bufType)) {
                throw new IllegalArgumentException(device.path() + ": a DMABuf whose data starts at offset " + m.offset()
                        + " cannot be queued through the single-planar API");
            }
            refs.add(new PlaneRef(d.fd(), (int) m.maxSize(), (int) (m.offset() + m.size()), (int) m.offset()));
        }
        return refs;
    }

    /** STREAMON now (else the first {@link #queue} does it). */
    public synchronized void streamOn() {
        if (!streaming) {
            device.streamOn(bufType);
            streaming = true;
        }
    }

    /**
     * DQBUFs every buffer the driver is done with (without waiting), drops what it held and
     * frees its index; returns what came back.
     */
    public List<Done> reclaimDone() {
        List<Done> done = new ArrayList<>(2);
        List<Buffer> drop = new ArrayList<>(2);
        synchronized (this) {
            if (!streaming) {
                return List.of();
            }
            Optional<Dequeued> d;
            while ((d = device.dequeue(bufType, mode.memory(), planeCount())).isPresent()) {
                Dequeued x = d.get();
                int i = x.index();
                queued[i] = false;
                if (held[i] != null) {
                    drop.add(held[i]);
                    held[i] = null;
                }
                doneCount++;
                lastSequence = x.sequence();
                if (x.error()) {
                    errors++;
                }
                done.add(new Done(i, x.sequence(), x.error()));
            }
        }
        // outside the lock: a pool buffer coming home may call back into acquire
        drop.forEach(Buffer::unref);
        return done.isEmpty() ? List.of() : done;
    }

    /** {@link #reclaimDone} counting what came back. */
    public int reclaim() {
        return reclaimDone().size();
    }

    /**
     * Waits until the driver holds at most {@code keep} queued buffers: 0 for a codec's input
     * (everything consumed), 1 for a display, which keeps the frame on screen until another
     * replaces it (vivid's output does so). False when {@code giveUp} said stop first or
     * {@code timeoutMs} passed.
     */
    public boolean drain(int keep, long timeoutMs, BooleanSupplier giveUp) {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (queuedCount() > keep) {
            if (giveUp.getAsBoolean() || System.nanoTime() - end > 0) {
                return false;
            }
            waitForDone(giveUp);
        }
        return true;
    }

    /** Buffers the driver holds now. */
    public synchronized int queuedCount() {
        int n = 0;
        for (boolean b : queued) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Whether buffer {@code index} is with the driver. */
    public synchronized boolean isQueued(int index) {
        return queued[index];
    }

    /** Buffers DQBUF returned since {@link #start}. */
    public synchronized long doneCount() {
        return doneCount;
    }

    /** The driver's sequence number of the last buffer DQBUF returned (-1: none yet). */
    public synchronized int lastSequence() {
        return lastSequence;
    }

    /** Buffers DQBUF returned with V4L2_BUF_FLAG_ERROR. */
    public synchronized long errorCount() {
        return errors;
    }

    /**
     * STREAMOFF (the driver gives every queued buffer back), drops what they held, unmaps (the
     * queue's references; a pool buffer keeps its planes mapped until it is freed), then
     * REQBUFS(0). Safe to call twice and on a removed device (errors are thrown after cleanup).
     */
    public void stop() {
        List<Buffer> drop = new ArrayList<>();
        ErrnoException failure = null;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                if (streaming) {
                    streaming = false;
                    device.streamOff(bufType);
                }
            } catch (ErrnoException e) {
                failure = e;
            }
            for (int i = 0; i < held.length; i++) {
                queued[i] = false;
                if (held[i] != null) {
                    drop.add(held[i]);
                    held[i] = null;
                }
                if (memories[i] != null) {
                    for (Memory m : memories[i]) {
                        m.unref();
                    }
                    memories[i] = null;
                }
            }
            try {
                device.requestBuffers(bufType, mode.memory(), 0);
            } catch (ErrnoException e) {
                // EBUSY while a pool buffer keeps a plane mapped (orphaned buffers), ENODEV on a
                // removed device: the driver frees the buffers when the last mapping goes
            }
        }
        drop.forEach(Buffer::unref);
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether {@link #stop} ran. */
    public synchronized boolean isStopped() {
        return stopped;
    }

    @Override
    public String toString() {
        return "OutputQueue[" + device.path() + ", " + mode + ", " + size() + " buffers, " + queuedCount() + " queued]";
    }
}
