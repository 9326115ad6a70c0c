package org.zeropipe.core.pipeline;

import java.util.Objects;

/**
 * One property's current value on one element: the element reads it with {@link #get()}
 * (a volatile read, from any thread); {@link Element#set} writes it after checking the spec.
 */
public final class Property<T> {
    private final PropertySpec<T> spec;
    private volatile T value;
    private final Runnable onChange;

    Property(PropertySpec<T> spec, Runnable onChange) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.value = spec.defaultValue();
        this.onChange = onChange;
    }

    public PropertySpec<T> spec() {
        return spec;
    }

    public T get() {
        return value;
    }

    void setChecked(Object v) {
        value = spec.check(v);
        if (onChange != null) {
            onChange.run();
        }
    }
}
