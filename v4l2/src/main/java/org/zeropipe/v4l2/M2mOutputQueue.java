package org.zeropipe.v4l2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.v4l2.V4l2Device.Dequeued;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.V4l2Device.PlaneRef;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * A mem2mem device's OUTPUT queue (what we feed it) with MMAP buffers: REQBUFS, each driver
 * buffer's planes mapped once, STREAMON. {@link #acquire} gives a free buffer's planes to write
 * into (reclaiming the ones the driver finished with, DQBUF, or waiting for one), {@link #queue}
 * hands it to the driver (QBUF) with its byte counts and a timestamp the driver copies to the
 * CAPTURE buffer it produces from it. Used by one thread (the element's streaming thread);
 * {@link #stop} may come from another once that thread left.
 */
final class M2mOutputQueue {

    private final V4l2Device device;
    private final Format format;
    private final Memory[][] planes;
    private final boolean[] queued;
    private int queuedCount;
    private boolean streaming;

    private M2mOutputQueue(V4l2Device device, Format format, int count) {
        this.device = device;
        this.format = format;
        this.planes = new Memory[count][];
        this.queued = new boolean[count];
    }

    /** Requests {@code count} MMAP buffers for {@code format}, maps them and starts streaming. */
    static M2mOutputQueue start(V4l2Device device, Format format, int count) {
        int type = format.bufType();
        int granted = device.requestBuffers(type, V4l2.V4L2_MEMORY_MMAP, count).count();
        if (granted < 1) {
            throw new IllegalStateException(device.path() + " granted no OUTPUT buffers");
        }
        M2mOutputQueue q = new M2mOutputQueue(device, format, granted);
        try {
            int n = V4l2Device.isMultiPlanar(type) ? format.planes().size() : 1;
            for (int i = 0; i < granted; i++) {
                List<PlaneRef> refs = device.queryBuffer(type, i, n);
                q.planes[i] = new Memory[refs.size()];
                for (int p = 0; p < refs.size(); p++) {
                    q.planes[i][p] = V4l2MmapMemory.map(device.fd(), refs.get(p).value(), refs.get(p).length(),
                            "OUTPUT buffer " + i + " plane " + p);
                }
            }
            device.streamOn(type);
            q.streaming = true;
            return q;
        } catch (RuntimeException e) {
            q.stop();
            throw e;
        }
    }

    Format format() {
        return format;
    }

    /**
     * A free buffer's index: one never queued or given back by the driver (DQBUF); waits for
     * the driver in 100 ms slices while {@code stop} is false; -1 when told to stop.
     */
    int acquire(BooleanSupplier stop) {
        while (true) {
            reclaim();
            for (int i = 0; i < queued.length; i++) {
                if (!queued[i]) {
                    return i;
                }
            }
            if (stop.getAsBoolean()) {
                return -1;
            }
            device.poll((short) (Libc.POLLOUT | Libc.POLLERR), 100);
        }
    }

    /** Takes back every buffer the driver is done with. */
    void reclaim() {
        Optional<Dequeued> d;
        while (queuedCount > 0
                && (d = device.dequeue(format.bufType(), V4l2.V4L2_MEMORY_MMAP, planes[0].length)).isPresent()) {
            queued[d.get().index()] = false;
            queuedCount--;
        }
    }

    /** Plane {@code p} of buffer {@code index}, mapped for writing (close the mapping before {@link #queue}). */
    Mapping map(int index, int p) {
        return planes[index][p].map(MapFlags.WRITE);
    }

    /** The writable size of each plane of a buffer. */
    long planeSize(int index, int p) {
        return planes[index][p].maxSize();
    }

    int planeCount() {
        return planes[0].length;
    }

    /** QBUF of buffer {@code index} holding {@code bytesUsed[p]} bytes per plane, stamped {@code timestampNs}. */
    void queue(int index, long[] bytesUsed, long timestampNs) {
        List<PlaneRef> refs = new ArrayList<>();
        for (int p = 0; p < planes[index].length; p++) {
            refs.add(new PlaneRef(0, (int) planes[index][p].maxSize(), (int) bytesUsed[p], 0));
        }
        device.queue(format.bufType(), V4l2.V4L2_MEMORY_MMAP, index, refs, timestampNs);
        queued[index] = true;
        queuedCount++;
    }

    /** Buffers the driver holds now. */
    int queuedCount() {
        return queuedCount;
    }

    /** STREAMOFF (the driver gives every buffer back), unmaps them, REQBUFS(0). Safe twice and on a removed device. */
    void stop() {
        try {
            if (streaming) {
                streaming = false;
                device.streamOff(format.bufType());
            }
        } finally {
            for (int i = 0; i < planes.length; i++) {
                if (planes[i] != null) {
                    for (Memory m : planes[i]) {
                        if (m != null) {
                            m.unref();
                        }
                    }
                    planes[i] = null;
                }
                queued[i] = false;
            }
            queuedCount = 0;
            try {
                device.requestBuffers(format.bufType(), V4l2.V4L2_MEMORY_MMAP, 0);
            } catch (ErrnoException e) {
                // ENODEV from a removed device: closing it frees the buffers
            }
        }
    }
}
