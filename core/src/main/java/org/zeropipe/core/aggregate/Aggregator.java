package org.zeropipe.core.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeropipe.core.Format;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.CapsExplainer;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AcceptCapsQuery;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.DurationQuery;
import org.zeropipe.core.query.LatencyQuery;
import org.zeropipe.core.query.PositionQuery;
import org.zeropipe.core.query.Query;

/**
 * N sink pads, one source pad (GStreamer's {@code GstAggregator}, simplified; see
 * {@code docs/aggregator.md}). Request pads {@code sink_%u} each queue what upstream sends
 * (bounded: a full pad blocks its upstream thread); the source pad's own task waits until every
 * pad that has not ended holds a buffer — or, in a live pipeline in PLAYING, until the clock
 * passes the next output's running time plus the latency — and calls {@link #aggregate}, which
 * takes buffers from the pads ({@link AggregatorPad#popBuffer}) and pushes its output with
 * {@link #finishBuffer}. EOS goes out when every pad has ended.
 *
 * <p>Events from upstream are applied in stream order by the task ({@link #sinkEvent} sees
 * them); a caps change on any pad renegotiates the output ({@link #negotiatedSrcCaps}). A
 * flushing seek arriving at the source pad goes upstream through every sink pad; the first
 * flush-start that comes back goes downstream, and one flush-stop when every pad flushed.
 * Latency: the largest upstream minimum plus {@code latency} (and {@link #ownLatency()}).
 *
 * <p>Threads: upstream threads only enqueue (under one monitor, {@link #lock}); everything
 * else runs on the task. Deactivation and flushes wake every wait, so nothing hangs at shutdown.
 */
public abstract class Aggregator extends Element {

    /** The usual request sink template name. */
    public static final String SINK_TEMPLATE = "sink_%u";

    protected final Pad srcPad;
    private final PadTemplate sinkTemplate;
    private final Property<Long> latency;
    private final AtomicInteger padCounter = new AtomicInteger();

    // The monitor every wait uses: upstream threads waiting for room, the task waiting for data.
    private final Object lock = new Object();
    private FlowReturn srcResult = FlowReturn.FLUSHING;
    private boolean flushSeeking;
    private boolean flushStartSent;
    private Event.Seek pendingSeek;
    private boolean playing;
    private boolean live;
    private long upstreamLatency;
    private boolean srcCapsStale = true;

    // Task thread only (and the state change, with the task stopped).
    private boolean streamStarted;
    private boolean segmentPending = true;
    private volatile Segment srcSegment = Segment.of(Format.TIME);
    private volatile long position = ClockTime.NONE;
    private volatile Negotiation negotiation;
    private volatile Caps srcCaps;

    @SuppressWarnings("this-escape")
    protected Aggregator(String name, PadTemplate sinkTemplate, PadTemplate srcTemplate) {
        super(name);
        if (sinkTemplate.presence() != PadPresence.REQUEST || sinkTemplate.direction() != PadDirection.SINK) {
            throw new IllegalArgumentException("an aggregator's sink template must be a REQUEST sink template, not "
                    + sinkTemplate);
        }
        this.sinkTemplate = sinkTemplate;
        srcPad = Pad.fromTemplate(srcTemplate);
        addPad(srcPad);
        latency = declare(PropertySpec.ofLong("latency", 0, 0, Long.MAX_VALUE,
                "extra latency in live mode: how long to wait for late inputs (ns)"));
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(sinkTemplate, srcPad.template());
    }

    // ---------------------------------------------------------------------------------------
    // Hooks

    /** Makes a sink pad; subclasses return their own {@link AggregatorPad} with its properties. */
    protected AggregatorPad createPad(String padName, PadTemplate template) {
        return new AggregatorPad(padName, template);
    }

    /**
     * Makes the next output from the pads' buffers and pushes it with {@link #finishBuffer}. Runs on
     * the task when every pad that has not ended holds a buffer, or, with {@code timeout}, when a
     * live deadline passed (some pads may have none). May also return OK without output after
     * dropping or taking buffers it did not need: the task then waits for data again.
     */
    protected abstract FlowReturn aggregate(boolean timeout);

    /**
     * Sees an event of a sink pad when it reaches the head of the pad's queue (in stream order,
     * on the task): stream-start, caps, segment, gap, EOS. The pad already applied it.
     */
    protected void sinkEvent(AggregatorPad pad, Event event) {
    }

    /** The caps a sink pad accepts (a caps query there); default: its template caps. */
    protected Caps sinkCaps(AggregatorPad pad, Caps filter) {
        Caps t = pad.templateCaps();
        return filter == null ? t : filter.intersect(t, IntersectMode.FIRST);
    }

    /** The caps the source pad can produce (a caps query there); default: its template caps. */
    protected Caps srcCaps(Caps filter) {
        Caps t = srcPad.templateCaps();
        return filter == null ? t : filter.intersect(t, IntersectMode.FIRST);
    }

    /**
     * Chooses the output caps from what downstream accepts ({@code downstream}, already within
     * {@link #srcCaps}); returns fixed caps, or {@code null} when the inputs do not say enough yet
     * (the task waits for more). Default: {@code downstream.fixate()}.
     */
    protected Caps negotiatedSrcCaps(Caps downstream) {
        return downstream.fixate();
    }

    /** Called with the output caps before they go downstream; false refuses them. */
    protected boolean setSrcCaps(Caps caps) {
        return true;
    }

    /**
     * Decides the output allocation from downstream's answer. Default: {@link Negotiation#decide}
     * with a pool of our own of {@link #outputSize} bytes when downstream proposed none.
     */
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        Negotiation n = answered ? Negotiation.decide(caps, query) : Negotiation.defaults(caps);
        return n.withOwnPool(name() + ":pool", outputSize(caps));
    }

    /** The size of an output buffer for {@code caps}, -1 (default) when unknown. */
    protected long outputSize(Caps caps) {
        return -1;
    }

    /** Answers an ALLOCATION query from upstream at {@code pad} (add metas, pools); default: nothing. */
    protected boolean proposeAllocation(AggregatorPad pad, AllocationQuery query) {
        return true;
    }

    /** Latency the subclass adds (data it holds back), in ns; default 0. */
    protected long ownLatency() {
        return 0;
    }

    /** Buffers a sink pad queues before blocking upstream; default 2. */
    protected int queueLimit() {
        return 2;
    }

    /**
     * The running time the next output starts at (its live deadline is that plus the latency),
     * NONE when unknown. Default: the end of the last output, or the segment's start.
     */
    protected long nextOutputRunningTime() {
        long p = position;
        Segment s = srcSegment;
        return s.toRunningTime(p == ClockTime.NONE ? s.start() : p);
    }

    /**
     * Whether output may still be owed once every pad ended (a video aggregator's last frames
     * cover later output times): the task then calls {@link #aggregate} until it returns EOS.
     * Default false: EOS as soon as every pad ended.
     */
    protected boolean outputAfterEos() {
        return false;
    }

    /** Forgets per-stream state: called on a flushing seek and going PAUSED→READY (task stopped). */
    protected void reset() {
    }

    // ---------------------------------------------------------------------------------------
    // For subclasses

    /** The active sink pads, in the order requested (a snapshot). */
    protected final List<AggregatorPad> aggregatorPads() {
        List<AggregatorPad> r = new ArrayList<>();
        for (Pad p : sinkPads()) {
            if (p instanceof AggregatorPad a && p.isActive()) {
                r.add(a);
            }
        }
        return r;
    }

    /** The output segment (TIME; a flushing seek's range after one). */
    protected final Segment srcSegment() {
        return srcSegment;
    }

    /** The end of the last output pushed (segment time), NONE before the first. */
    protected final long position() {
        return position;
    }

    /** The negotiated output caps, or {@code null}. */
    protected final Caps outputCaps() {
        return srcCaps;
    }

    /** Whether upstream is live (from the last latency query). */
    public final boolean isLive() {
        synchronized (lock) {
            return live;
        }
    }

    /** The latency the live deadline waits for: upstream's minimum plus ours. */
    public final long latency() {
        synchronized (lock) {
            return upstreamLatency + latency.get() + ownLatency();
        }
    }

    /** An output buffer from the decided pool or allocator; {@code null} while flushing. */
    protected final Buffer allocateOutputBuffer(long size) {
        Negotiation n = negotiation;
        return n == null ? Buffer.allocate(size) : n.allocate(size);
    }

    /**
     * Pushes an output buffer (hands it over): the segment first if it is new, then the buffer;
     * remembers its end as the position.
     */
    protected final FlowReturn finishBuffer(Buffer buffer) {
        pushSegmentIfPending();
        long pts = buffer.pts();
        if (pts != ClockTime.NONE) {
            long d = buffer.duration();
            position = d == ClockTime.NONE ? pts : pts + d;
        }
        return srcPad.push(buffer);
    }

    private void pushSegmentIfPending() {
        if (segmentPending) {
            segmentPending = false;
            srcPad.pushEvent(new Event.SegmentEvent(srcSegment));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Request pads

    @Override
    public Pad requestPad(String templateName) {
        return requestPad(templateName, null);
    }

    /** As {@code Tee}: a name takes that index if free; automatic names skip taken ones. */
    @Override
    public synchronized Pad requestPad(String templateName, String padName) {
        if (!sinkTemplate.nameTemplate().equals(templateName)) {
            throw new IllegalArgumentException(factoryName() + " has no request template " + templateName + "; use "
                    + sinkTemplate.nameTemplate());
        }
        AggregatorPad pad = createPad(sinkTemplate.newRequestPadName(this, padName, padCounter), sinkTemplate);
        pad.attach(lock);
        addPad(pad); // activates it when we are running
        synchronized (lock) {
            srcCapsStale = true;
            lock.notifyAll();
        }
        return pad;
    }

    @Override
    public void releaseRequestPad(Pad pad) {
        super.releaseRequestPad(pad); // unlinks and deactivates (upstream leaves the pad first)
        synchronized (lock) {
            if (pad instanceof AggregatorPad a) {
                a.reset(true);
            }
            srcCapsStale = true;
            lock.notifyAll(); // the task may have waited for this pad only
        }
    }

    // ---------------------------------------------------------------------------------------
    // States and activation

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        switch (transition) {
            case READY_TO_PAUSED -> {
                streamStarted = false;
                segmentPending = true;
                srcSegment = Segment.of(Format.TIME);
                position = ClockTime.NONE;
                srcCaps = null;
                synchronized (lock) {
                    srcCapsStale = true;
                    flushSeeking = false;
                }
            }
            case PAUSED_TO_PLAYING -> {
                queryUpstreamLatency();
                setPlaying(true);
            }
            case PLAYING_TO_PAUSED -> setPlaying(false);
            default -> {
            }
        }
        StateChangeReturn r = super.changeState(transition);
        if (transition == StateChange.PAUSED_TO_READY) {
            Negotiation n = negotiation;
            negotiation = null;
            if (n != null) {
                n.release();
            }
            reset();
        }
        return r;
    }

    private void setPlaying(boolean p) {
        synchronized (lock) {
            playing = p;
            lock.notifyAll();
        }
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        synchronized (lock) {
            if (pad == srcPad) {
                srcResult = active ? FlowReturn.OK : FlowReturn.FLUSHING;
            } else if (pad instanceof AggregatorPad a) {
                a.reset(!active);
                if (!active) {
                    a.clearCaps();
                }
                a.setFlushStopPending(false);
            }
            lock.notifyAll();
        }
        if (active && pad == srcPad) {
            srcPad.startTask(this::loop);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Upstream threads: data and events into the pads' queues

    @Override
    protected FlowReturn chain(Pad pad, Buffer buffer) {
        AggregatorPad a = (AggregatorPad) pad;
        synchronized (lock) {
            while (true) {
                FlowReturn refuse = a.flushing() ? FlowReturn.FLUSHING
                        : srcResult != FlowReturn.OK && !flushSeeking ? srcResult
                        : a.eosQueued() ? FlowReturn.EOS : null;
                if (refuse != null) {
                    buffer.unref();
                    return refuse;
                }
                if (a.queuedBuffers() < queueLimit()) {
                    break;
                }
                awaitChange(0);
            }
            a.enqueue(buffer);
            lock.notifyAll();
            return FlowReturn.OK;
        }
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == srcPad) {
            return switch (event) {
                case Event.Seek s -> seek(s);
                case Event.Reconfigure r -> true; // the pad flagged itself; the task renegotiates
                default -> forwardEvent(pad, event);
            };
        }
        AggregatorPad a = (AggregatorPad) pad;
        return switch (event) {
            case Event.FlushStart f -> flushStart(a);
            case Event.FlushStop f -> flushStop(a);
            case Event.Gap g -> chain(a, gapBuffer(g)) == FlowReturn.OK;
            default -> {
                if (!event.isSerialized()) {
                    yield forwardEvent(pad, event);
                }
                synchronized (lock) {
                    if (a.flushing()) {
                        yield false;
                    }
                    a.enqueue(event);
                    lock.notifyAll();
                }
                yield true;
            }
        };
    }

    /**
     * A GAP counts as data (gst_aggregator_default_sink_event): an empty buffer flagged GAP
     * over its span, queued like any buffer, so a pad that only sends gaps does not stall
     * the output. Subclasses show nothing for it.
     */
    private static Buffer gapBuffer(Event.Gap g) {
        Buffer b = Buffer.create();
        b.setPts(g.timestamp());
        b.setDuration(g.duration());
        b.setFlag(BufferFlag.GAP);
        b.setFlag(BufferFlag.DROPPABLE);
        return b;
    }

    /**
     * A flushing seek goes upstream through every linked sink pad; each upstream flushes its
     * pad, and {@link #flushStart}/{@link #flushStop} send one flush each way downstream.
     */
    private boolean seek(Event.Seek s) {
        List<AggregatorPad> pads = aggregatorPads();
        if (s.flush()) {
            synchronized (lock) {
                flushSeeking = true;
                flushStartSent = false;
                pendingSeek = s;
                for (AggregatorPad a : pads) {
                    a.setFlushStopPending(a.isLinked());
                }
            }
        }
        boolean all = !pads.isEmpty();
        for (AggregatorPad a : pads) {
            boolean ok = a.pushEvent(s);
            all &= ok;
            if (!ok && s.flush()) {
                flushStop(a); // no flush will come from there: do not wait for it
            }
        }
        if (s.flush() && pads.isEmpty()) {
            synchronized (lock) { // no pad at all: nothing will end the seek
                flushSeeking = false;
                pendingSeek = null;
            }
        }
        return all;
    }

    private boolean flushStart(AggregatorPad a) {
        boolean forward;
        synchronized (lock) {
            a.reset(true);
            forward = flushSeeking && !flushStartSent;
            if (forward) {
                flushStartSent = true;
                srcResult = FlowReturn.FLUSHING;
            }
            lock.notifyAll();
        }
        if (forward) {
            srcPad.pushEvent(new Event.FlushStart());
            srcPad.pauseTask();
        }
        return true;
    }

    private boolean flushStop(AggregatorPad a) {
        boolean last;
        boolean flushed;
        Event.Seek s;
        synchronized (lock) {
            if (a.isActive() && a.flushing()) {
                a.reset(false);
            }
            a.setFlushStopPending(false);
            last = flushSeeking && pendingSeek != null
                    && aggregatorPads().stream().noneMatch(AggregatorPad::flushStopPending);
            flushed = flushStartSent;
            s = pendingSeek;
            if (last) {
                pendingSeek = null; // one restart; flushSeeking stays until srcResult is OK again,
                if (!flushed) {     // else a pad already restarted upstream would get FLUSHING
                    flushSeeking = false;
                }
            }
        }
        // Only a seek that flushed us moves the output: when every upstream refused it no
        // flush-start came, the task still runs (maybe blocked in preroll holding the stream
        // lock), and the stream stays where it was.
        if (!last || !flushed) {
            return true;
        }
        srcPad.pauseTask();
        srcPad.streamLock().lock(); // the task has left its iteration
        try {
            srcPad.pushEvent(new Event.FlushStop(true));
            long start = Math.max(0, s.start());
            long stop = s.stop() >= start ? s.stop() : ClockTime.NONE;
            srcSegment = new Segment(Format.TIME, s.rate(), start, stop, start, 0, start);
            segmentPending = true;
            position = ClockTime.NONE;
            reset();
            synchronized (lock) {
                if (srcPad.isActive()) {
                    srcResult = FlowReturn.OK;
                }
                flushSeeking = false;
                lock.notifyAll();
            }
        } finally {
            srcPad.streamLock().unlock();
        }
        srcPad.startTask(this::loop); // nothing if we were deactivated meanwhile
        return true;
    }

    // ---------------------------------------------------------------------------------------
    // Queries

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (pad == srcPad) {
            return switch (query) {
                case CapsQuery q -> {
                    q.setResult(srcCaps(q.filter()));
                    yield true;
                }
                case LatencyQuery q -> {
                    queryUpstreamLatency(q);
                    yield true;
                }
                case PositionQuery q when q.format() == Format.TIME -> {
                    long p = position;
                    if (p == ClockTime.NONE) {
                        yield false;
                    }
                    q.setResult(srcSegment.toStreamTime(p));
                    yield true;
                }
                case DurationQuery q -> longestUpstreamDuration(q);
                default -> forwardQuery(pad, query);
            };
        }
        AggregatorPad a = (AggregatorPad) pad;
        return switch (query) {
            case CapsQuery q -> {
                q.setResult(sinkCaps(a, q.filter()));
                yield true;
            }
            case AcceptCapsQuery q -> {
                q.setResult(q.caps().isSubsetOf(sinkCaps(a, null)));
                yield true;
            }
            case AllocationQuery q -> proposeAllocation(a, q);
            default -> srcPad.peerQuery(query);
        };
    }

    /** The largest upstream duration (an aggregate lasts as long as its longest input). */
    private boolean longestUpstreamDuration(DurationQuery q) {
        long longest = ClockTime.NONE;
        for (AggregatorPad a : aggregatorPads()) {
            DurationQuery each = new DurationQuery(q.format());
            if (a.peerQuery(each) && each.duration() != ClockTime.NONE) {
                longest = Math.max(longest, each.duration());
            }
        }
        if (longest == ClockTime.NONE) {
            return false;
        }
        q.setResult(longest);
        return true;
    }

    private void queryUpstreamLatency() {
        queryUpstreamLatency(new LatencyQuery());
    }

    /**
     * Asks every upstream (gst_aggregator_query_latency_unlocked): live if any is, the largest
     * minimum, the smallest maximum; then adds ours. Remembers live and the minimum for the
     * live deadline.
     */
    private void queryUpstreamLatency(LatencyQuery q) {
        boolean anyLive = false;
        long min = 0;
        long max = ClockTime.NONE;
        for (AggregatorPad a : aggregatorPads()) {
            LatencyQuery each = new LatencyQuery();
            if (a.peerQuery(each) && each.live()) {
                anyLive = true;
                min = Math.max(min, each.min());
                if (each.max() != ClockTime.NONE) {
                    max = max == ClockTime.NONE ? each.max() : Math.min(max, each.max());
                }
            }
        }
        synchronized (lock) {
            live = anyLive;
            upstreamLatency = min;
            lock.notifyAll();
        }
        q.setResult(anyLive, min, max);
        q.add(latency.get() + ownLatency());
    }

    // ---------------------------------------------------------------------------------------
    // The task

    private enum Readiness { WAIT, READY, ALL_ENDED }

    private void loop() {
        if (!streamStarted) {
            srcPad.pushEvent(new Event.StreamStart(name() + "-" + Integer.toHexString(System.identityHashCode(this))));
            streamStarted = true;
        }
        List<AggregatorPad.PadEvent> events = new ArrayList<>();
        Readiness ready;
        boolean timeout = false;
        boolean renegotiate;
        synchronized (lock) {
            while (true) {
                if (srcResult != FlowReturn.OK) {
                    srcPad.pauseTask();
                    return;
                }
                for (AggregatorPad a : aggregatorPads()) {
                    a.takeHeadEvents(events);
                }
                if (!events.isEmpty()) {
                    ready = Readiness.WAIT;
                    break;
                }
                ready = readiness();
                if (ready != Readiness.WAIT) {
                    break;
                }
                long waitNs = liveWait();
                if (waitNs == 0) {
                    timeout = true;
                    break;
                }
                awaitChange(waitNs);
            }
            renegotiate = srcCapsStale;
            srcCapsStale = false;
        }
        if (!events.isEmpty()) {
            for (AggregatorPad.PadEvent pe : events) {
                if (pe.event() instanceof Event.CapsEvent) {
                    renegotiate = true;
                }
                sinkEvent(pe.pad(), pe.event());
            }
            if (renegotiate) {
                markCapsStale();
            }
            return; // the next iteration looks at the data behind them
        }
        if (ready == Readiness.ALL_ENDED && !outputAfterEos()) {
            stopFlow(FlowReturn.EOS);
            return;
        }
        if (renegotiate || srcPad.checkReconfigure() || srcCaps == null) {
            FlowReturn n = negotiate();
            if (n == null && ready == Readiness.ALL_ENDED) {
                stopFlow(FlowReturn.EOS); // the inputs ended before saying what they are
                return;
            }
            if (n == null) {
                AggregatorPad uncapped = ready == Readiness.READY ? padWithDataButNoCaps() : null;
                if (uncapped != null) {
                    postError(factoryName() + " " + name() + ": not negotiated: " + uncapped.fullName()
                            + " got a buffer but no caps event before it (no caps)", null, null);
                    stopFlow(FlowReturn.NOT_NEGOTIATED);
                    return;
                }
                markCapsStale();
                waitForInput(ready);
                return;
            }
            if (n != FlowReturn.OK) {
                stopFlow(n);
                return;
            }
        }
        FlowReturn r = aggregate(timeout);
        if (r != FlowReturn.OK) {
            stopFlow(r);
        }
    }

    private void markCapsStale() {
        synchronized (lock) {
            srcCapsStale = true;
        }
    }

    /**
     * Waits until something changes (the inputs cannot tell the output caps yet): an event at
     * a pad's head, other readiness than {@code seen}, or a stop. Checked under the lock in a
     * loop: a change that came after the task looked, before it waits, is not missed.
     */
    private void waitForInput(Readiness seen) {
        synchronized (lock) {
            while (srcResult == FlowReturn.OK && readiness() == seen
                    && aggregatorPads().stream().noneMatch(AggregatorPad::hasHeadEvent)) {
                awaitChange(0);
            }
        }
    }

    /** A pad whose head buffer came without any caps event (nothing can say what it is). */
    private AggregatorPad padWithDataButNoCaps() {
        for (AggregatorPad a : aggregatorPads()) {
            if (a.hasBuffer() && a.caps() == null) {
                return a;
            }
        }
        return null;
    }

    /** Every active pad holds a buffer or has ended; all ended (with at least one pad). */
    private Readiness readiness() {
        List<AggregatorPad> pads = aggregatorPads();
        if (pads.isEmpty()) {
            return Readiness.WAIT;
        }
        boolean allEnded = true;
        boolean allReady = true;
        for (AggregatorPad a : pads) {
            boolean ended = a.eosReached() && a.queuedBuffers() == 0;
            allEnded &= ended;
            allReady &= ended || a.hasBuffer();
        }
        return allEnded ? Readiness.ALL_ENDED : allReady ? Readiness.READY : Readiness.WAIT;
    }

    /**
     * In a live pipeline in PLAYING: nanoseconds until the next output's deadline (its running
     * time plus the latency, on the clock), 0 when it passed; -1 (wait for data) otherwise.
     */
    private long liveWait() {
        if (!live || !playing) {
            return -1;
        }
        Clock c = clock();
        long rt = nextOutputRunningTime();
        if (c == null || rt == ClockTime.NONE) {
            return -1;
        }
        long deadline = baseTime() + rt + upstreamLatency + latency.get() + ownLatency();
        return Math.max(0, deadline - c.time());
    }

    /** Waits on the monitor (held): until notified, or at most {@code ns} when positive. */
    private void awaitChange(long ns) {
        try {
            if (ns > 0) {
                lock.wait(ns / 1_000_000, (int) (ns % 1_000_000));
            } else {
                lock.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Output caps: what downstream accepts within {@link #srcCaps}, chosen by
     * {@link #negotiatedSrcCaps}, then the caps event and the allocation query.
     * {@code null} when the inputs do not tell the caps yet.
     */
    private FlowReturn negotiate() {
        Caps ours = srcCaps(null);
        Caps peer = srcPad.peerQueryCaps(ours);
        if (peer.isEmpty()) {
            postError(CapsExplainer.explainNegotiation(srcPad, ours, srcPad.peer(), srcPad.peerQueryCaps(null)),
                    null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        Caps caps = negotiatedSrcCaps(peer.isAny() ? ours : peer);
        if (caps == null) {
            return null;
        }
        if (caps.isEmpty() || !caps.isFixed()) {
            postError("not-negotiated at " + srcPad.fullName() + ": could not choose output caps from " + peer,
                    null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        if (caps.equals(srcCaps) && negotiation != null) {
            return FlowReturn.OK;
        }
        if (!setSrcCaps(caps)) {
            postError("not-negotiated at " + srcPad.fullName() + ": " + name() + " refused output caps " + caps,
                    null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        if (!srcPad.pushEvent(new Event.CapsEvent(caps))) {
            if (srcPad.isFlushing()) {
                return FlowReturn.FLUSHING;
            }
            Pad p = srcPad.peer();
            postError(CapsExplainer.explainNegotiation(srcPad, caps, p, p == null ? Caps.EMPTY : p.queryCaps(null)),
                    null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        srcCaps = caps;
        AllocationQuery q = new AllocationQuery(caps, true);
        boolean answered = srcPad.peerQuery(q);
        Negotiation old = negotiation;
        negotiation = decideAllocation(caps, q, answered);
        if (old != null && old.pool() != negotiation.pool()) {
            old.release();
        }
        return FlowReturn.OK;
    }

    /** Pauses the task; on EOS and fatal flows sends EOS (fatal ones other than ERROR say why). */
    private void stopFlow(FlowReturn r) {
        synchronized (lock) {
            if (srcResult == FlowReturn.OK) {
                srcResult = r;
            }
            lock.notifyAll(); // upstream threads blocked on a full pad see why
        }
        srcPad.pauseTask();
        if (r == FlowReturn.FLUSHING) {
            return;
        }
        if (r.isFatal() && r != FlowReturn.ERROR) {
            postError("internal data stream error in " + name() + ": streaming stopped, reason "
                    + r.name().toLowerCase().replace('_', '-'), "flow " + r + " on " + srcPad.fullName(), null);
        }
        if (r == FlowReturn.EOS || r.isFatal()) {
            pushSegmentIfPending();
            srcPad.pushEvent(new Event.Eos());
        }
    }
}
