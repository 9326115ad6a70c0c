package org.zeropipe.core.query;

import java.util.Objects;

import org.zeropipe.core.caps.Caps;

/** "Would you accept these (fixed) caps now?" Answered before a caps event is sent. */
public final class AcceptCapsQuery implements Query {
    private final Caps caps;
    private boolean result;

    public AcceptCapsQuery(Caps caps) {
        this.caps = Objects.requireNonNull(caps, "caps");
    }

    public Caps caps() {
        return caps;
    }

    public boolean result() {
        return result;
    }

    public void setResult(boolean accepted) {
        result = accepted;
    }

    @Override
    public String typeName() {
        return "accept-caps";
    }
}
