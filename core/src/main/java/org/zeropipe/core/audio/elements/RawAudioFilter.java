package org.zeropipe.core.audio.elements;

import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;

/**
 * What audioconvert and audioresample share: raw audio in and out, some caps fields free to
 * change (the others pass through), output fixated nearest to the input, and a new output
 * buffer per input (computed, not copied).
 */
abstract class RawAudioFilter extends BaseTransform {

    private final Caps template;
    private final String[] freeFields;

    RawAudioFilter(String name, String... freeFields) {
        this(name, AudioTestSrc.TEMPLATE, freeFields);
    }

    RawAudioFilter(String name, Caps template, String... freeFields) {
        super(name, PadTemplate.sink(template), PadTemplate.src(template));
        this.template = template;
        this.freeFields = freeFields.clone();
    }

    @Override
    protected final Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps result = AudioCaps.widen(caps, template, freeFields);
        return filter == null ? result : filter.intersect(result, IntersectMode.FIRST);
    }

    @Override
    protected final Caps fixateCaps(Caps caps, Caps othercaps) {
        return AudioCaps.fixateNear(caps, othercaps);
    }

    @Override
    protected final boolean inPlace() {
        return false;
    }

    /** Posts why a buffer without caps cannot be processed; returns NOT_NEGOTIATED. */
    protected final FlowReturn noCaps() {
        postError(name() + ": a buffer came before any caps: upstream must send audio/x-raw caps first", null, null);
        return FlowReturn.NOT_NEGOTIATED;
    }
}
