package org.zeropipe.core.base;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.CapsExplainer;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.Format;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.DurationQuery;
import org.zeropipe.core.query.LatencyQuery;
import org.zeropipe.core.query.PositionQuery;
import org.zeropipe.core.query.Query;

/**
 * Base class of sources (GStreamer's {@code GstBaseSrc}, push mode): one source pad whose task
 * calls {@link #create} and pushes the result.
 *
 * <p>The first iteration sends stream-start, negotiates (caps query to the peer, fixate, caps
 * event, allocation query) and sends a TIME segment. A reconfigure event from downstream makes
 * the next iteration negotiate again. The task pauses on any non-OK flow; on EOS and on fatal
 * flows it sends EOS downstream, and fatal flows post an ERROR ("streaming stopped, reason ...").
 *
 * <p>A <em>live</em> source produces only in PLAYING, so PAUSED is NO_PREROLL. Properties:
 * {@code num-buffers} (-1: unlimited), {@code do-timestamp} (stamp buffers with the running time).
 */
public abstract class BaseSource extends Element {

    protected final Pad srcPad;
    private final Property<Integer> numBuffers;
    private final Property<Boolean> doTimestamp;
    private final ReentrantLock liveLock = new ReentrantLock();
    private final Condition liveCond = liveLock.newCondition();
    private volatile boolean playing;
    private volatile boolean streamStarted;
    private volatile Negotiation negotiation;
    private volatile Segment pendingSegment;
    private volatile boolean pendingEos;
    private volatile long produced;
    // The segment pushed last and the end of the last buffer pushed in it (TIME, NONE before one
    // with a timestamp): a non-flushing seek continues the running time from there, and
    // position queries answer it.
    private volatile Segment segment = Segment.of(Format.TIME);
    private volatile long position = ClockTime.NONE;
    private final Buffer[] slot = new Buffer[1];

    // Pads and properties are registered with this element while it is built; nothing calls
    // back into the subclass before its constructor ran, except factoryName() (a constant).
    @SuppressWarnings("this-escape")
    protected BaseSource(String name, PadTemplate srcTemplate) {
        super(name);
        srcPad = Pad.fromTemplate(srcTemplate);
        addPad(srcPad);
        numBuffers = declare(PropertySpec.ofInt("num-buffers", -1, -1, Integer.MAX_VALUE,
                "buffers to produce before EOS, -1 for unlimited"));
        doTimestamp = declare(PropertySpec.ofBoolean("do-timestamp", false,
                "stamp each buffer with the running time when it was made"));
    }

    @Override
    public boolean isSource() {
        return true;
    }

    /** Whether the source is live (produces only in PLAYING). */
    public abstract boolean isLive();

    @Override
    public java.util.List<PadTemplate> padTemplates() {
        return java.util.List.of(srcPad.template());
    }

    /**
     * Makes the next buffer into {@code out[0]}. Returns OK with a buffer, EOS at the end, or a
     * failure (after posting an ERROR). Runs on the streaming thread.
     */
    protected abstract FlowReturn create(Buffer[] out);

    /** Opens resources (READY→PAUSED, before the task starts); false fails the state change. */
    protected boolean start() {
        return true;
    }

    /** Closes resources (PAUSED→READY, after the task was joined). */
    protected void stop() {
    }

    /** Fixates the negotiated caps; default: {@link Caps#fixate()}. */
    protected Caps fixate(Caps caps) {
        return caps.fixate();
    }

    /** Called when caps were agreed, before the caps event is sent; false refuses them. */
    protected boolean setCaps(Caps caps) {
        return true;
    }

    /**
     * Decides allocation from downstream's answer (called once per negotiation; with ANY caps
     * too, unanswered). Default: {@link Negotiation#decide}, and a pool of our own of
     * {@link #bufferSize} bytes when downstream proposed no pool object (GStreamer's
     * {@code gst_base_src_decide_allocation_default}).
     */
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        Negotiation n = answered ? Negotiation.decide(caps, query) : Negotiation.defaults(caps);
        return n.withOwnPool(name() + ":pool", bufferSize(caps));
    }

    /**
     * The size of the buffers this source will make for {@code caps}, so that it can make a
     * pool of its own; -1 (the default) when it cannot say (buffers are then allocated one by
     * one unless downstream proposes a pool or a size).
     */
    protected long bufferSize(Caps caps) {
        return -1;
    }

    /** The last allocation decision, or {@code null} before negotiation (or with ANY caps). */
    protected final Negotiation negotiation() {
        return negotiation;
    }

    /**
     * An output buffer as negotiated: from the decided pool when there is one (and its buffers
     * are big enough), else from the decided allocator (the default one before negotiation).
     * {@code null} when the pool is flushing: return FLUSHING from {@link #create}.
     */
    protected final Buffer allocateBuffer(long size) {
        Negotiation n = negotiation;
        if (n == null) {
            return Buffer.allocate(size);
        }
        return n.allocate(size);
    }

    private void setNegotiation(Negotiation n) {
        Negotiation old = negotiation;
        negotiation = n;
        if (old != null && (n == null || old.pool() != n.pool())) {
            old.release();
        }
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        switch (transition) {
            case READY_TO_PAUSED -> {
                if (!start()) {
                    return StateChangeReturn.FAILURE;
                }
                produced = 0;
                position = ClockTime.NONE;
                segment = Segment.of(Format.TIME);
                streamStarted = false;
                pendingEos = false;
                setNegotiation(null);
            }
            case PAUSED_TO_PLAYING -> setPlaying(true);
            case PLAYING_TO_PAUSED -> setPlaying(false);
            default -> {
            }
        }
        StateChangeReturn r = super.changeState(transition);
        if (transition == StateChange.PAUSED_TO_READY) {
            setNegotiation(null); // the task is joined: no buffer is being acquired
            stop();
        }
        if (r == StateChangeReturn.SUCCESS && isLive()
                && (transition == StateChange.READY_TO_PAUSED || transition == StateChange.PLAYING_TO_PAUSED)) {
            return StateChangeReturn.NO_PREROLL;
        }
        return r;
    }

    private void setPlaying(boolean p) {
        liveLock.lock();
        try {
            playing = p;
            liveCond.signalAll();
        } finally {
            liveLock.unlock();
        }
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        if (pad != srcPad) {
            return;
        }
        if (active) {
            unlockStop();
            pad.startTask(this::loop);
        } else {
            unlock();
            liveLock.lock();
            try {
                liveCond.signalAll();
            } finally {
                liveLock.unlock();
            }
        }
    }

    /** How late a live source's data is when pushed (e.g. one capture period), in ns; default 0. */
    protected long minLatency() {
        return 0;
    }

    /**
     * The most latency a live source's data can be given before it is lost (e.g. its capture
     * buffers' span), in ns; default {@link ClockTime#NONE}, unlimited.
     */
    protected long maxLatency() {
        return ClockTime.NONE;
    }

    /** Wakes a {@link #create} blocked on I/O (the pad is flushing); default: nothing. */
    protected void unlock() {
    }

    /** Undoes {@link #unlock} before the task runs again (after a flush or on activation). */
    protected void unlockStop() {
    }

    /**
     * An EOS sent by the application ({@code pipeline.sendEvent(new Event.Eos())}) is not pushed
     * from the application's thread: the source wakes its task, which pushes it in order after
     * the data, as gstbasesrc.c does. Other events are pushed as {@link Element#sendEvent} does.
     */
    @Override
    public boolean sendEvent(Event event) {
        if (event instanceof Event.Eos) {
            if (!srcPad.isActive()) {
                return false;
            }
            pendingEos = true;
            unlock();
            liveLock.lock();
            try {
                liveCond.signalAll();
            } finally {
                liveLock.unlock();
            }
            return true;
        }
        return super.sendEvent(event);
    }

    private void loop() {
        if (pendingEos) {
            stopFlow(FlowReturn.EOS);
            return;
        }
        if (isLive() && !waitPlaying()) {
            if (pendingEos) {
                stopFlow(FlowReturn.EOS);
                return;
            }
            srcPad.pauseTask();
            return;
        }
        if (!streamStarted) {
            srcPad.pushEvent(new Event.StreamStart(name() + "-" + Integer.toHexString(System.identityHashCode(this))));
            FlowReturn n = negotiate();
            if (n != FlowReturn.OK) {
                stopFlow(n);
                return;
            }
            Segment seg = pendingSegment != null ? pendingSegment : Segment.of(Format.TIME);
            pendingSegment = null;
            segment = seg;
            srcPad.pushEvent(new Event.SegmentEvent(seg));
            streamStarted = true;
        } else if (pendingSegment != null) {
            Segment seg = pendingSegment;
            pendingSegment = null;
            segment = seg;
            srcPad.pushEvent(new Event.SegmentEvent(seg));
        } else if (srcPad.checkReconfigure()) {
            FlowReturn n = negotiate();
            if (n != FlowReturn.OK) {
                stopFlow(n);
                return;
            }
        }
        int limit = numBuffers.get();
        if (limit >= 0 && produced >= limit) {
            stopFlow(FlowReturn.EOS);
            return;
        }
        slot[0] = null;
        FlowReturn r;
        try {
            r = create(slot);
        } catch (RuntimeException | Error e) {
            // create() may have filled the slot before it threw: that buffer is ours to release.
            Buffer left = slot[0];
            slot[0] = null;
            if (left != null) {
                left.unref();
            }
            throw e;
        }
        Buffer buffer = slot[0];
        slot[0] = null;
        if (r != FlowReturn.OK) {
            if (buffer != null) {
                buffer.unref();
            }
            stopFlow(pendingEos ? FlowReturn.EOS : r);
            return;
        }
        produced++;
        if (doTimestamp.get() && buffer.isWritable()) {
            Clock c = clock();
            if (c != null) {
                buffer.setPts(c.time() - baseTime());
            }
        }
        long pts = buffer.pts();
        if (pts != ClockTime.NONE) {
            long d = buffer.duration();
            position = d == ClockTime.NONE ? pts : pts + d;
        }
        r = srcPad.push(buffer);
        if (r != FlowReturn.OK) {
            stopFlow(r);
        }
    }

    private boolean waitPlaying() {
        liveLock.lock();
        try {
            while (!playing) {
                if (srcPad.isFlushing() || pendingEos) {
                    return false;
                }
                liveCond.awaitUninterruptibly();
            }
            return !srcPad.isFlushing();
        } finally {
            liveLock.unlock();
        }
    }

    private void stopFlow(FlowReturn r) {
        srcPad.pauseTask();
        if (r == FlowReturn.FLUSHING) {
            return;
        }
        if (r.isFatal()) {
            if (r != FlowReturn.ERROR) {
                // ERROR means someone already posted why; the others need saying.
                postError("internal data stream error: streaming stopped, reason " + r.name().toLowerCase().replace('_', '-'),
                        "flow " + r + " on " + srcPad.fullName(), null);
            }
        }
        if (r == FlowReturn.EOS || r.isFatal()) {
            srcPad.pushEvent(new Event.Eos());
        }
    }

    /**
     * Negotiates as {@code gst_base_src_default_negotiate}: our caps, intersected with the
     * peer's, fixated, set with a caps event; then the allocation query. ANY means "no
     * negotiation needed" (no caps event, default allocation).
     */
    protected final FlowReturn negotiate() {
        srcPad.checkReconfigure(); // this negotiation answers any reconfigure so far
        Caps ours = srcPad.queryCaps(null);
        if (ours.isAny()) {
            setNegotiation(decideAllocation(Caps.ANY, new AllocationQuery(Caps.ANY, true), false));
            return FlowReturn.OK;
        }
        Caps peer = srcPad.peerQueryCaps(ours);
        if (peer.isEmpty()) {
            Caps peerAll = srcPad.peerQueryCaps(null);
            postError(CapsExplainer.explainNegotiation(srcPad, ours, srcPad.peer(), peerAll), null, null);
            return FlowReturn.ERROR;
        }
        Caps caps = peer.isAny() ? ours : peer;
        caps = fixate(caps);
        if (caps.isEmpty() || !caps.isFixed()) {
            postError("not-negotiated at " + srcPad.fullName() + ": could not fixate " + peer, null, null);
            return FlowReturn.ERROR;
        }
        if (!setCaps(caps)) {
            postError("not-negotiated at " + srcPad.fullName() + ": " + name() + " refused caps " + caps, null, null);
            return FlowReturn.ERROR;
        }
        if (!srcPad.pushEvent(new Event.CapsEvent(caps))) {
            if (srcPad.isFlushing()) {
                return FlowReturn.FLUSHING;
            }
            Pad p = srcPad.peer();
            postError(CapsExplainer.explainNegotiation(srcPad, caps, p, p == null ? Caps.EMPTY : p.queryCaps(null)),
                    null, null);
            return FlowReturn.ERROR;
        }
        AllocationQuery q = new AllocationQuery(caps, true);
        boolean answered = srcPad.peerQuery(q);
        setNegotiation(decideAllocation(caps, q, answered));
        return FlowReturn.OK;
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        return switch (event) {
            case Event.Reconfigure r -> true; // the pad flagged itself; the loop renegotiates
            case Event.Seek s -> performSeek(s);
            default -> super.handleEvent(pad, event);
        };
    }

    /**
     * Moves the stream (a simplified {@code gst_base_src_perform_seek}): {@link #prepareSeek}
     * may refuse it before anything changed; then flush downstream if asked, stop the task at a
     * safe point (the stream lock), let {@link #doSeek} reposition, and restart with a new
     * segment. A flushing seek starts the running time again (base 0); a non-flushing one
     * continues it from where the old segment had got to, so sinks keep their pace.
     */
    private boolean performSeek(Event.Seek seek) {
        if (!srcPad.isActive() || !prepareSeek(seek)) {
            return false;
        }
        if (seek.flush()) {
            srcPad.pushEvent(new Event.FlushStart());
        }
        srcPad.pauseTask();
        unlock();
        liveLock.lock();
        try {
            liveCond.signalAll();
        } finally {
            liveLock.unlock();
        }
        boolean ok;
        srcPad.streamLock().lock();
        try {
            if (seek.flush()) {
                srcPad.pushEvent(new Event.FlushStop(true));
            }
            ok = doSeek(seek);
            if (ok) {
                long base = 0;
                if (!seek.flush()) {
                    Segment old = segment;
                    long rt = old.toRunningTime(position);
                    base = rt != ClockTime.NONE ? rt : old.base();
                }
                long start = Math.max(0, seek.start());
                long stop = seek.stop() >= start ? seek.stop() : ClockTime.NONE;
                pendingSegment = new Segment(Format.TIME, seek.rate(), start, stop, start, base, start);
                position = ClockTime.NONE;
            }
        } finally {
            srcPad.streamLock().unlock();
        }
        if (srcPad.isActive()) {
            // Not after a deactivation that raced this seek: its unlock() must stay in force.
            unlockStop();
        }
        srcPad.startTask(this::loop); // does nothing if the pad was deactivated meanwhile
        return ok;
    }

    /**
     * Checks a seek before anything is flushed or stopped (GStreamer's
     * {@code prepare_seek_segment}); false refuses it and leaves the stream as it was.
     * Default: accept.
     */
    protected boolean prepareSeek(Event.Seek seek) {
        return true;
    }

    /** Repositions the source for a seek (under the stream lock); false refuses it. Default: accept. */
    protected boolean doSeek(Event.Seek seek) {
        return true;
    }

    /**
     * The position of the stream in {@code format}, or NONE when this source cannot say.
     * Default: buffers made ({@code BUFFERS}) and the stream time of the end of the last buffer
     * pushed ({@code TIME}); subclasses add formats (bytes read, for example).
     */
    protected long position(Format format) {
        return switch (format) {
            case BUFFERS -> produced;
            case TIME -> {
                long pos = position;
                yield pos == ClockTime.NONE ? ClockTime.NONE : segment.toStreamTime(pos);
            }
            default -> ClockTime.NONE;
        };
    }

    /**
     * The length of the stream in {@code format}, or NONE when unknown. Default: {@code
     * num-buffers} in {@code BUFFERS}; subclasses that know their buffers' size or duration
     * answer {@code BYTES} or {@code TIME}.
     */
    protected long duration(Format format) {
        int n = numBuffers.get();
        return format == Format.BUFFERS && n >= 0 ? n : ClockTime.NONE;
    }

    /** The {@code num-buffers} limit, -1 for none. */
    protected final int numBuffersLimit() {
        return numBuffers.get();
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (query instanceof PositionQuery q) {
            long v = position(q.format());
            if (v == ClockTime.NONE) {
                return false;
            }
            q.setResult(v);
            return true;
        }
        if (query instanceof DurationQuery q) {
            long v = duration(q.format());
            if (v == ClockTime.NONE) {
                return false;
            }
            q.setResult(v);
            return true;
        }
        if (query instanceof LatencyQuery q) {
            boolean live = isLive();
            q.setResult(live, live ? minLatency() : 0, live ? maxLatency() : ClockTime.NONE);
            return true;
        }
        return super.handleQuery(pad, query);
    }

    /** Buffers created since the last READY→PAUSED. */
    public final long produced() {
        return produced;
    }
}
