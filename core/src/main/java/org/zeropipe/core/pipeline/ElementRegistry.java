package org.zeropipe.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The element factories known to this JVM: those of every {@link ElementProvider} on the class
 * path (loaded once, on first use) and those {@link #register registered} by code.
 */
public final class ElementRegistry {

    private static final Map<String, ElementFactory> FACTORIES = new TreeMap<>();
    private static boolean loaded;

    private ElementRegistry() {
    }

    private static synchronized Map<String, ElementFactory> factoriesLoaded() {
        if (!loaded) {
            loaded = true;
            for (ElementProvider p : ServiceLoader.load(ElementProvider.class)) {
                for (ElementFactory f : p.factories()) {
                    FACTORIES.putIfAbsent(f.name(), f);
                }
            }
        }
        return FACTORIES;
    }

    /** Adds a factory; a name can be registered once. */
    public static synchronized void register(ElementFactory factory) {
        if (factoriesLoaded().putIfAbsent(factory.name(), factory) != null) {
            throw new IllegalArgumentException("an element factory named " + factory.name() + " is already registered");
        }
    }

    /** The factory named {@code name}, or {@code null}. */
    public static synchronized ElementFactory find(String name) {
        return factoriesLoaded().get(name);
    }

    /** Every factory, sorted by name. */
    public static synchronized List<ElementFactory> factories() {
        return List.copyOf(factoriesLoaded().values());
    }

    /**
     * Makes an element of kind {@code factoryName} named {@code instanceName} ({@code null}:
     * automatic).
     *
     * @throws IllegalArgumentException naming the unknown kind and the known ones
     */
    public static Element make(String factoryName, String instanceName) {
        ElementFactory f = find(factoryName);
        if (f == null) {
            throw new IllegalArgumentException("no element \"" + factoryName + "\"; known elements: "
                    + String.join(", ", factoriesLoaded().keySet()));
        }
        return f.create(instanceName);
    }
}
