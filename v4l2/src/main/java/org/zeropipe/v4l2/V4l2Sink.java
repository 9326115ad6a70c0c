package org.zeropipe.v4l2;

import java.util.List;
import java.util.Optional;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoFrame;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.V4l2Device.PlaneRef;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * Plays raw video on a V4L2 output node (GStreamer's {@code v4l2sink}; vivid's output here).
 *
 * <p>Memory: {@code io-mode=mmap} (and {@code auto}) accepts system memory. It proposes the
 * driver's own buffers as a pool in the ALLOCATION query ({@link OutputPool}, with VideoMeta
 * for the driver's strides): an upstream that draws into them costs no copy, the buffer is
 * queued as it is. A buffer from elsewhere is copied into a free driver buffer, once, counted
 * by the copy tracer ({@code ROW_COPY}). {@code io-mode=dmabuf-import} accepts
 * {@code memory:DMABuf} (also under plain caps: what v4l2src io-mode=dmabuf pushes) and queues
 * each buffer's DMABuf fds for the driver to read: no copy; any other memory is an error.
 * Either way a queued buffer is held until DQBUF returns it.
 *
 * <p>Caps come from the node's output formats (single- or multi-planar API); the chosen ones
 * are set with S_FMT (refused sizes or formats are a not-negotiated error naming what the driver
 * chose) and S_PARM. EOS waits until the driver gave back every buffer. Failures are bus errors
 * naming the device, the ioctl and errno.
 */
public final class V4l2Sink extends BaseSink {

    private static final Caps TEMPLATE = Caps.parse("video/x-raw; video/x-raw(memory:DMABuf)");
    private static final int MIN_BUFFERS = 4;
    private static final long DRAIN_TIMEOUT_MS = 10_000;
    private static final System.Logger LOG = System.getLogger(V4l2Sink.class.getName());

    private final Property<String> device;
    private final Property<IoMode> ioMode;
    private volatile V4l2Device dev;
    private volatile Caps probed;
    private volatile boolean flushing;
    private volatile OutputQueue queue;
    private volatile OutputPool pool;
    private VideoInfo info;
    private boolean copyLogged;
    private volatile Played played = new Played(0, -1, 0);

    /**
     * What the driver gave back since the sink started: buffers, the sequence number of the
     * last one (-1: none) and how many were flagged as errors.
     */
    public record Played(long frames, int lastSequence, long errors) {
    }

    public V4l2Sink(String name) {
        super(name, PadTemplate.sink(TEMPLATE), true);
        device = declare(PropertySpec.ofString("device", "/dev/video1", "the V4L2 output node"));
        ioMode = declare(PropertySpec.ofEnum("io-mode", IoMode.class, IoMode.AUTO,
                "auto/mmap: the driver's buffers, proposed upstream as a pool;"
                        + " dmabuf-import: memory:DMABuf buffers queued by fd"));
    }

    public V4l2Sink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "v4l2sink";
    }

    private IoMode mode() {
        return ioMode.get().resolve();
    }

    @Override
    protected boolean start() {
        String path = device.get();
        IoMode m = mode();
        if (m != IoMode.MMAP && m != IoMode.DMABUF_IMPORT) {
            postError("v4l2sink takes io-mode auto, mmap or dmabuf-import, not " + ioMode.get(), null, null);
            return false;
        }
        try {
            V4l2Device d = NodeSetup.open(path, V4l2.V4L2_CAP_VIDEO_OUTPUT | V4l2.V4L2_CAP_VIDEO_OUTPUT_MPLANE, "video output");
            Caps caps = DeviceCaps.of(d, d.outputType());
            probed = m == IoMode.DMABUF_IMPORT ? DeviceCaps.withDmaBufFirst(caps) : caps;
            dev = d;
            flushing = false;
            copyLogged = false;
            played = new Played(0, -1, 0);
            return true;
        } catch (NodeSetup.Refused e) {
            postError(e.getMessage(), null, e.getCause());
            return false;
        }
    }

    @Override
    protected void stop() {
        V4l2Device d = dev;
        dev = null;
        probed = null;
        try {
            stopQueue();
        } catch (ErrnoException e) {
            postWarning("stopping " + device.get() + ": " + e.getMessage(), null);
        } finally {
            if (d != null) {
                d.close();
            }
        }
    }

    /** STREAMOFF and REQBUFS(0); the pool frees its buffers as they come home. */
    private void stopQueue() {
        OutputPool p = pool;
        pool = null;
        OutputQueue q = queue;
        queue = null;
        try {
            if (q != null) {
                played = new Played(q.doneCount(), q.lastSequence(), q.errorCount());
                q.stop();
            }
        } finally {
            if (p != null) {
                p.setActive(false);
            }
        }
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (query instanceof CapsQuery q) {
            NodeSetup.answerCaps(q, probed, TEMPLATE);
            return true;
        }
        return super.handleQuery(pad, query);
    }

    @Override
    protected boolean setCaps(Caps caps) {
        V4l2Device d = dev;
        Structure s = caps.structure(0);
        Optional<PixelFormat> pf = PixelFormat.of(s);
        Optional<VideoFormat> vf = pf.map(PixelFormat::videoFormat);
        if (d == null || vf.isEmpty() || !s.name().equals(VideoInfo.MEDIA_TYPE)) {
            postError(device.get() + " cannot play " + caps + " (not a raw video format it lists)", null, null);
            return false;
        }
        try {
            stopQueue();
            Format f = NodeSetup.setFormatAndRate(d, d.outputType(), pf.get(), s).format();
            info = VideoInfo.fromCaps(caps);
            queue = OutputQueue.start(d, f, mode(), MIN_BUFFERS);
            if (mode() == IoMode.MMAP) {
                pool = new OutputPool(name() + ":pool", queue, vf.get());
            }
            return true;
        } catch (ErrnoException | IllegalStateException e) {
            postError("Could not set format on " + device.get() + ": " + e.getMessage(), null, e);
            return false;
        } catch (NodeSetup.Refused e) {
            postError(e.getMessage(), null, null);
            return false;
        }
    }

    /**
     * mmap: the driver's buffers as a pool (every one: the driver decides how many); dmabuf-import:
     * no pool, but upstream must keep as many buffers as the driver may hold. VideoMeta either way.
     */
    @Override
    protected boolean proposeAllocation(AllocationQuery query) {
        OutputQueue q = queue;
        if (q == null) {
            return false;
        }
        long size = q.format().frameSize();
        OutputPool p = pool;
        if (p != null) {
            query.addPool(new AllocationQuery.PoolProposal(query.needPool() ? p : null, size, q.size(), q.size()));
        } else {
            query.addPool(new AllocationQuery.PoolProposal(null, size, q.size(), 0));
        }
        query.addMeta(VideoMeta.API, null);
        return true;
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        OutputQueue q = queue;
        if (q == null) {
            postError(device.get() + " got a buffer before caps", null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        long ts = buffer.pts() == ClockTime.NONE ? 0 : buffer.pts();
        try {
            FlowReturn r = q.mode() == IoMode.DMABUF_IMPORT ? queueDmaBuf(q, buffer, ts) : queueMmap(q, buffer, ts);
            q.reclaim(); // what the driver is done with goes home now, not at the next acquire
            return r;
        } catch (ErrnoException e) {
            postError("Could not play on " + device.get() + ": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        } catch (IllegalStateException e) {
            if (flushing || q.isStopped()) {
                return FlowReturn.FLUSHING;
            }
            throw e;
        }
    }

    /** Our pool's buffer: queued as it is; any other: copied into one of our pool's buffers. */
    private FlowReturn queueMmap(OutputQueue q, Buffer buffer, long ts) {
        OutputPool p = pool;
        int index = p.indexOf(buffer);
        if (index >= 0 && p.intact(buffer, index)) {
            q.queueMmap(index, bytesUsed(buffer), ts, buffer.ref());
            return FlowReturn.OK;
        }
        Buffer target;
        try {
            if (!p.isActive()) {
                // the pool corrects what it is asked (its allocator, the driver's counts): take that
                if (!p.setConfig(PoolConfig.of(null, q.format().frameSize(), q.size(), q.size()))) {
                    p.setConfig(p.config());
                }
                if (!p.setActive(true)) {
                    postError(device.get() + ": could not activate its pool of " + q.size() + " driver buffers", null,
                            null);
                    return FlowReturn.ERROR;
                }
            }
            target = p.acquire();
        } catch (PoolFlushingException e) {
            return FlowReturn.FLUSHING;
        }
        try {
            copyFrame(buffer, target);
        } catch (RuntimeException e) {
            target.unref();
            throw e;
        }
        target.setPts(buffer.pts());
        q.queueMmap(p.indexOf(target), bytesUsed(target), ts, target);
        return FlowReturn.OK;
    }

    /** The frame's rows into a driver buffer (its strides may differ): the one copy, counted. */
    private void copyFrame(Buffer from, Buffer to) {
        long bytes = 0;
        try (VideoFrame src = VideoFrame.map(from, info, MapFlags.READ);
                VideoFrame dst = VideoFrame.map(to, info, MapFlags.WRITE)) {
            for (int p = 0; p < src.planes(); p++) {
                long row = src.info().planeRowBytes(p);
                int rows = src.info().planeHeight(p);
                for (int y = 0; y < rows; y++) {
                    java.lang.foreign.MemorySegment.copy(src.plane(p), (long) y * src.stride(p), dst.plane(p),
                            (long) y * dst.stride(p), row);
                }
                bytes += row * rows;
            }
        }
        CopyTracers.record(from.peekMemory(0).type(), bytes, CopyReason.ROW_COPY);
        if (!copyLogged) {
            copyLogged = true;
            LOG.log(System.Logger.Level.INFO, "{0}: upstream does not draw into {1}''s driver buffers (its pool was not"
                    + " used): copying each frame into one", name(), device.get());
        }
    }

    /** Per plane, the bytes up to the end of its data (the driver reads from the plane's start). */
    private static int[] bytesUsed(Buffer b) {
        int[] used = new int[b.memoryCount()];
        for (int p = 0; p < used.length; p++) {
            Memory m = b.peekMemory(p);
            used[p] = (int) (m.offset() + m.size());
        }
        return used;
    }

    /** Each memory's DMABuf fd queued for the driver to read; the buffer is held until DQBUF. */
    private FlowReturn queueDmaBuf(OutputQueue q, Buffer buffer, long ts) {
        List<PlaneRef> refs;
        try {
            refs = q.dmaBufPlanes(buffer);
        } catch (IllegalArgumentException e) {
            postError(e.getMessage(), null, null);
            return FlowReturn.ERROR;
        }
        int index = q.acquire(() -> flushing);
        if (index < 0) {
            return FlowReturn.FLUSHING;
        }
        q.queue(index, refs, ts, buffer.ref());
        return FlowReturn.OK;
    }

    /**
     * EOS: waits until every queued frame was played; the driver keeps the last one (on screen)
     * until STREAMOFF. A driver that does not get there in time is a warning, not a hang.
     */
    @Override
    protected void onEos() {
        OutputQueue q = queue;
        if (q != null && !q.drain(1, DRAIN_TIMEOUT_MS, () -> flushing) && !flushing) {
            postWarning(device.get() + " did not play " + (q.queuedCount() - 1) + " queued frames within "
                    + DRAIN_TIMEOUT_MS + " ms of EOS", null);
        }
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (event instanceof Event.FlushStart) {
            setFlushing(true);
        } else if (event instanceof Event.FlushStop) {
            setFlushing(false);
        }
        return super.handleEvent(pad, event);
    }

    /** Wakes a render or an upstream acquire waiting for the driver. */
    @Override
    protected void padActivation(Pad pad, boolean active) {
        setFlushing(!active);
        super.padActivation(pad, active);
    }

    private void setFlushing(boolean flush) {
        flushing = flush;
        OutputPool p = pool;
        if (p != null && p.isActive()) {
            p.setFlushing(flush);
        }
    }

    /** What the driver played: live while streaming, kept after the sink stops (until it starts again). */
    public Played played() {
        OutputQueue q = queue;
        return q != null ? new Played(q.doneCount(), q.lastSequence(), q.errorCount()) : played;
    }
}
