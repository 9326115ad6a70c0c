package org.zeropipe.v4l2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.linux.Errno;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * The base of V4L2 memory-to-memory elements (GStreamer's {@code GstV4l2VideoDec/Enc} and
 * {@code v4l2transform} share the same protocol): what arrives on the sink pad is written into
 * the device's OUTPUT queue (QBUF on the upstream thread), and a capture thread of our own (the
 * source pad's task) dequeues the CAPTURE buffers the device produced and pushes them
 * downstream, as mmap'd system memory or, with {@code capture-io-mode=dmabuf}, exported
 * DMABufs ({@code memory:DMABuf}); a pushed buffer goes back to the device when its last
 * reference goes.
 *
 * <p>Memory: accepts system memory (and mappable DMABufs) on the sink pad. Raw input: the
 * driver's MMAP OUTPUT buffers are proposed upstream as a pool ({@link OutputPool}, with
 * VideoMeta); a buffer from it is queued as it is, without a copy; any other buffer is copied
 * into a free driver buffer (counted by the copy tracer: {@code EXTRACT} in one piece when the
 * layouts match, {@code ROW_COPY} row by row when strides differ). Coded input is copied into
 * the driver buffer (counted, {@code EXTRACT}). With {@code output-io-mode=dmabuf-import},
 * upstream's DMABufs are queued by fd and held until the driver is done (no copy). Produces the driver's CAPTURE buffers without
 * copying: mapped ({@code SystemMemory}) or exported ({@code memory:DMABuf}).
 *
 * <p>Timestamps: each OUTPUT buffer is stamped with a running number the driver copies to the
 * CAPTURE buffer made from it ({@code V4L2_BUF_FLAG_TIMESTAMP_COPY}); the input's PTS and
 * duration come back from it.
 *
 * <p>EOS drains: the subclass's drain command ({@code V4L2_DEC_CMD_STOP},
 * {@code V4L2_ENC_CMD_STOP}) and a wait for the buffer flagged {@code V4L2_BUF_FLAG_LAST}, or
 * (a converter, one frame out per frame in) for as many frames out as went in. A flush
 * (seek) stops both queues (STREAMOFF gives every buffer back) and the next buffer starts them
 * again. Failing ioctls are bus errors naming the device, the ioctl and errno.
 */
public abstract class V4l2Mem2Mem extends Element {

    /** Raw video in system memory or DMABufs (mappable either way). */
    protected static final Caps RAW = Caps.parse("video/x-raw; video/x-raw(memory:DMABuf)");

    /** OUTPUT buffers: enough to keep the device busy while upstream writes the next. */
    private static final int OUTPUT_BUFFERS = 4;
    private static final int MIN_CAPTURE_BUFFERS = 4;
    /** How long EOS waits for the device to drain (a TCG guest is slow; no hang either way). */
    private static final long DRAIN_TIMEOUT_MS = 60_000;
    // A decoder that gave back all its input, still without a source change, after this long has
    // found no picture in it (the event comes with the first header, long before).
    private static final long NO_PICTURE_GRACE_MS = 3_000;

    /**
     * What {@link #configure} set up for new input caps: the OUTPUT format, and the CAPTURE
     * format with its caps when known now (a decoder learns them from the source-change event).
     */
    protected record Setup(Format output, Format capture, Caps srcCaps) {
    }

    protected final Pad sinkPad;
    protected final Pad srcPad;
    private final Property<String> device;
    private final Property<IoMode> captureIoMode;
    private final Property<IoMode> outputIoMode;
    private final String nodeName;

    private volatile V4l2Device dev;
    private volatile Caps sinkProbed;
    private volatile Caps srcProbed;

    // The sink side (upstream's thread): the OUTPUT queue, its buffers as a pool (raw input),
    // and the input's layout.
    private volatile OutputQueue output;
    private volatile OutputPool pool;
    private Caps inCaps;
    private VideoInfo inInfo;
    private long queuedFrames;
    private long nextStamp = 1;

    // The capture side (the source pad's task).
    private volatile CaptureQueue capture;
    private volatile Format captureFormat;
    private volatile VideoFormat captureVideoFormat;
    private volatile boolean awaitingSourceChange;
    private final Map<Long, long[]> stamps = new ConcurrentHashMap<>();

    // Shared, under lock: flushing, the capture thread's flow result and the drain.
    private final Object lock = new Object();
    // Orders a drain command against a CAPTURE reallocation (whose STREAMOFF ends a drain).
    private final Object commandLock = new Object();
    private volatile boolean flushing = true;
    private FlowReturn captureResult = FlowReturn.OK;
    private boolean draining;
    private boolean drained;
    private long capturedFrames;

    @SuppressWarnings("this-escape")
    protected V4l2Mem2Mem(String name, String nodeName, Caps sinkTemplate, Caps srcTemplate) {
        super(name);
        this.nodeName = nodeName;
        sinkPad = Pad.fromTemplate(PadTemplate.sink(sinkTemplate));
        srcPad = Pad.fromTemplate(PadTemplate.src(srcTemplate));
        addPad(sinkPad);
        addPad(srcPad);
        device = declare(PropertySpec.ofString("device", "",
                "the mem2mem node (empty: the node named " + nodeName + " in /sys/class/video4linux)"));
        captureIoMode = declare(PropertySpec.ofEnum("capture-io-mode", IoMode.class, IoMode.AUTO,
                "auto/mmap: CAPTURE buffers leave as system memory; dmabuf: exported as memory:DMABuf"));
        outputIoMode = declare(PropertySpec.ofEnum("output-io-mode", IoMode.class, IoMode.AUTO,
                "auto/mmap: the driver's OUTPUT buffers (offered upstream as a pool for raw video);"
                        + " dmabuf-import: upstream's DMABufs queued by fd"));
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(sinkPad.template(), srcPad.template());
    }

    // ------------------------------------------------------------------ what subclasses say

    /** Sets the OUTPUT (and when it can, CAPTURE) format for input caps {@code in}; throws saying what failed. */
    protected abstract Setup configure(V4l2Device d, Caps in);

    /** A decoder's new CAPTURE format and caps after a source-change event (G_FMT, maybe S_FMT). */
    protected Setup sourceChanged(V4l2Device d, Caps in) {
        throw new IllegalStateException(d.path() + " signalled a source change, which " + factoryName()
                + " does not expect");
    }

    /** Starts a drain: a codec's stop command. Converters have none: they drain by count. */
    protected void startDrain(V4l2Device d) {
    }

    /** Whether a drain ends with the buffer flagged LAST (codecs) rather than by counting frames. */
    protected boolean drainsWithLast() {
        return false;
    }

    /** Whether this element waits for the source-change event before it has CAPTURE buffers (decoders). */
    protected boolean subscribesSourceChange() {
        return false;
    }

    /** The device, while open (READY and up). */
    protected final V4l2Device device() {
        return dev;
    }

    /** The device's caps on our source side (probed, with memory:DMABuf first in dmabuf mode). */
    protected final Caps srcProbedCaps() {
        Caps c = srcProbed;
        return c != null ? c : srcPad.templateCaps();
    }

    // ------------------------------------------------------------------ states

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        switch (transition) {
            case NULL_TO_READY -> {
                if (!open()) {
                    return StateChangeReturn.FAILURE;
                }
            }
            case READY_TO_PAUSED -> {
                synchronized (lock) {
                    flushing = false;
                    captureResult = FlowReturn.OK;
                }
            }
            case PAUSED_TO_READY -> setFlushing();
            default -> {
            }
        }
        StateChangeReturn r = super.changeState(transition);
        switch (transition) {
            case PAUSED_TO_READY -> {
                stopQueues();
                inCaps = null;
            }
            case READY_TO_NULL -> close();
            default -> {
            }
        }
        return r;
    }

    private boolean open() {
        if (captureIoMode.get() == IoMode.DMABUF_IMPORT || outputIoMode.get() == IoMode.DMABUF) {
            postError(factoryName() + ": capture-io-mode takes auto, mmap or dmabuf, not " + captureIoMode.get()
                    + "; output-io-mode auto, mmap or dmabuf-import, not " + outputIoMode.get(), null, null);
            return false;
        }
        String path = device.get().isEmpty() ? V4l2Nodes.byName(nodeName).orElse(null) : device.get();
        if (path == null) {
            postError("no V4L2 node named " + nodeName + " (is its driver loaded?); set device", null, null);
            return false;
        }
        try {
            V4l2Device d = NodeSetup.open(path, V4l2.V4L2_CAP_VIDEO_M2M | V4l2.V4L2_CAP_VIDEO_M2M_MPLANE, "mem2mem");
            try {
                if (subscribesSourceChange()) {
                    d.subscribeEvent(V4l2.V4L2_EVENT_SOURCE_CHANGE);
                }
                // DMABufs in: imported by fd (output-io-mode=dmabuf-import, offered first) or mapped and copied
                Caps out = DeviceCaps.of(d, d.outputType());
                Caps in = outputIoMode.get() == IoMode.DMABUF_IMPORT ? DeviceCaps.withDmaBufFirst(out)
                        : out.append(DeviceCaps.withDmaBufFirst(out));
                sinkProbed = in.intersect(sinkPad.templateCaps(), IntersectMode.FIRST);
                Caps src = DeviceCaps.of(d, d.captureType());
                srcProbed = (captureIoMode.get().resolve().dmaBuf() ? DeviceCaps.withDmaBufFirst(src) : src)
                        .intersect(srcPad.templateCaps(), IntersectMode.FIRST);
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            dev = d;
            return true;
        } catch (NodeSetup.Refused e) {
            postError(e.getMessage(), null, e.getCause());
            return false;
        } catch (ErrnoException e) {
            postError("Could not set up " + path + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    private void close() {
        V4l2Device d = dev;
        dev = null;
        sinkProbed = null;
        srcProbed = null;
        if (d != null) {
            d.close();
        }
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        if (!active) {
            setFlushing();
        }
    }

    private void setFlushing() {
        synchronized (lock) {
            flushing = true;
            lock.notifyAll();
        }
        OutputPool p = pool;
        if (p != null) {
            p.setFlushing(true); // wakes an upstream thread waiting for a driver buffer
        }
    }

    /** Both queues stopped: STREAMOFF gives every buffer back; buffers downstream holds are freed when they come home. */
    private void stopQueues() {
        CaptureQueue c = capture;
        capture = null;
        OutputQueue o = output;
        output = null;
        OutputPool p = pool;
        pool = null;
        stamps.clear();
        queuedFrames = 0;
        synchronized (lock) {
            capturedFrames = 0;
            draining = false;
            drained = false;
        }
        try {
            if (c != null) {
                c.stop();
            }
        } catch (ErrnoException e) {
            postWarning("stopping " + path() + " CAPTURE: " + e.getMessage(), null);
        } finally {
            if (o != null) {
                try {
                    o.stop();
                } catch (ErrnoException e) {
                    postWarning("stopping " + path() + " OUTPUT: " + e.getMessage(), null);
                }
            }
            if (p != null) {
                p.setActive(false); // its buffers are freed as they come home
            }
        }
    }

    private String path() {
        V4l2Device d = dev;
        return d != null ? d.path() : device.get();
    }

    // ------------------------------------------------------------------ queries and events

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (query instanceof CapsQuery q) {
            NodeSetup.answerCaps(q, pad == sinkPad ? sinkProbed : srcProbed, pad.templateCaps());
            return true;
        }
        if (query instanceof AllocationQuery q && pad == sinkPad) {
            return proposeAllocation(q);
        }
        return super.handleQuery(pad, query);
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == srcPad) {
            return sinkPad.pushEvent(event);
        }
        return switch (event) {
            case Event.CapsEvent c -> setInputCaps(c.caps());
            case Event.Eos e -> {
                drain();
                yield srcPad.pushEvent(e);
            }
            case Event.FlushStart f -> {
                setFlushing();
                boolean r = srcPad.pushEvent(f);
                srcPad.pauseTask();
                yield r;
            }
            case Event.FlushStop f -> {
                srcPad.pauseTask();
                srcPad.streamLock().lock(); // the capture thread has left its loop
                srcPad.streamLock().unlock();
                stopQueues();
                synchronized (lock) {
                    flushing = false;
                    captureResult = FlowReturn.OK;
                }
                boolean r = srcPad.pushEvent(f);
                if (inCaps != null && start() == FlowReturn.OK && pool != null) {
                    sinkPad.pushEvent(new Event.Reconfigure()); // upstream's pool was the old queue's: ask again
                }
                yield r;
            }
            default -> srcPad.pushEvent(event);
        };
    }

    private boolean setInputCaps(Caps caps) {
        if (caps.equals(inCaps) && output != null) {
            return true;
        }
        if (output != null) { // new caps mid-stream: finish the frames in flight first
            drain();
            srcPad.pauseTask();
            srcPad.streamLock().lock();
            srcPad.streamLock().unlock();
            stopQueues();
        }
        inCaps = caps;
        return start() == FlowReturn.OK;
    }

    /** Sets the formats for {@link #inCaps}, starts the OUTPUT queue and, when its format is known, the CAPTURE one. */
    private FlowReturn start() {
        V4l2Device d = dev;
        Caps in = inCaps;
        if (d == null || in == null) {
            postError("not-negotiated: " + name() + " got data before caps", null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        try {
            inInfo = in.structure(0).name().equals(VideoInfo.MEDIA_TYPE) ? VideoInfo.fromCaps(in) : null;
            Setup s = configure(d, in);
            output = OutputQueue.start(d, s.output(), outputIoMode.get().resolve(), OUTPUT_BUFFERS);
            if (inInfo != null && output.mode() == IoMode.MMAP) {
                pool = new OutputPool(name() + ":pool", output, inInfo.format());
            }
            awaitingSourceChange = s.capture() == null;
            if (s.capture() != null && !startCapture(s)) {
                return FlowReturn.NOT_NEGOTIATED;
            }
            srcPad.startTask(this::captureLoop);
            return FlowReturn.OK;
        } catch (ErrnoException e) {
            postError("Could not configure " + d.path() + ": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        } catch (IllegalArgumentException | IllegalStateException | NodeSetup.Refused e) {
            postError("not-negotiated at " + name() + ": " + e.getMessage(), null, e);
            return FlowReturn.NOT_NEGOTIATED;
        }
    }

    /** Sends the CAPTURE caps downstream, asks for its buffer needs and starts the CAPTURE queue. */
    private boolean startCapture(Setup s) {
        if (!srcPad.pushEvent(new Event.CapsEvent(s.srcCaps()))) {
            if (!srcPad.isFlushing()) {
                postError("not-negotiated at " + srcPad.fullName() + ": downstream refused " + s.srcCaps(), null, null);
            }
            return false;
        }
        int count = MIN_CAPTURE_BUFFERS;
        AllocationQuery q = new AllocationQuery(s.srcCaps(), true);
        if (srcPad.peerQuery(q)) {
            for (AllocationQuery.PoolProposal p : q.pools()) {
                count = Math.max(count, p.min() + 2);
            }
        }
        captureFormat = s.capture();
        PixelFormat pf = PixelFormat.of(s.capture().pixelFormat()).orElse(null);
        captureVideoFormat = pf == null ? null : pf.videoFormat();
        capture = CaptureQueue.start(dev, s.capture(), captureIoMode.get().resolve(), count, null);
        return true;
    }

    // ------------------------------------------------------------------ the sink side

    @Override
    protected FlowReturn chain(Pad pad, Buffer buffer) {
        try {
            FlowReturn r = flowResult();
            if (r != FlowReturn.OK) {
                return r;
            }
            if (output == null && (r = start()) != FlowReturn.OK) {
                return r;
            }
            return write(buffer);
        } catch (ErrnoException e) {
            postError("Could not write to " + path() + ": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        } catch (IllegalArgumentException e) {
            postError(name() + " cannot feed " + path() + ": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        } finally {
            buffer.unref();
        }
    }

    private FlowReturn flowResult() {
        synchronized (lock) {
            return flushing ? FlowReturn.FLUSHING : captureResult;
        }
    }

    /**
     * Raw input: the driver's OUTPUT buffers as a pool (with VideoMeta: the driver's strides), so
     * that upstream draws straight into them and nothing is copied.
     */
    private boolean proposeAllocation(AllocationQuery query) {
        OutputQueue o = output;
        OutputPool p = pool;
        if (o == null || p == null && o.mode() != IoMode.DMABUF_IMPORT) {
            return false;
        }
        // dmabuf-import: no pool, but upstream must keep as many buffers as the driver may hold
        query.addPool(p != null
                ? new AllocationQuery.PoolProposal(query.needPool() ? p : null, o.format().frameSize(), o.size(), o.size())
                : new AllocationQuery.PoolProposal(null, o.format().frameSize(), o.size(), 0));
        query.addMeta(VideoMeta.API, null);
        return true;
    }

    /**
     * Queues {@code buffer} on OUTPUT: as it is when it is one of our pool's (upstream drew
     * into the driver's memory), else copied into a free driver buffer (counted).
     */
    private FlowReturn write(Buffer buffer) {
        OutputQueue o = output;
        long stamp = nextStamp++;
        // recorded before the QBUF: the capture thread may DQBUF the result (and look the stamp
        // up) before QBUF even returns here
        stamps.put(stamp, new long[] {buffer.pts(), buffer.duration(), buffer.dts()});
        FlowReturn r;
        try {
            r = queueFrame(buffer, o, stamp * 1000); // whole microseconds survive the timeval
        } catch (RuntimeException e) {
            stamps.remove(stamp);
            throw e;
        }
        if (r != FlowReturn.OK) {
            stamps.remove(stamp); // nothing was queued
            return r;
        }
        queuedFrames++;
        o.reclaim(); // what the driver is done with goes home now
        return FlowReturn.OK;
    }

    /** The QBUF of {@link #write}: OK when the frame is with the driver, stamped {@code ts}. */
    private FlowReturn queueFrame(Buffer buffer, OutputQueue o, long ts) {
        OutputPool p = pool;
        if (o.mode() == IoMode.DMABUF_IMPORT) {
            List<V4l2Device.PlaneRef> refs = o.dmaBufPlanes(buffer);
            if (inInfo != null && !M2mInput.sameLayout(buffer, inInfo, o.format())) {
                throw new IllegalArgumentException("a DMABuf frame laid out unlike the driver's "
                        + PixelFormat.fourccString(o.format().pixelFormat()) + " (strides " + o.format().planes()
                        + ") cannot be imported: use output-io-mode=mmap");
            }
            int index = o.acquire(() -> flowResult() != FlowReturn.OK);
            if (index < 0) {
                return notQueued();
            }
            o.queue(index, refs, ts, buffer.ref()); // held until the driver is done reading it
        } else if (p != null) {
            int index = p.indexOf(buffer);
            if (index >= 0 && p.intact(buffer, index)) {
                o.queueMmap(index, frameBytes(o), ts, buffer.ref());
            } else {
                Buffer target = acquire(p, o);
                if (target == null) {
                    return notQueued();
                }
                int[] used;
                try {
                    List<Memory> planes = new ArrayList<>();
                    for (int i = 0; i < target.memoryCount(); i++) {
                        planes.add(target.peekMemory(i));
                    }
                    used = M2mInput.write(buffer, inInfo, o.format(), planes);
                } catch (RuntimeException e) {
                    target.unref();
                    throw e;
                }
                o.queueMmap(p.indexOf(target), used, ts, target);
            }
        } else {
            int index = o.acquire(() -> flowResult() != FlowReturn.OK);
            if (index < 0) {
                return notQueued();
            }
            int[] used;
            try {
                used = M2mInput.write(buffer, inInfo, o.format(), o.planes(index));
            } catch (RuntimeException e) {
                o.release(index);
                throw e;
            }
            o.queueMmap(index, used, ts, null);
        }
        return FlowReturn.OK;
    }

    /** Why a frame was not queued: the flow result, FLUSHING if that went back to OK meanwhile. */
    private FlowReturn notQueued() {
        FlowReturn r = flowResult();
        return r == FlowReturn.OK ? FlowReturn.FLUSHING : r;
    }

    /** A free driver buffer from our pool (activated on first use when upstream did not take it); null when flushing. */
    private Buffer acquire(OutputPool p, OutputQueue o) {
        try {
            if (!p.isActive()) {
                if (!p.setConfig(PoolConfig.of(null, o.format().frameSize(), o.size(), o.size()))) {
                    p.setConfig(p.config()); // the pool corrects what it is asked: take that
                }
                if (!p.setActive(true)) {
                    throw new IllegalStateException("could not activate the pool of " + o.size() + " OUTPUT buffers");
                }
            }
            return p.acquire();
        } catch (PoolFlushingException e) {
            return null;
        }
    }

    /** The bytes of each plane of a whole frame, as the driver lays it out. */
    private static int[] frameBytes(OutputQueue o) {
        int n = o.planeCount();
        int[] used = new int[n];
        for (int i = 0; i < n; i++) {
            used[i] = o.format().planes().get(i).sizeImage();
        }
        return used;
    }

    /**
     * EOS: starts the device's drain and waits until the capture thread pushed its last frame
     * (the LAST flag, or as many frames out as in), a flush, an error, or a generous timeout
     * (then a warning: EOS goes on, nothing hangs).
     */
    private void drain() {
        OutputQueue o = output;
        if (o == null || queuedFrames == 0) {
            return;
        }
        synchronized (commandLock) { // not while the capture thread reallocates (that would cancel it)
            synchronized (lock) {
                draining = true;
                drained = !drainsWithLast() && capturedFrames >= queuedFrames;
            }
            try {
                startDrain(dev);
            } catch (ErrnoException e) {
                postError("Could not drain " + path() + ": " + e.getMessage(), null, e);
                return;
            }
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_MS * 1_000_000;
        long consumedAt = 0; // when a decoder was first seen to have given back every input frame without a picture
        for (;;) {
            synchronized (lock) {
                if (drained || flushing || captureResult != FlowReturn.OK) {
                    return;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    postWarning(path() + " did not finish draining in " + DRAIN_TIMEOUT_MS + " ms ("
                            + capturedFrames + " of " + queuedFrames + " frames out)", null);
                    return;
                }
                try {
                    lock.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            o.reclaim(); // outside the lock: a pool buffer coming home runs the pool's code
            if (!awaitingSourceChange || o.queuedCount() > 0) {
                consumedAt = 0;
            } else if (consumedAt == 0) {
                consumedAt = System.nanoTime();
            } else if (System.nanoTime() - consumedAt > NO_PICTURE_GRACE_MS * 1_000_000) {
                rejected(o);
                return;
            }
        }
    }

    /**
     * A decoder took every input frame back and never found a picture (no source change): say so
     * at once rather than wait out the drain timeout; nothing would come out.
     */
    private void rejected(OutputQueue o) {
        synchronized (lock) {
            if (captureResult == FlowReturn.OK) {
                captureResult = FlowReturn.ERROR;
            }
            lock.notifyAll();
        }
        postError(name() + ": the decoder " + path() + " rejected " + queuedFrames + " input frames (" + o.errorCount()
                + " flagged as errors): no picture found in them; is the input really "
                + (inCaps != null && !inCaps.isEmpty() ? inCaps.structure(0).name() : "what its caps say") + "?", null, null);
    }

    // ------------------------------------------------------------------ the capture thread

    private void captureLoop() {
        try {
            if (flushing) {
                srcPad.pauseTask();
                return;
            }
            if (awaitingSourceChange) {
                awaitSourceChange();
                return;
            }
            CaptureQueue q = capture;
            CaptureQueue.Frame frame;
            try {
                frame = q.dequeue(() -> flushing);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EPIPE) {
                    throw e;
                }
                frame = null; // the LAST buffer went already: nothing more until restarted
                lastBuffer();
                return;
            }
            if (frame == null) {
                return; // flushing: the next turn pauses
            }
            boolean last = frame.last();
            if (frame.empty()) {
                frame.buffer().unref();
            } else if (!pushFrame(frame)) {
                return;
            }
            if (last) {
                lastBuffer();
            }
        } catch (ErrnoException e) {
            fail("Could not read from " + path() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            fail(name() + ": " + e.getMessage(), e);
        }
    }

    /** Pushes a produced frame with its input's timestamps; false when the flow stopped. */
    private boolean pushFrame(CaptureQueue.Frame frame) {
        Buffer b = frame.buffer();
        if (frame.corrupted()) {
            b.setFlag(BufferFlag.CORRUPTED); // V4L2_BUF_FLAG_ERROR: the device says the picture is damaged
        }
        long[] t = stamps.remove(frame.timestampNs() / 1000);
        b.setPts(t != null ? t[0] : ClockTime.NONE);
        b.setDuration(t != null ? t[1] : ClockTime.NONE);
        b.setDts(t != null ? t[2] : ClockTime.NONE);
        VideoFormat vf = captureVideoFormat;
        if (vf != null) {
            DriverLayout.addVideoMeta(b, vf, captureFormat);
        }
        FlowReturn r = srcPad.push(b);
        synchronized (lock) {
            capturedFrames++;
            if (r != FlowReturn.OK && captureResult == FlowReturn.OK) {
                captureResult = r;
            }
            if (draining && !drainsWithLast() && capturedFrames >= queuedFrames) {
                drained = true;
            }
            lock.notifyAll();
        }
        if (r != FlowReturn.OK) {
            srcPad.pauseTask();
            if (r.isFatal() && !flushing) {
                postError("internal data stream error in " + name() + ": streaming stopped, reason "
                        + r.name().toLowerCase().replace('_', '-'), null, null);
            }
            return false;
        }
        return true;
    }

    /**
     * The device flagged its last buffer: a decoder's source change (its event is queued before
     * the LAST buffer), else the end of a drain; a decoder without the event yet waits for it.
     */
    private void lastBuffer() {
        if (subscribesSourceChange() && sourceChangePending()) {
            reallocate();
            return;
        }
        synchronized (lock) {
            if (draining) {
                drained = true;
                lock.notifyAll();
                srcPad.pauseTask();
                return;
            }
        }
        awaitingSourceChange = true;
    }

    /** Takes every pending event; whether one was a source change. */
    private boolean sourceChangePending() {
        boolean changed = false;
        Optional<V4l2Device.Event> ev;
        while ((ev = dev.dequeueEvent()).isPresent()) {
            changed |= ev.get().type() == V4l2.V4L2_EVENT_SOURCE_CHANGE;
        }
        return changed;
    }

    /** Waits (100 ms) for the source-change event, then sets the new CAPTURE format up. */
    private void awaitSourceChange() {
        if (sourceChangePending()) {
            reallocate();
        } else {
            dev.poll(Libc.POLLPRI, 100);
        }
    }

    /**
     * A new CAPTURE format: the old queue stopped (STREAMOFF ends the LAST state; buffers
     * downstream holds are freed when they come home), the new format's caps sent downstream
     * and its buffers allocated. STREAMOFF on CAPTURE also ends a drain under way in the
     * driver, so a drain is started again: the frames still queued on OUTPUT come out first.
     */
    private void reallocate() {
        synchronized (commandLock) {
            reallocateLocked();
        }
    }

    private void reallocateLocked() {
        CaptureQueue old = capture;
        capture = null;
        if (old != null) {
            old.stop();
        }
        Setup s = sourceChanged(dev, inCaps);
        awaitingSourceChange = false;
        if (!startCapture(s)) {
            synchronized (lock) {
                captureResult = FlowReturn.NOT_NEGOTIATED;
                lock.notifyAll();
            }
            srcPad.pauseTask();
            return;
        }
        boolean drain;
        synchronized (lock) {
            drain = draining;
        }
        if (drain && old != null) { // the first CAPTURE setup never streamed: a drain asked before still holds
            try {
                startDrain(dev);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EBUSY) { // EBUSY: the driver is draining already
                    throw e;
                }
            }
        }
    }

    private void fail(String text, Exception e) {
        synchronized (lock) {
            if (flushing) {
                return; // stopping: a device call failing under us is expected
            }
            captureResult = FlowReturn.ERROR;
            lock.notifyAll();
        }
        postError(text, null, e);
        srcPad.pauseTask();
        srcPad.pushEvent(new Event.Eos());
    }
}
