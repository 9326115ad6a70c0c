package org.zeropipe.v4l2;

import java.util.Optional;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.dmabuf.DeviceDmaBufAllocator;
import org.zeropipe.core.dmabuf.DmaBufAllocator;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * Captures from a V4L2 device (GStreamer's {@code v4l2src}), live.
 *
 * <p>Memory: {@code io-mode=mmap} (and {@code auto}) pushes the driver's buffers mapped into
 * the process as {@code SystemMemory}; {@code io-mode=dmabuf} exports them (VIDIOC_EXPBUF) and
 * pushes {@code memory:DMABuf} buffers, negotiated with that caps feature;
 * {@code io-mode=dmabuf-import} queues DMABufs it allocates (downstream's DMABuf allocator when
 * the allocation query offers one, else {@code dmabuf-allocator}: dma-heap, udmabuf or vgem) for
 * the driver to fill, and pushes them as {@code memory:DMABuf}. In every mode no byte is
 * copied: a buffer goes back to the driver when its last reference goes. The pool has the
 * driver's buffers: at least 4, or downstream's minimum from the allocation query plus 2 (one
 * being filled, one in flight).
 *
 * <p>Caps come from the device (formats, sizes, frame rates); the chosen ones are set with
 * S_FMT and S_PARM. Timestamps are the driver's (monotonic), moved to running time at the first
 * frame. Failures are bus errors naming the device, the ioctl and errno.
 */
public final class V4l2Src extends BaseSource {

    private static final Caps TEMPLATE = Caps.parse("video/x-raw; video/x-raw(memory:DMABuf); image/jpeg; video/x-fwht");
    private static final int MIN_BUFFERS = 4;

    private final Property<String> device;
    private final Property<IoMode> ioMode;
    private final Property<ImportAllocator> importAllocator;
    private DeviceDmaBufAllocator ownAllocator;
    private volatile V4l2Device dev;
    private volatile Caps probed;
    private volatile boolean flushing;
    private volatile CaptureQueue queue;
    private volatile CaptureQueue.Stats lastStats;
    private Format format;
    private VideoFormat videoFormat;
    private long frameDuration = ClockTime.NONE;
    private long firstDriverTs = ClockTime.NONE;
    private long firstRunningTime;

    public V4l2Src(String name) {
        super(name, PadTemplate.src(TEMPLATE));
        device = declare(PropertySpec.ofString("device", "/dev/video0", "the V4L2 capture node"));
        ioMode = declare(PropertySpec.ofEnum("io-mode", IoMode.class, IoMode.AUTO,
                "auto/mmap: driver buffers as system memory; userptr: our page-aligned system memory;"
                        + " dmabuf: exported as memory:DMABuf;"
                        + " dmabuf-import: DMABufs allocated here, filled by the driver"));
        importAllocator = declare(PropertySpec.ofEnum("dmabuf-allocator", ImportAllocator.class,
                ImportAllocator.DMA_HEAP, "io-mode=dmabuf-import: where DMABufs come from when downstream offers none"));
    }

    public V4l2Src() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "v4l2src";
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    protected boolean start() {
        String path = device.get();
        try {
            V4l2Device d = NodeSetup.open(path, V4l2.V4L2_CAP_VIDEO_CAPTURE | V4l2.V4L2_CAP_VIDEO_CAPTURE_MPLANE, "video capture");
            Caps caps = DeviceCaps.of(d, d.captureType());
            probed = ioMode.get().resolve().dmaBuf() ? DeviceCaps.withDmaBufFirst(caps) : caps;
            dev = d;
            firstDriverTs = ClockTime.NONE;
            return true;
        } catch (NodeSetup.Refused e) {
            postError(e.getMessage(), null, e.getCause());
            return false;
        }
    }

    @Override
    protected void stop() {
        CaptureQueue q = queue;
        queue = null;
        V4l2Device d = dev;
        dev = null;
        probed = null;
        try {
            if (q != null) {
                lastStats = q.stats();
                q.stop();
            }
        } catch (ErrnoException e) {
            postWarning("stopping " + device.get() + ": " + e.getMessage(), null);
        } finally {
            if (d != null) {
                d.close();
            }
            if (ownAllocator != null) {
                ownAllocator.close(); // the DMABufs it made keep their own fds
                ownAllocator = null;
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
        if (d == null || pf.isEmpty()) {
            postError(device.get() + " cannot capture " + caps, null, null);
            return false;
        }
        try {
            if (queue != null) {
                queue.stop();
                queue = null;
            }
            NodeSetup.Applied applied = NodeSetup.setFormatAndRate(d, d.captureType(), pf.get(), s);
            format = applied.format();
            videoFormat = pf.get().videoFormat();
            Fraction rate = applied.frameRate();
            frameDuration = rate != null && rate.numerator() > 0
                    ? 1_000_000_000L * rate.denominator() / rate.numerator() : ClockTime.NONE;
            return true;
        } catch (ErrnoException e) {
            postError("Could not set format on " + device.get() + ": " + e.getMessage(), null, e);
            return false;
        } catch (NodeSetup.Refused e) {
            postError(e.getMessage(), null, null);
            return false;
        }
    }

    @Override
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        int count = MIN_BUFFERS;
        if (answered) {
            for (AllocationQuery.PoolProposal p : query.pools()) {
                count = Math.max(count, p.min() + 2);
            }
        }
        V4l2Device d = dev;
        if (queue == null && d != null && format != null) {
            IoMode mode = ioMode.get().resolve();
            try {
                DmaBufAllocator from = mode == IoMode.DMABUF_IMPORT ? importAllocator(answered ? query : null) : null;
                queue = CaptureQueue.start(d, format, mode, count, from).growWhenHeld();
            } catch (ErrnoException | IllegalStateException e) {
                postError("Could not start capturing from " + device.get() + ": " + e.getMessage(), null, e);
            }
        }
        return Negotiation.defaults(caps);
    }

    /** Downstream's DMABuf allocator if it proposed one that allocates, else ours (dmabuf-allocator). */
    private DmaBufAllocator importAllocator(AllocationQuery query) {
        if (query != null) {
            for (AllocationQuery.AllocatorProposal p : query.allocators()) {
                if (p.allocator() instanceof DmaBufAllocator a && !a.isCustomAlloc()) {
                    return a;
                }
            }
        }
        if (ownAllocator == null) {
            ownAllocator = importAllocator.get().open();
        }
        return ownAllocator;
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        CaptureQueue q = queue;
        if (q == null) {
            return FlowReturn.ERROR; // start or negotiation failed and posted why
        }
        CaptureQueue.Frame frame;
        try {
            frame = q.dequeue(() -> flushing);
        } catch (ErrnoException e) {
            postError("Could not capture from " + device.get() + ": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        }
        if (frame == null) {
            return FlowReturn.FLUSHING;
        }
        Buffer b = frame.buffer();
        b.setPts(runningTime(frame.timestampNs()));
        b.setDuration(frameDuration);
        if (videoFormat != null) {
            DriverLayout.addVideoMeta(b, videoFormat, format);
        }
        out[0] = b;
        return FlowReturn.OK;
    }

    /** Driver timestamps (monotonic) moved to running time: the first frame is stamped now. */
    private long runningTime(long driverTs) {
        Clock c = clock();
        if (c == null || driverTs <= 0) {
            return ClockTime.NONE;
        }
        if (firstDriverTs == ClockTime.NONE) {
            firstDriverTs = driverTs;
            firstRunningTime = Math.max(0, c.time() - baseTime());
        }
        return firstRunningTime + (driverTs - firstDriverTs);
    }

    /** The driver's buffers now, or when capture last stopped (null before): how many, grown by CREATE_BUFS, frames copied. */
    CaptureQueue.Stats poolStats() {
        CaptureQueue q = queue;
        return q != null ? q.stats() : lastStats;
    }

    @Override
    protected void unlock() {
        flushing = true;
    }

    @Override
    protected void unlockStop() {
        flushing = false;
    }
}
