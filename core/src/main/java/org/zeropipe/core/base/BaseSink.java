package org.zeropipe.core.base;

import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Clock;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.Format;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.LatencyQuery;
import org.zeropipe.core.query.PositionQuery;
import org.zeropipe.core.query.Query;

/**
 * Base class of sinks (GStreamer's {@code GstBaseSink}): one sink pad, preroll, clock sync.
 *
 * <p><b>Preroll.</b> Going READY→PAUSED the sink answers ASYNC: the state completes when the
 * first buffer (or a gap, or EOS) arrives; the sink then commits PAUSED and blocks its
 * streaming thread until PLAYING, a flush or deactivation. Going PLAYING→PAUSED it loses its
 * preroll and is ASYNC again until the next buffer (unless it saw EOS).
 *
 * <p><b>Sync.</b> In PLAYING, with {@code sync=true}, each buffer waits on the clock until
 * {@code baseTime + runningTime(pts)}; a buffer later than {@code max-lateness} (ns, -1:
 * never) is dropped and, with {@code qos=true}, a QOS message says so. Flushes and state
 * changes unschedule the wait. EOS is posted as a message once the sink has rendered up to it.
 *
 * <p>{@link #render} borrows the buffer; the base class releases it afterwards.
 */
public abstract class BaseSink extends Element {

    protected final Pad sinkPad;
    private final Property<Boolean> sync;
    private final Property<Long> maxLateness;
    private final Property<Boolean> qos;
    private final Property<Boolean> async;
    private final Property<Long> renderDelay;

    private final ReentrantLock prerollLock = new ReentrantLock();
    private final Condition prerollCond = prerollLock.newCondition();
    // Written under prerollLock; volatile so that a buffer in PLAYING without clock sync (the
    // usual fakesink case) passes without taking the lock.
    private volatile boolean playing;
    private volatile boolean needPreroll;
    private boolean eos;
    private Clock.ClockId clockId;
    private volatile Segment segment = Segment.of(Format.TIME);
    private volatile long latency;
    private volatile long lastPosition = ClockTime.NONE;
    private volatile long rendered; // written by the streaming thread only (or with it stopped)
    private long dropped;

    // Pads and properties are registered with this element while it is built; nothing calls
    // back into the subclass before its constructor ran, except factoryName() (a constant).
    @SuppressWarnings("this-escape")
    protected BaseSink(String name, PadTemplate sinkTemplate, boolean defaultSync) {
        super(name);
        sinkPad = Pad.fromTemplate(sinkTemplate);
        addPad(sinkPad);
        sync = declare(PropertySpec.ofBoolean("sync", defaultSync, "render buffers at their time on the clock"));
        maxLateness = declare(PropertySpec.ofLong("max-lateness", -1, -1, Long.MAX_VALUE,
                "drop buffers later than this many ns, -1 to render all"));
        qos = declare(PropertySpec.ofBoolean("qos", false,
                "QOS events upstream per synced buffer, QOS messages on drops"));
        async = declare(PropertySpec.ofBoolean("async", true, "go to PAUSED asynchronously (preroll)"));
        renderDelay = declare(PropertySpec.ofLong("render-delay", 0, 0, Long.MAX_VALUE,
                "ns a buffer takes from render to being seen; added to the latency"));
    }

    @Override
    public boolean isSink() {
        return true;
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(sinkPad.template());
    }

    /** Renders a buffer (borrowed) on the streaming thread. */
    protected abstract FlowReturn render(Buffer buffer);

    /** Sees the preroll buffer (borrowed) in PAUSED, before blocking; default: nothing. */
    protected FlowReturn preroll(Buffer buffer) {
        return FlowReturn.OK;
    }

    /** Accepts caps from a caps event; false refuses them (NOT_NEGOTIATED upstream). */
    protected boolean setCaps(Caps caps) {
        return true;
    }

    /** Answers an ALLOCATION query from upstream; default: not answered. */
    protected boolean proposeAllocation(AllocationQuery query) {
        return false;
    }

    /** Opens resources (READY→PAUSED); false fails the state change. */
    protected boolean start() {
        return true;
    }

    /** Closes resources (PAUSED→READY). */
    protected void stop() {
    }

    /** Called after EOS was handled (before the EOS message). */
    protected void onEos() {
    }

    /** Buffers rendered since READY→PAUSED. */
    public final long rendered() {
        return rendered;
    }

    /** Buffers dropped as too late. */
    public final long droppedCount() {
        prerollLock.lock();
        try {
            return dropped;
        } finally {
            prerollLock.unlock();
        }
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        StateChangeReturn ret = StateChangeReturn.SUCCESS;
        switch (transition) {
            case READY_TO_PAUSED -> {
                if (!start()) {
                    return StateChangeReturn.FAILURE;
                }
                prerollLock.lock();
                try {
                    playing = false;
                    needPreroll = true;
                    eos = false;
                    rendered = 0;
                    dropped = 0;
                } finally {
                    prerollLock.unlock();
                }
                segment = Segment.of(Format.TIME);
                qosReady = ClockTime.NONE;
                qosProportion = -1;
                if (async.get()) {
                    ret = StateChangeReturn.ASYNC;
                }
            }
            case PAUSED_TO_PLAYING -> {
                prerollLock.lock();
                try {
                    playing = true;
                    needPreroll = false;
                    prerollCond.signalAll();
                } finally {
                    prerollLock.unlock();
                }
            }
            case PLAYING_TO_PAUSED -> {
                prerollLock.lock();
                try {
                    playing = false;
                    unscheduleLocked();
                    if (!eos && async.get()) {
                        needPreroll = true;
                        ret = StateChangeReturn.ASYNC;
                    }
                } finally {
                    prerollLock.unlock();
                }
            }
            default -> {
            }
        }
        StateChangeReturn r = super.changeState(transition);
        if (r == StateChangeReturn.FAILURE) {
            return r;
        }
        if (transition == StateChange.PAUSED_TO_READY) {
            stop();
        }
        return ret;
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        if (!active) {
            prerollLock.lock();
            try {
                unscheduleLocked();
                prerollCond.signalAll();
            } finally {
                prerollLock.unlock();
            }
        }
    }

    private void unscheduleLocked() {
        if (clockId != null) {
            clockId.unschedule();
        }
    }

    @Override
    protected final FlowReturn chain(Pad pad, Buffer buffer) {
        try {
            droppedLate = false;
            // PLAYING without clock sync there is nothing to wait for: skip the locks. A state
            // change racing this check is as if the buffer had come just before it.
            FlowReturn r = playing && !needPreroll && !sync.get() && !sinkPad.isFlushing() ? FlowReturn.OK
                    : waitPrerollAndSync(buffer, true);
            if (r == FlowReturn.OK && !droppedLate) {
                r = render(buffer);
                lastPosition = buffer.pts();
                rendered = rendered + 1;
            }
            return r;
        } finally {
            buffer.unref();
        }
    }

    // Set by waitPrerollAndSync (streaming thread only): the buffer was too late; drop it, flow on.
    private boolean droppedLate;

    /**
     * Prerolls if needed (commit PAUSED, wait for PLAYING) and waits for the clock.
     * Returns OK to render (or to drop, with {@link #droppedLate} set, when too late),
     * FLUSHING when woken by a flush or a stop, or what the preroll hook returned.
     */
    private FlowReturn waitPrerollAndSync(Buffer buffer, boolean isBuffer) {
        long rt;
        Clock clock;
        while (true) {
            boolean commit = false;
            prerollLock.lock();
            try {
                if (sinkPad.isFlushing()) {
                    return FlowReturn.FLUSHING;
                }
                if (needPreroll) {
                    needPreroll = false;
                    commit = true;
                }
            } finally {
                prerollLock.unlock();
            }
            if (commit) {
                if (isBuffer) {
                    FlowReturn pr = preroll(buffer);
                    if (pr != FlowReturn.OK) {
                        return pr;
                    }
                }
                commitAsync();
            }
            prerollLock.lock();
            try {
                while (!playing && !sinkPad.isFlushing() && !needPreroll) {
                    prerollCond.awaitUninterruptibly();
                }
                if (sinkPad.isFlushing()) {
                    return FlowReturn.FLUSHING;
                }
                if (needPreroll) {
                    continue; // PLAYING→PAUSED happened while we waited: preroll again
                }
                if (buffer == null || !sync.get()) {
                    return FlowReturn.OK;
                }
                rt = segment.toRunningTime(buffer.pts());
                clock = clock();
                if (rt == ClockTime.NONE || clock == null) {
                    return FlowReturn.OK;
                }
                // Rendered latency after its running time, minus the time rendering takes.
                long rdelay = renderDelay.get();
                long at = rt + latency;
                clockId = clock.newSingleShotId((at > rdelay ? at - rdelay : 0) + baseTime());
            } finally {
                prerollLock.unlock();
            }
            boolean withQos = qos.get();
            long arrived = withQos ? clock.time() : ClockTime.NONE;
            Clock.WaitResult w = clockId.await();
            long jitter = clockId.jitter();
            prerollLock.lock();
            try {
                clockId = null;
                if (w == Clock.WaitResult.UNSCHEDULED) {
                    if (sinkPad.isFlushing()) {
                        return FlowReturn.FLUSHING;
                    }
                    continue; // paused during the wait: preroll again, then wait again
                }
                long ml = maxLateness.get();
                if (w == Clock.WaitResult.EARLY && ml >= 0 && jitter > ml) {
                    dropped++;
                    if (withQos) {
                        long pts = buffer.pts();
                        postMessage(new Message.Qos(this, false, rt, segment.toStreamTime(pts),
                                pts, buffer.duration(), jitter, rendered, dropped));
                    }
                    droppedLate = true;
                }
            } finally {
                prerollLock.unlock();
            }
            if (withQos) {
                sendQos(clock, rt, jitter, arrived, buffer.duration()); // outside our lock: it goes upstream
            }
            return FlowReturn.OK;
        }
    }

    // QoS bookkeeping, streaming thread only: when the sink was last ready for data (clock time)
    // and the running average of upstream's processing time per buffer duration.
    private long qosReady = ClockTime.NONE;
    private double qosProportion = -1;

    /**
     * Tells upstream how late this buffer was and how fast upstream keeps up (a simplified
     * {@code gst_base_sink_perform_qos}): the proportion is the average, over the last buffers
     * (weight 1/8), of the time upstream took to deliver a buffer (from the sink being ready to
     * the buffer arriving) divided by its duration; above 1 upstream is too slow.
     */
    private void sendQos(Clock clock, long rt, long jitter, long arrived, long duration) {
        if (qosReady != ClockTime.NONE && duration != ClockTime.NONE && duration > 0) {
            double sample = Math.max(0, arrived - qosReady) / (double) duration;
            qosProportion = qosProportion < 0 ? sample : (7 * qosProportion + sample) / 8;
        }
        sinkPad.pushEvent(new Event.Qos(qosProportion < 0 ? 1.0 : qosProportion, jitter, rt));
        qosReady = clock.time();
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        switch (event) {
            case Event.CapsEvent c -> {
                return setCaps(c.caps());
            }
            case Event.SegmentEvent s -> {
                segment = s.segment();
                return true;
            }
            case Event.StreamStart s -> {
                postMessage(new Message.StreamStart(this));
                return true;
            }
            case Event.Gap g -> {
                FlowReturn r = waitPrerollAndSync(null, false);
                return r == FlowReturn.OK;
            }
            case Event.Eos e -> {
                prerollLock.lock();
                try {
                    eos = true;
                } finally {
                    prerollLock.unlock();
                }
                FlowReturn r = waitPrerollAndSync(null, false);
                if (r != FlowReturn.OK) {
                    return false;
                }
                onEos();
                postMessage(new Message.Eos(this));
                return true;
            }
            case Event.FlushStart f -> {
                prerollLock.lock();
                try {
                    unscheduleLocked();
                    prerollCond.signalAll();
                } finally {
                    prerollLock.unlock();
                }
                return true;
            }
            case Event.FlushStop f -> {
                prerollLock.lock();
                try {
                    eos = false;
                    if (!playing) {
                        needPreroll = true;
                    }
                } finally {
                    prerollLock.unlock();
                }
                segment = Segment.of(Format.TIME);
                qosReady = ClockTime.NONE;
                qosProportion = -1;
                if (f.resetTime()) {
                    resetTime(); // the new segment's running time 0 is now
                }
                eosReset(); // whoever flushed, the pipeline's EOS waits for this sink again
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /** The segment being played (TIME, from the last SEGMENT event; the default after a flush). */
    protected final Segment segment() {
        return segment;
    }

    /** The latency the pipeline configured (ns): buffers render this long after their running time. */
    public final long latency() {
        return latency;
    }

    /** Takes the pipeline's latency event, then lets it travel upstream like any upstream event. */
    @Override
    public boolean sendEvent(Event event) {
        if (event instanceof Event.Latency l) {
            latency = l.latency();
        }
        return super.sendEvent(event) || event instanceof Event.Latency;
    }

    /**
     * The latency of the data this sink renders (gst_base_sink_query_latency): a sink that syncs
     * to the clock behind a live source is live, with upstream's latency plus its
     * {@code render-delay}; otherwise it does not influence the latency (not live, 0, unlimited).
     */
    private boolean queryLatency(LatencyQuery q) {
        if (!sinkPad.peerQuery(q)) {
            return false;
        }
        if (sync.get() && q.live()) {
            q.add(renderDelay.get());
        } else {
            q.setResult(false, 0, ClockTime.NONE);
        }
        return true;
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        return switch (query) {
            case AllocationQuery q -> proposeAllocation(q);
            case LatencyQuery q -> queryLatency(q);
            case PositionQuery q -> {
                long pos = lastPosition;
                if (q.format() != Format.TIME || pos == ClockTime.NONE) {
                    yield sinkPad.peerQuery(q); // upstream may know (bytes read, buffers made)
                }
                q.setResult(segment.toStreamTime(pos));
                yield true;
            }
            default -> super.handleQuery(pad, query);
        };
    }
}
