package org.zeropipe.core.base;

import java.util.List;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.CapsExplainer;
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

    // Pads and properties are registered with this element while it is built; nothing calls
    // back into the subclass before its constructor ran, except factoryName() (a constant).
    @SuppressWarnings("this-escape")
    protected BaseTransform(String name, PadTemplate sinkTemplate, PadTemplate srcTemplate) {
        super(name);
        sinkPad = Pad.fromTemplate(sinkTemplate);
        srcPad = Pad.fromTemplate(srcTemplate);
        addPad(sinkPad);
        addPad(srcPad);
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

    /** Whether this element copies metas of {@code api} from input to output buffers (default: no). */
    protected boolean carriesMeta(org.zeropipe.core.meta.MetaApi api) {
        return false;
    }

    /** Decides allocation of output buffers from downstream's answer. */
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        return answered ? Negotiation.decide(caps, query) : Negotiation.defaults(caps);
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
        if (pad == srcPad && event instanceof Event.Reconfigure) {
            // srcPad flagged itself; the next buffer renegotiates. Upstream may need to as well.
            sinkPad.pushEvent(event);
            return true;
        }
        return super.handleEvent(pad, event);
    }

    /** Picks output caps for {@code in}, sends them downstream and decides allocation. */
    private FlowReturn negotiate(Caps in) {
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
        srcPad.checkReconfigure();
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

    @Override
    protected final FlowReturn chain(Pad pad, Buffer buffer) {
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
            Negotiation n = negotiation;
            long size = transformSize(buffer.size());
            out = n == null ? Buffer.allocate(size) : n.allocate(size);
            if (out == null) {
                buffer.unref();
                return FlowReturn.FLUSHING; // the pool is flushing: a stop is under way
            }
            buffer.copyInto(out, java.util.EnumSet.of(BufferCopyFlag.FLAGS, BufferCopyFlag.TIMESTAMPS), 0, -1);
        } catch (RuntimeException e) {
            buffer.unref();
            throw e;
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
