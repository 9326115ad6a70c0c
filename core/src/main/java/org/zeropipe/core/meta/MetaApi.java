package org.zeropipe.core.meta;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registered meta API: a name and the tags saying what the meta depends on
 * ({@link MetaTags}). Several {@link MetaInfo implementations} may share one API; buffers are
 * asked for metas by API. GStreamer's {@code gst_meta_api_type_register}.
 */
public final class MetaApi {

    private static final ConcurrentHashMap<String, MetaApi> REGISTRY = new ConcurrentHashMap<>();

    private final String name;
    private final Set<String> tags;

    private MetaApi(String name, Set<String> tags) {
        this.name = name;
        this.tags = tags;
    }

    /**
     * Registers an API. Registering a name again with the same tags returns the registered API.
     *
     * @throws IllegalArgumentException if the name is registered with other tags
     */
    public static MetaApi register(String name, String... tags) {
        Objects.requireNonNull(name, "name");
        Set<String> tagSet = Set.of(tags);
        MetaApi api = REGISTRY.computeIfAbsent(name, n -> new MetaApi(n, tagSet));
        if (!api.tags.equals(tagSet)) {
            throw new IllegalArgumentException("meta API " + name + " is registered with tags " + api.tags
                    + ", not " + tagSet);
        }
        return api;
    }

    /** The API registered under {@code name}. */
    public static Optional<MetaApi> find(String name) {
        return Optional.ofNullable(REGISTRY.get(name));
    }

    public String name() {
        return name;
    }

    public Set<String> tags() {
        return tags;
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    @Override
    public String toString() {
        return name + tags;
    }
}
