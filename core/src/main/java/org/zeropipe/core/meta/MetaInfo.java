package org.zeropipe.core.meta;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.zeropipe.core.buffer.Buffer;

/**
 * A registered meta implementation: its API, its name, and the functions that create, free
 * and transform it. GStreamer's {@code GstMetaInfo} and {@code gst_meta_register}.
 *
 * @param <M> the meta class
 */
public final class MetaInfo<M extends Meta> {

    /** Creates and initializes a meta for {@code buffer}; throwing refuses the meta. */
    @FunctionalInterface
    public interface Init<M extends Meta> {
        M create(MetaInfo<M> info, Buffer buffer);
    }

    /** Releases what the meta holds, when it is removed or its buffer is freed. */
    @FunctionalInterface
    public interface Free<M extends Meta> {
        void free(M meta, Buffer buffer);
    }

    /**
     * Carries {@code meta} of {@code src} over to {@code dest} for {@code transform} (for a
     * copy: adds a new meta to {@code dest}). Returns whether it did; false drops the meta.
     */
    @FunctionalInterface
    public interface Transform<M extends Meta> {
        boolean transform(Buffer dest, M meta, Buffer src, MetaTransform transform);
    }

    private static final ConcurrentHashMap<String, MetaInfo<?>> REGISTRY = new ConcurrentHashMap<>();

    private final MetaApi api;
    private final String name;
    private final Class<M> type;
    private final Init<M> init;
    private final Free<? super M> free;
    private final Transform<? super M> transform;

    private MetaInfo(MetaApi api, String name, Class<M> type, Init<M> init, Free<? super M> free,
            Transform<? super M> transform) {
        this.api = api;
        this.name = name;
        this.type = type;
        this.init = init;
        this.free = free;
        this.transform = transform;
    }

    /**
     * Registers a meta implementation.
     *
     * @param free      may be null: nothing to release
     * @param transform may be null: the meta is never carried over
     * @throws IllegalArgumentException if {@code name} is already registered
     */
    public static <M extends Meta> MetaInfo<M> register(MetaApi api, String name, Class<M> type, Init<M> init,
            Free<? super M> free, Transform<? super M> transform) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(init, "init");
        MetaInfo<M> info = new MetaInfo<>(api, name, type, init, free, transform);
        if (REGISTRY.putIfAbsent(name, info) != null) {
            throw new IllegalArgumentException("meta implementation " + name + " is already registered");
        }
        return info;
    }

    /** The implementation registered under {@code name}. */
    public static Optional<MetaInfo<?>> find(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    public MetaApi api() {
        return api;
    }

    public String name() {
        return name;
    }

    public Class<M> type() {
        return type;
    }

    /** Creates a meta for {@code buffer}; {@link Buffer#addMeta} calls this. */
    public M create(Buffer buffer) {
        M meta = init.create(this, buffer);
        if (meta == null || meta.info() != this || meta.buffer() != buffer) {
            throw new IllegalStateException("the init function of " + name
                    + " must return a new meta of this info for the buffer given, not " + meta);
        }
        return meta;
    }

    /** Runs the free function on a meta of this info. */
    public void free(Meta meta, Buffer buffer) {
        if (free != null) {
            free.free(type.cast(meta), buffer);
        }
    }

    /** Runs the transform function on a meta of this info; false when there is none. */
    public boolean transform(Buffer dest, Meta meta, Buffer src, MetaTransform transform) {
        return this.transform != null && this.transform.transform(dest, type.cast(meta), src, transform);
    }

    @Override
    public String toString() {
        return "MetaInfo[" + name + " of " + api + "]";
    }
}
