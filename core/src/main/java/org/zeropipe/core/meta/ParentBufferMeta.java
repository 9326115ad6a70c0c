package org.zeropipe.core.meta;

import java.util.Objects;
import org.zeropipe.core.buffer.Buffer;

/**
 * Keeps another buffer alive (one reference) for as long as the buffer holding this meta.
 * A copy that shares the memories of a pooled buffer gets one, so that the pooled buffer does
 * not go back to its pool while its memories are still in use. GStreamer's
 * {@code GstParentBufferMeta}.
 */
public final class ParentBufferMeta extends Meta {

    public static final MetaApi API = MetaApi.register("ParentBufferMetaAPI", MetaTags.MEMORY_REFERENCE);
    public static final MetaInfo<ParentBufferMeta> INFO = MetaInfo.register(API, "ParentBufferMeta",
            ParentBufferMeta.class, ParentBufferMeta::new, ParentBufferMeta::free, ParentBufferMeta::transform);

    private Buffer parent;

    private ParentBufferMeta(MetaInfo<ParentBufferMeta> info, Buffer buffer) {
        super(info, buffer);
    }

    /** Adds a meta to {@code buffer} holding a new reference to {@code parent}. */
    public static ParentBufferMeta add(Buffer buffer, Buffer parent) {
        Objects.requireNonNull(parent, "parent");
        ParentBufferMeta meta = buffer.addMeta(INFO);
        meta.parent = parent.ref();
        return meta;
    }

    /** The buffer kept alive (borrowed). */
    public Buffer parent() {
        return parent;
    }

    private static void free(ParentBufferMeta meta, Buffer buffer) {
        Buffer p = meta.parent;
        meta.parent = null;
        if (p != null) {
            p.unref();
        }
    }

    private static boolean transform(Buffer dest, ParentBufferMeta meta, Buffer src, MetaTransform transform) {
        if (transform instanceof MetaTransform.Copy && meta.parent != null) {
            add(dest, meta.parent);
            return true;
        }
        return transform instanceof MetaTransform.MemoryChange;
    }
}
