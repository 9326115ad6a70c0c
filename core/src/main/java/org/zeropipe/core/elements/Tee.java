package org.zeropipe.core.elements;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.query.AcceptCapsQuery;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;

/**
 * Sends each buffer to every request pad {@code src_%u}, by reference (no copy: each branch
 * gets a ref, so a branch that writes copies on write, attributed to itself).
 *
 * <p>Caps: the intersection of what all branches accept. Allocation (as gsttee.c): each
 * branch is asked; the answer has the largest alignment, prefix and padding, the largest
 * min-buffers and size, only the metas every branch accepts, and never a pool object, since
 * one pool cannot serve branches that each hold buffers. The flow result is OK unless every
 * branch failed or is not linked (the worst of them is returned then).
 */
public final class Tee extends Element {

    private static final PadTemplate SINK = PadTemplate.sink(Caps.ANY);
    private static final PadTemplate SRC = new PadTemplate("src_%u", PadDirection.SRC, PadPresence.REQUEST, Caps.ANY);

    private final Pad sinkPad = Pad.fromTemplate(SINK);
    private final AtomicInteger padCounter = new AtomicInteger();

    public Tee(String name) {
        super(name);
        addPad(sinkPad);
    }

    public Tee() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "tee";
    }

    @Override
    public List<PadTemplate> padTemplates() {
        return List.of(SINK, SRC);
    }

    @Override
    public Pad requestPad(String templateName) {
        return requestPad(templateName, null);
    }

    /**
     * As gsttee.c: a pad asked by name ({@code src_5}) takes that index if it is free, and the
     * next automatic name comes after it; an automatic name skips indexes already taken.
     */
    @Override
    public synchronized Pad requestPad(String templateName, String padName) {
        if (!SRC.nameTemplate().equals(templateName)) {
            throw new IllegalArgumentException("tee has no request template " + templateName + "; use src_%u");
        }
        Pad pad = new Pad(SRC.newRequestPadName(this, padName, padCounter), SRC);
        addPad(pad);
        // A new branch gets the stream's sticky events before its first buffer.
        for (Class<? extends Event> kind : List.of(Event.StreamStart.class, Event.CapsEvent.class,
                Event.SegmentEvent.class)) {
            Event e = sinkPad.stickyEvent(kind);
            if (e != null) {
                pad.pushEvent(e);
            }
        }
        return pad;
    }

    @Override
    protected FlowReturn chain(Pad pad, Buffer buffer) {
        List<Pad> outs = srcPads();
        if (outs.isEmpty()) {
            buffer.unref();
            return FlowReturn.NOT_LINKED;
        }
        // As gsttee.c gst_tee_handle_data: the first result that is neither OK nor NOT_LINKED
        // stops the push and is returned (a fatal flow of one branch must reach the source, which
        // posts the error); NOT_LINKED only when no branch took the buffer.
        boolean anyOk = false;
        for (int i = 0; i < outs.size(); i++) {
            Pad out = outs.get(i);
            Buffer b = i == outs.size() - 1 ? buffer : buffer.ref();
            FlowReturn r = out.push(b);
            if (r == FlowReturn.FLUSHING && isBeingRemoved(out)) {
                r = FlowReturn.NOT_LINKED; // a branch removed while we pushed (gsttee: pad->removed)
            }
            if (r == FlowReturn.OK) {
                anyOk = true;
            } else if (r != FlowReturn.NOT_LINKED) {
                if (i < outs.size() - 1) {
                    buffer.unref(); // the reference the remaining branches would have got
                }
                return r;
            }
        }
        return anyOk ? FlowReturn.OK : FlowReturn.NOT_LINKED;
    }

    /** A pad from our snapshot that was released meanwhile (removePad unlinks it first). */
    private boolean isBeingRemoved(Pad out) {
        return !out.isLinked() || !pads().contains(out);
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (pad != sinkPad) {
            return sinkPad.peerQuery(query);
        }
        return switch (query) {
            case CapsQuery q -> proxyCapsQuery(pad, q);
            case AcceptCapsQuery q -> {
                boolean all = true;
                for (Pad p : srcPads()) {
                    if (p.isLinked() && !p.peerQueryAcceptCaps(q.caps())) {
                        all = false;
                    }
                }
                q.setResult(all);
                yield true;
            }
            case AllocationQuery q -> aggregateAllocation(q);
            default -> forwardQuery(pad, query);
        };
    }

    /**
     * Answers an allocation query for every branch, as gsttee.c: the largest alignment, prefix and
     * padding (allocators and their flags are downstream-specific and ignored), the largest size
     * and min-buffers of the branches' pools (never a pool itself), plus one buffer when there is
     * more than one branch, and a pool proposal only when a branch gave a size; metas every
     * branch accepts.
     */
    private boolean aggregateAllocation(AllocationQuery query) {
        long align = 0;
        long prefix = 0;
        long padding = 0;
        int minBuffers = 0;
        long size = 0;
        int branches = 0;
        List<AllocationQuery.MetaProposal> metas = null;
        for (Pad p : srcPads()) {
            if (!p.isLinked()) {
                continue;
            }
            branches++;
            AllocationQuery branch = new AllocationQuery(query.caps(), false);
            if (!p.peerQuery(branch)) {
                // A branch that does not answer accepts nothing special: no metas in common.
                metas = new ArrayList<>();
                continue;
            }
            for (AllocationQuery.AllocatorProposal a : branch.allocators()) {
                align = Math.max(align, a.params().align());
                prefix = Math.max(prefix, a.params().prefix());
                padding = Math.max(padding, a.params().padding());
            }
            for (AllocationQuery.PoolProposal pp : branch.pools()) {
                minBuffers = Math.max(minBuffers, pp.min());
                size = Math.max(size, pp.size());
            }
            if (metas == null) {
                metas = new ArrayList<>(branch.metas());
            } else {
                metas.removeIf(m -> !branch.hasMeta(m.api()));
            }
        }
        if (branches > 1) {
            minBuffers++; // one in flight per extra branch, so the pool does not starve a thread
        }
        query.addAllocator(new AllocationQuery.AllocatorProposal(null,
                new AllocationParams(java.util.Set.of(), align, prefix, padding)));
        if (size != 0) {
            query.addPool(new AllocationQuery.PoolProposal(null, size, minBuffers, 0));
        }
        if (metas != null) {
            for (AllocationQuery.MetaProposal m : metas) {
                query.addMeta(m.api(), m.params());
            }
        }
        return true;
    }
}
