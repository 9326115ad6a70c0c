package org.zeropipe.core.base;

import java.util.List;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.Format;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.pipeline.CapsExplainer;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AcceptCapsQuery;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.LatencyQuery;
import org.zeropipe.core.query.Query;

/**
 * Base class of one-in, one-out filters (GStreamer's {@code GstBaseTransform}).
 *
 * <p><b>Modes.</b> <em>Passthrough</em>: the input buffer goes out unchanged (optionally seen by
 * {@link #transformInPlace} without writing). <em>In place</em>: the buffer is made writable
 * (a shallow copy if shared; memories are copied only when written, counted as copy-on-write
 * by the copy tracer under this element's name) and changed by {@link #transformInPlace}.
 * <em>Copying</em>: an output buffer is allocated as negotiated and filled by {@link #transform}.
 *
 * <p><b>Caps.</b> A caps query on one pad asks the peer of the other pad and maps the answer
 * through {@link #transformCaps}. A caps event on the sink pad picks output caps: the
 * transform of the input caps, intersected with what downstream accepts, fixated by
 * {@link #fixateCaps}; then {@link #setCaps} and a caps event downstream, then the ALLOCATION
 * query. When input and output caps are equal and {@link #passthroughOnSameCaps()}, the element
 * goes passthrough and forwards upstream's allocation query downstream instead of answering it.
 * A reconfigure from downstream makes the next buffer renegotiate.
 */
public abstract class BaseTransform extends Element {

    protected final Pad sinkPad;
    protected final Pad srcPad;
    private volatile Caps inCaps;
    private volatile Caps outCaps;
    private volatile boolean passthrough;
    private volatile Negotiation negotiation;
    private volatile AllocationQuery decideQuery; // what downstream answered for our output
    private final Property<Boolean> qos;
    // QoS: the input segment (for running times) and the earliest running time worth
    // processing, from the last QOS event (gstbasetransform.c's earliest_time); NONE: all.
    private volatile Segment inSegment = Segment.of(Format.TIME);
    private volatile long earliestTime = ClockTime.NONE;
    private long processed;
    private long dropped;

    // Pads and properties are registered with this element while it is built; nothing calls
    // back into the subclass before its constructor ran, except factoryName() (a constant).
    @SuppressWarnings("this-escape")
    protected BaseTransform(String name, PadTemplate sinkTemplate, PadTemplate srcTemplate) {
        super(name);
        sinkPad = Pad.fromTemplate(sinkTemplate);
        srcPad = Pad.fromTemplate(srcTemplate);
        addPad(sinkPad);
        addPad(srcPad);
        qos = declare(PropertySpec.ofBoolean("qos", false,
                "drop buffers a QOS event from downstream says are late anyway"));
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(sinkPad.template(), srcPad.template());
    }

    /**
     * The caps on the other side for {@code caps} on the {@code direction} side, restricted to
     * {@code filter} (may be null). Default: the same caps (the format does not change).
     */
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        return filter == null ? caps : filter.intersect(caps, IntersectMode.FIRST);
    }

    /** Fixates output caps {@code othercaps} for input {@code caps}; default: {@link Caps#fixate()}. */
    protected Caps fixateCaps(Caps caps, Caps othercaps) {
        return othercaps.fixate();
    }

    /** Told the negotiated caps; false refuses them. */
    protected boolean setCaps(Caps in, Caps out) {
        return true;
    }

    /** Whether equal input and output caps make the element passthrough (default true). */
    protected boolean passthroughOnSameCaps() {
        return true;
    }

    /** Whether {@link #transformInPlace} is used rather than {@link #transform} (default true). */
    protected boolean inPlace() {
        return true;
    }

    /** Whether a passthrough element still calls {@link #transformInPlace} (to look, not to write). */
    protected boolean transformInPlaceOnPassthrough() {
        return false;
    }

    /** Changes {@code buffer} (writable unless passthrough). */
    protected FlowReturn transformInPlace(Buffer buffer) {
        return FlowReturn.OK;
    }

    /** Fills {@code out} from {@code in} (copying mode); both borrowed. */
    protected FlowReturn transform(Buffer in, Buffer out) {
        throw new UnsupportedOperationException(factoryName() + " does not implement transform()");
    }

    /**
     * The output buffer for {@code in} in copying mode (GStreamer's
     * {@code prepare_output_buffer}), a reference the caller owns; {@code null} when the pool is
     * flushing. Default: a buffer of {@link #transformSize} bytes allocated as negotiated, with
     * {@code in}'s flags and timestamps. Returning {@code in} itself (a new reference to it)
     * sends the input on unchanged without calling {@link #transform}: a transfer element
     * whose input memory can also serve the output caps.
     */
    protected Buffer prepareOutputBuffer(Buffer in) {
        Negotiation n = negotiation;
        long size = transformSize(in.size());
        Buffer out = n == null ? Buffer.allocate(size) : n.allocate(size);
        if (out != null) {
            try {
                in.copyInto(out, java.util.EnumSet.of(BufferCopyFlag.FLAGS, BufferCopyFlag.TIMESTAMPS), 0, -1);
            } catch (RuntimeException e) {
                out.unref();
                throw e;
            }
        }
        return out;
    }

    /** Size of the output buffer for an input buffer of {@code inSize} bytes (copying mode). */
    protected long transformSize(long inSize) {
        return inSize;
    }

    /**
     * Answers upstream's ALLOCATION query when not passthrough. {@code decideQuery} is the
     * query this element sent downstream for its output (null before negotiation).
     * Default: in place, the buffer itself goes downstream, so downstream's answer is
     * upstream's answer (the query is forwarded); copying, the metas downstream accepts and
     * {@link #carriesMeta} are proposed, no pool (GStreamer's default_propose_allocation).
     */
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        if (inPlace()) {
            return srcPad.peerQuery(query);
        }
        if (decideQuery == null) {
            return false;
        }
        for (AllocationQuery.MetaProposal m : decideQuery.metas()) {
            if (carriesMeta(m.api())) {
                query.addMeta(m.api(), m.params());
            }
        }
        return true;
    }

    /** The latency this element adds, in ns: how long it holds data back (default 0). */
    protected long latency() {
        return 0;
    }

    /** Whether this element copies metas of {@code api} from input to output buffers (default: no). */
    protected boolean carriesMeta(org.zeropipe.core.meta.MetaApi api) {
        return false;
    }

    /**
     * Decides allocation of output buffers (copying mode) from downstream's answer. Default:
     * {@link Negotiation#decide}, and a pool of our own when downstream proposed no pool object
     * but a size, or {@link #bufferSize} knows one (GStreamer's
     * {@code default_decide_allocation}).
     */
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        Negotiation n = answered ? Negotiation.decide(caps, query) : Negotiation.defaults(caps);
        return n.withOwnPool(name() + ":pool", bufferSize(caps));
    }

    /**
     * The size of the output buffers for output caps {@code out}, so that a copying transform
     * can make a pool of its own; -1 (the default) when the caps do not say.
     */
    protected long bufferSize(Caps out) {
        return -1;
    }

    public final boolean isPassthrough() {
        return passthrough;
    }

    /** Forces passthrough on or off (e.g. identity, capsfilter). */
    protected final void setPassthrough(boolean on) {
        passthrough = on;
    }

    protected final Caps inputCaps() {
        return inCaps;
    }

    protected final Caps outputCaps() {
        return outCaps;
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        StateChangeReturn r = super.changeState(transition);
        if (transition == StateChange.READY_TO_PAUSED) {
            inSegment = Segment.of(Format.TIME);
            earliestTime = ClockTime.NONE;
            processed = 0;
            dropped = 0;
        }
        if (transition == StateChange.PAUSED_TO_READY) {
            inCaps = null;
            outCaps = null;
            setNegotiation(null);
        }
        return r;
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        return switch (query) {
            case CapsQuery q -> {
                Pad other = pad == sinkPad ? srcPad : sinkPad;
                Caps tmpl = pad.templateCaps();
                // What the other side's peer can do, mapped through the transform to this side.
                Caps otherFilter = q.filter() == null ? null
                        : transformCaps(pad.direction(), q.filter().intersect(tmpl, IntersectMode.FIRST), null);
                Caps peer = other.peerQueryCaps(otherFilter == null ? other.templateCaps()
                        : otherFilter.intersect(other.templateCaps(), IntersectMode.FIRST));
                Caps mine = transformCaps(other.direction(), peer.intersect(other.templateCaps(), IntersectMode.FIRST), null);
                q.setResult(mine.intersect(tmpl, IntersectMode.FIRST));
                yield true;
            }
            case AcceptCapsQuery q -> {
                q.setResult(q.caps().isSubsetOf(pad.templateCaps()) && q.caps().canIntersect(pad.queryCaps(null)));
                yield true;
            }
            case LatencyQuery q when pad == srcPad -> {
                // Upstream's latency plus what this element holds back (gstbasetransform forwards;
                // subclasses that delay data say how much).
                if (!sinkPad.peerQuery(q)) {
                    yield false;
                }
                q.add(latency());
                yield true;
            }
            case AllocationQuery q when pad == sinkPad -> {
                if (passthrough) {
                    yield srcPad.peerQuery(q);
                }
                yield proposeAllocation(decideQuery, q);
            }
            default -> super.handleQuery(pad, query);
        };
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == sinkPad && event instanceof Event.CapsEvent c) {
            return negotiate(c.caps()) == FlowReturn.OK;
        }
        if (pad == srcPad && event instanceof Event.Qos q) {
            // gst_base_transform_update_qos: when late, skip twice the lateness ahead, so that
            // the pipeline catches up rather than stays just behind.
            earliestTime = q.diff() > 0 ? q.timestamp() + 2 * q.diff() : q.timestamp() + q.diff();
            return sinkPad.pushEvent(event);
        }
        if (pad == sinkPad) {
            switch (event) {
                case Event.SegmentEvent seg -> inSegment = seg.segment();
                case Event.FlushStop f -> {
                    inSegment = Segment.of(Format.TIME);
                    earliestTime = ClockTime.NONE;
                }
                default -> {
                }
            }
        }
        if (pad == srcPad && event instanceof Event.Reconfigure) {
            // srcPad flagged itself; the next buffer renegotiates. Upstream may need to as well.
            sinkPad.pushEvent(event);
            return true;
        }
        return super.handleEvent(pad, event);
    }

    /** Picks output caps for {@code in}, sends them downstream and decides allocation. */
    private FlowReturn negotiate(Caps in) {
        // Clear the flag before reading anything: a reconfigure asked for from now on (a
        // property set while this runs) must survive it and renegotiate at the next buffer.
        srcPad.checkReconfigure();
        Caps candidates = transformCaps(PadDirection.SINK, in, null).intersect(srcPad.templateCaps(), IntersectMode.FIRST);
        Caps downstream = srcPad.peerQueryCaps(candidates);
        if (downstream.isEmpty()) {
            Pad peer = srcPad.peer();
            postError(CapsExplainer.explainNegotiation(srcPad, candidates, peer, srcPad.peerQueryCaps(null)), null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        Caps out = downstream.isAny() ? candidates : downstream;
        // Always, as GStreamer's find_transform: a subclass may complete fixed caps (videoconvert
        // carries the input's colorimetry over); the default leaves fixed caps as they are.
        out = fixateCaps(in, out);
        if (out.isEmpty() || !out.isFixed()) {
            postError("not-negotiated at " + srcPad.fullName() + ": cannot fixate output caps " + downstream
                    + " for input " + in, null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        if (!setCaps(in, out)) {
            postError("not-negotiated at " + name() + ": refused input " + in + " with output " + out, null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        inCaps = in;
        outCaps = out;
        if (passthroughOnSameCaps()) {
            passthrough = in.equals(out);
        }
        if (!srcPad.pushEvent(new Event.CapsEvent(out))) {
            if (srcPad.isFlushing()) {
                return FlowReturn.FLUSHING;
            }
            Pad peer = srcPad.peer();
            postError(CapsExplainer.explainNegotiation(srcPad, out, peer, srcPad.peerQueryCaps(null)), null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        if (!passthrough) {
            AllocationQuery q = new AllocationQuery(out, true);
            boolean answered = srcPad.peerQuery(q);
            decideQuery = answered ? q : null;
            setNegotiation(decideAllocation(out, q, answered));
        } else {
            decideQuery = null;
            setNegotiation(null);
        }
        return FlowReturn.OK;
    }

    private void setNegotiation(Negotiation n) {
        Negotiation old = negotiation;
        negotiation = n;
        if (old != null && (n == null || old.pool() != n.pool())) {
            old.release();
        }
    }

    /** The last allocation decision (null in passthrough or before negotiation). */
    protected final Negotiation negotiation() {
        return negotiation;
    }

    /**
     * With {@code qos} on: whether a buffer is too late to be worth processing (its running
     * time is not after the earliest time the last QOS event allows); posts a QOS message for
     * each drop, as gstbasetransform.c.
     */
    private boolean lateForQos(Buffer buffer) {
        long earliest = earliestTime;
        processed++;
        if (earliest == ClockTime.NONE || buffer.pts() == ClockTime.NONE) {
            return false;
        }
        Segment seg = inSegment;
        long rt = seg.toRunningTime(buffer.pts());
        if (rt == ClockTime.NONE || rt > earliest) {
            return false;
        }
        dropped++;
        postMessage(new Message.Qos(this, false, rt, seg.toStreamTime(buffer.pts()), buffer.pts(),
                buffer.duration(), earliest - rt, processed, dropped));
        return true;
    }

    @Override
    protected final FlowReturn chain(Pad pad, Buffer buffer) {
        if (qos.get() && lateForQos(buffer)) {
            buffer.unref();
            return FlowReturn.OK; // dropped: upstream goes on
        }
        Caps in = inCaps;
        if (in != null && srcPad.checkReconfigure()) {
            FlowReturn n = negotiate(in);
            if (n != FlowReturn.OK) {
                buffer.unref();
                return n;
            }
        }
        if (passthrough || (in == null && inPlace())) {
            Buffer b = buffer;
            if (!passthrough) {
                b = b.makeWritable();
            }
            if (!passthrough || transformInPlaceOnPassthrough()) {
                FlowReturn r;
                try {
                    r = transformInPlace(b);
                } catch (RuntimeException e) {
                    b.unref();
                    throw e;
                }
                if (r != FlowReturn.OK) {
                    b.unref();
                    return r;
                }
            }
            return srcPad.push(b);
        }
        if (inPlace()) {
            Buffer b = buffer.makeWritable();
            FlowReturn r;
            try {
                r = transformInPlace(b);
            } catch (RuntimeException e) {
                b.unref();
                throw e;
            }
            if (r != FlowReturn.OK) {
                b.unref();
                return r;
            }
            return srcPad.push(b);
        }
        Buffer out;
        try {
            out = prepareOutputBuffer(buffer);
            if (out == null) {
                buffer.unref();
                return FlowReturn.FLUSHING; // the pool is flushing: a stop is under way
            }
        } catch (RuntimeException e) {
            buffer.unref();
            throw e;
        }
        if (out == buffer) {
            buffer.unref(); // the input goes on as the output (the caller's reference and ours were two)
            return srcPad.push(out);
        }
        FlowReturn r;
        try {
            r = transform(buffer, out);
        } catch (RuntimeException e) {
            out.unref();
            throw e;
        } finally {
            buffer.unref();
        }
        if (r != FlowReturn.OK) {
            out.unref();
            return r;
        }
        return srcPad.push(out);
    }
}
