package org.zeropipe.core.pipeline;

import java.util.Objects;
import java.util.function.Function;

/**
 * Makes elements of one kind by name, as GStreamer's {@code GstElementFactory}: the launch
 * parser and {@link ElementRegistry#make} find factories by their name ({@code "queue"}), and
 * {@code inspect} shows its metadata.
 *
 * @param name            the factory name used in pipeline descriptions
 * @param klass           GStreamer's klass: what the element is, from general to specific,
 *                        separated by '/' ({@code "Source/Video"}, {@code "Filter/Converter/Video"},
 *                        {@code "Sink"}, {@code "Generic"}); {@code null} when the provider gave
 *                        none ({@code inspect} then says Source, Sink or Filter from its pads)
 * @param description     one line for listings
 * @param longDescription what it does in a few sentences, with the memory it accepts and
 *                        produces; {@code null} when the provider gave none
 * @param constructor     makes an element; its argument is the instance name ({@code null}: automatic)
 */
public record ElementFactory(String name, String klass, String description, String longDescription,
        Function<String, Element> constructor) {

    public ElementFactory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(constructor, "constructor");
        if (klass != null && (klass.isBlank() || klass.startsWith("/") || klass.endsWith("/"))) {
            throw new IllegalArgumentException("klass of " + name + " must be words separated by '/', not '" + klass + "'");
        }
    }

    /** A factory without klass and long description (prefer the full form). */
    public ElementFactory(String name, String description, Function<String, Element> constructor) {
        this(name, null, description, null, constructor);
    }

    /** A new element named {@code instanceName} ({@code null}: automatic). */
    public Element create(String instanceName) {
        return constructor.apply(instanceName);
    }
}
