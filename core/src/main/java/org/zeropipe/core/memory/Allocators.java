package org.zeropipe.core.memory;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The allocator registry: allocators by name, and the default one ({@code SystemMemory}),
 * like GStreamer's {@code gst_allocator_register/find/set_default}.
 */
public final class Allocators {

    private static final ConcurrentHashMap<String, Allocator> BY_NAME = new ConcurrentHashMap<>();
    private static volatile Allocator defaultAllocator;

    static {
        register(SystemMemory.TYPE, SystemMemoryAllocator.INSTANCE);
        defaultAllocator = SystemMemoryAllocator.INSTANCE;
    }

    private Allocators() {
    }

    /** Registers {@code allocator} under {@code name}, replacing any allocator of that name. */
    public static void register(String name, Allocator allocator) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(allocator, "allocator");
        BY_NAME.put(name, allocator);
    }

    /** The allocator registered under {@code name}. */
    public static Optional<Allocator> find(String name) {
        return Optional.ofNullable(BY_NAME.get(Objects.requireNonNull(name, "name")));
    }

    /** The default allocator: {@code SystemMemory} unless {@link #setDefault} changed it. */
    public static Allocator defaultAllocator() {
        return defaultAllocator;
    }

    /** Makes {@code allocator} the default (it need not be registered). */
    public static void setDefault(Allocator allocator) {
        defaultAllocator = Objects.requireNonNull(allocator, "allocator");
    }

    /** The names registered, sorted. */
    public static Set<String> names() {
        return Set.copyOf(new TreeSet<>(BY_NAME.keySet()));
    }
}
