package org.zeropipe.gpu.gl;

import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.video.VideoMeta;

/**
 * What the GL transforms share: the context (found or made at NULL→READY, given back at
 * READY→NULL, offered to neighbours' context queries), GL pools proposed upstream, and output
 * frames from a GL pool (downstream's if it offers one on this context, else our own).
 */
public abstract class GLBaseTransform extends BaseTransform {

    /** Frames a GL pool keeps at least (one rendering, one being consumed). */
    static final int MIN_FRAMES = 2;

    protected final GLContextHolder gl = new GLContextHolder(this);

    protected GLBaseTransform(String name, PadTemplate sinkTemplate, PadTemplate srcTemplate) {
        super(name, sinkTemplate, srcTemplate);
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        return gl.changeState(transition, super::changeState);
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        return gl.answer(query) || super.handleQuery(pad, query);
    }

    /** Proposes a GL pool for {@code query}'s caps (fixed, GL or system memory), and the metas GL frames carry. */
    protected final boolean proposeGLPool(AllocationQuery query) {
        return proposeGLPool(gl.require(), query);
    }

    /** Proposes a GL pool on {@code context} for {@code query}'s caps, and the metas GL frames carry. */
    static boolean proposeGLPool(GLContext context, AllocationQuery query) {
        GLVideoInfo info;
        try {
            info = GLVideoInfo.of(query.caps());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (query.needPool()) {
            query.addPool(new AllocationQuery.PoolProposal(new GLBufferPool(context), info.size(), MIN_FRAMES, 0));
        }
        query.addMeta(VideoMeta.API, null);
        query.addMeta(GLSyncMeta.API, null);
        return true;
    }

    /** Decides output allocation so that frames come from a GL pool on this context. */
    @Override
    protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        return decideGLPool(gl.require(), caps, query);
    }

    /** Downstream's GL pool on {@code context} if it proposed one, else a new one. */
    static Negotiation decideGLPool(GLContext context, Caps caps, AllocationQuery query) {
        long size = GLVideoInfo.of(caps).size();
        if (query.pools().isEmpty() || !(query.pools().get(0).pool() instanceof GLBufferPool p) || p.context() != context) {
            query.clearPools();
            query.addPool(new AllocationQuery.PoolProposal(new GLBufferPool(context), size, MIN_FRAMES, 0));
        }
        query.clearAllocators();
        Negotiation n = Negotiation.decide(caps, query);
        if (n.pool() == null) {
            throw new GLException("cannot activate a GL buffer pool for " + caps);
        }
        return n;
    }
}
