package org.zeropipe.core.pipeline;

import java.util.Objects;
import java.util.function.Function;

/**
 * Makes elements of one kind by name, as GStreamer's {@code GstElementFactory}: the launch
 * parser and {@link ElementRegistry#make} find factories by their name ({@code "queue"}).
 *
 * @param name        the factory name used in pipeline descriptions
 * @param description one line for listings
 * @param constructor makes an element; its argument is the instance name ({@code null}: automatic)
 */
public record ElementFactory(String name, String description, Function<String, Element> constructor) {

    public ElementFactory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(constructor, "constructor");
    }

    /** A new element named {@code instanceName} ({@code null}: automatic). */
    public Element create(String instanceName) {
        return constructor.apply(instanceName);
    }
}
