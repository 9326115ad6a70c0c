package org.zeropipe.core.elements;

import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Restricts the caps that may flow through it to {@code caps}, forcing the neighbours'
 * choice during negotiation; buffers pass untouched. Changing {@code caps} sends a reconfigure
 * upstream, so the stream renegotiates.
 */
public final class CapsFilter extends BaseTransform {

    private final Property<Caps> caps;

    public CapsFilter(String name) {
        super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        caps = declare(PropertySpec.ofCaps("caps", Caps.ANY, "the caps allowed through"), this::capsChanged);
        setPassthrough(true);
    }

    public CapsFilter() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "capsfilter";
    }

    private void capsChanged() {
        // As gstcapsfilter.c: only upstream renegotiates; the new caps event then passes here.
        if (sinkPad.isActive()) {
            sinkPad.pushEvent(new Event.Reconfigure());
        }
    }

    private Caps filter() {
        Caps c = caps.get();
        return c == null ? Caps.ANY : c;
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps in, Caps f) {
        Caps r = filter().intersect(in, IntersectMode.FIRST);
        return f == null ? r : f.intersect(r, IntersectMode.FIRST);
    }

    @Override
    protected boolean passthroughOnSameCaps() {
        return false;
    }

    @Override
    protected boolean handleQuery(org.zeropipe.core.pipeline.Pad pad, org.zeropipe.core.query.Query query) {
        if (query instanceof org.zeropipe.core.query.AcceptCapsQuery q) {
            q.setResult(q.caps().isSubsetOf(filter()) && q.caps().canIntersect(pad.queryCaps(null)));
            return true;
        }
        return super.handleQuery(pad, query);
    }
}
