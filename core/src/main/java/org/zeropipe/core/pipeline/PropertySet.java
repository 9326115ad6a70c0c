package org.zeropipe.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The properties of one object (an element or a pad): declared once while it is built, then
 * set and read by name from any thread. Misuse throws {@link IllegalArgumentException} naming
 * the owner ({@code owner} says "videotestsrc src0" or "compositor0:sink_1").
 */
final class PropertySet {

    private final Map<String, Property<?>> properties = new LinkedHashMap<>();
    private final Supplier<String> owner;

    PropertySet(Supplier<String> owner) {
        this.owner = owner;
    }

    synchronized <T> Property<T> declare(PropertySpec<T> spec, Runnable onChange) {
        Property<T> p = new Property<>(spec, onChange);
        if (properties.putIfAbsent(spec.name(), p) != null) {
            throw new IllegalArgumentException(owner.get() + " declares property '" + spec.name() + "' twice");
        }
        return p;
    }

    synchronized List<PropertySpec<?>> specs() {
        List<PropertySpec<?>> r = new ArrayList<>();
        for (Property<?> p : properties.values()) {
            r.add(p.spec());
        }
        return r;
    }

    Property<?> property(String propertyName) {
        Property<?> p;
        synchronized (this) {
            p = properties.get(propertyName);
        }
        if (p == null) {
            throw new IllegalArgumentException(owner.get() + " has no property '" + propertyName + "'; it has "
                    + names());
        }
        return p;
    }

    private synchronized List<String> names() {
        return List.copyOf(properties.keySet());
    }

    void set(String propertyName, Object value) {
        property(propertyName).setChecked(value);
    }

    void setFromString(String propertyName, String text) {
        Property<?> p = property(propertyName);
        p.setChecked(p.spec().parse(text));
    }

    Object get(String propertyName) {
        return property(propertyName).get();
    }
}
