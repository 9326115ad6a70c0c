package org.zeropipe.core.query;

import java.util.Objects;

/**
 * "Do you have a shared context of this type?" (a GL display, a VA display): GStreamer's
 * context query. The context is any object the two sides agree on by {@link #contextType()}.
 */
public final class ContextQuery implements Query {
    private final String contextType;
    private Object context;

    public ContextQuery(String contextType) {
        this.contextType = Objects.requireNonNull(contextType, "contextType");
    }

    public String contextType() {
        return contextType;
    }

    /** The context found, or {@code null}. */
    public Object context() {
        return context;
    }

    public void setContext(Object value) {
        context = Objects.requireNonNull(value, "context");
    }

    @Override
    public String typeName() {
        return "context";
    }
}
