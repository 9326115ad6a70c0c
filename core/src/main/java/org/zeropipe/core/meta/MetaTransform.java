package org.zeropipe.core.meta;

/**
 * What happened to a buffer that a meta may need to follow; passed to
 * {@link MetaInfo.Transform}. A transform returns whether it carried the meta over; a meta
 * that does not is left behind (for a copy) or removed (for a memory change).
 */
public sealed interface MetaTransform {

    /**
     * The buffer was copied into {@code dest}: the transform adds its own meta to {@code dest}.
     * {@code region} is true when only {@code [offset, offset + size)} of the source was copied
     * (a region copy); metas tagged {@link MetaTags#MEMORY} are not offered region copies.
     */
    record Copy(boolean region, long offset, long size) implements MetaTransform {
    }

    /**
     * The buffer's own memories {@code [index, index + length)} (indexes after the change) were
     * replaced, added or removed in place (a merge, a copy on write, an insert). Offered only to
     * metas tagged {@link MetaTags#MEMORY}, with {@code dest == src}; a meta that still holds
     * returns true and stays, otherwise it is removed.
     */
    record MemoryChange(int index, int length) implements MetaTransform {
    }

    /** A transform defined by an element (e.g. "scale"), with its own data. */
    record Custom(String name, Object data) implements MetaTransform {
    }
}
