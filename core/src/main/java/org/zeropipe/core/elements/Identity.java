package org.zeropipe.core.elements;

import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Passes buffers through unchanged. {@code error-after} (-1: never) makes it fail with an
 * ERROR after that many buffers, for tests of error paths.
 */
public final class Identity extends BaseTransform {

    private final Property<Integer> errorAfter;
    private long count;

    public Identity(String name) {
        super(name, PadTemplate.sink(Caps.ANY), PadTemplate.src(Caps.ANY));
        errorAfter = declare(PropertySpec.ofInt("error-after", -1, -1, Integer.MAX_VALUE,
                "post an ERROR after this many buffers, -1 for never"));
        setPassthrough(true);
    }

    public Identity() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "identity";
    }

    @Override
    protected boolean transformInPlaceOnPassthrough() {
        return errorAfter.get() >= 0;
    }

    @Override
    protected boolean passthroughOnSameCaps() {
        return false; // always passthrough
    }

    @Override
    protected org.zeropipe.core.pipeline.StateChangeReturn changeState(org.zeropipe.core.pipeline.StateChange t) {
        if (t == org.zeropipe.core.pipeline.StateChange.READY_TO_PAUSED) {
            count = 0;
        }
        return super.changeState(t);
    }

    @Override
    protected FlowReturn transformInPlace(Buffer buffer) {
        int limit = errorAfter.get();
        if (limit >= 0 && ++count > limit) {
            postError("identity " + name() + ": failing after " + limit + " buffers (error-after)", null, null);
            return FlowReturn.ERROR;
        }
        return FlowReturn.OK;
    }
}
