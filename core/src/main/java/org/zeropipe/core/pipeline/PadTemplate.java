package org.zeropipe.core.pipeline;

import java.util.Objects;

import org.zeropipe.core.caps.Caps;

/**
 * Describes pads an element can have: a name (or a pattern such as {@code src_%u} for request
 * pads), a direction, a presence and the caps any such pad can ever handle.
 */
public record PadTemplate(String nameTemplate, PadDirection direction, PadPresence presence, Caps caps) {

    public PadTemplate {
        Objects.requireNonNull(nameTemplate, "nameTemplate");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(caps, "caps");
        if (presence == PadPresence.ALWAYS && nameTemplate.contains("%")) {
            throw new IllegalArgumentException("an ALWAYS template needs a plain name, not " + nameTemplate);
        }
    }

    /** An always-present source template. */
    public static PadTemplate src(Caps caps) {
        return new PadTemplate("src", PadDirection.SRC, PadPresence.ALWAYS, caps);
    }

    /** An always-present sink template. */
    public static PadTemplate sink(Caps caps) {
        return new PadTemplate("sink", PadDirection.SINK, PadPresence.ALWAYS, caps);
    }

    /** The name of the {@code index}th pad made from this template ({@code src_%u} → {@code src_2}). */
    public String padName(int index) {
        return nameTemplate.replace("%u", Integer.toString(index)).replace("%d", Integer.toString(index));
    }
}
