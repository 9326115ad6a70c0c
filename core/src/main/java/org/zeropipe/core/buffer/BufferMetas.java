package org.zeropipe.core.buffer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaFlag;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;

/**
 * A buffer's metas, kept in the order added: adding, finding, removing and freeing them, and
 * telling the {@code memory}-tagged ones when the memories change (gstbuffer.c's
 * {@code gst_buffer_add_meta}, {@code get_meta}, {@code remove_meta},
 * {@code foreach_meta}). A meta is freed (its info's {@code free}) when it is removed or its
 * buffer is freed; a {@link MetaFlag#LOCKED} one cannot be removed, except by a pool's reset.
 */
final class BufferMetas {

    private BufferMetas() {
    }

    /** {@link Buffer#addMeta}: the info's init may throw to refuse the meta. */
    static <M extends Meta> M add(Buffer b, MetaInfo<M> info) {
        Objects.requireNonNull(info, "info");
        b.checkWritable("add a meta to");
        M meta = info.create(b);
        if (b.metas == null) {
            b.metas = new Meta[4];
        } else if (b.metaCount == b.metas.length) {
            b.metas = Arrays.copyOf(b.metas, b.metaCount * 2);
        }
        b.metas[b.metaCount++] = meta;
        return meta;
    }

    /** {@link Buffer#getMeta(MetaApi)}: the first of {@code api}, or null. */
    static Meta get(Buffer b, MetaApi api) {
        for (int i = 0; i < b.metaCount; i++) {
            if (b.metas[i].api() == api) {
                return b.metas[i];
            }
        }
        return null;
    }

    /** {@link Buffer#getMeta(MetaInfo)}: the first of {@code info}'s API that is an {@code M}. */
    static <M extends Meta> M get(Buffer b, MetaInfo<M> info) {
        for (int i = 0; i < b.metaCount; i++) {
            Meta m = b.metas[i];
            if (m.api() == info.api() && info.type().isInstance(m)) {
                return info.type().cast(m);
            }
        }
        return null;
    }

    /** {@link Buffer#metaCount(MetaApi)}. */
    static int count(Buffer b, MetaApi api) {
        int n = 0;
        for (int i = 0; i < b.metaCount; i++) {
            if (b.metas[i].api() == api) {
                n++;
            }
        }
        return n;
    }

    /** {@link Buffer#metas()}: a snapshot. */
    static List<Meta> list(Buffer b) {
        return b.metaCount == 0 ? List.of() : List.of(Arrays.copyOf(b.metas, b.metaCount));
    }

    /** {@link Buffer#forEachMeta}. */
    static void forEach(Buffer b, Consumer<? super Meta> action) {
        for (int i = 0; i < b.metaCount; i++) {
            action.accept(b.metas[i]);
        }
    }

    /** {@link Buffer#removeMeta}: false if {@code b} does not hold it; a LOCKED one throws. */
    static boolean remove(Buffer b, Meta meta) {
        b.checkWritable("remove a meta from");
        for (int i = 0; i < b.metaCount; i++) {
            if (b.metas[i] == meta) {
                if (meta.hasFlag(MetaFlag.LOCKED)) {
                    throw new IllegalStateException("cannot remove " + meta + " from " + b + ": it is LOCKED");
                }
                removeAt(b, i);
                return true;
            }
        }
        return false;
    }

    /** {@link Buffer#removeMetaIf}: in order, stopping with an exception at a LOCKED one. */
    static void removeIf(Buffer b, Predicate<? super Meta> filter) {
        b.checkWritable("remove metas from");
        for (int i = 0; i < b.metaCount;) {
            Meta m = b.metas[i];
            if (filter.test(m)) {
                if (m.hasFlag(MetaFlag.LOCKED)) {
                    throw new IllegalStateException("cannot remove " + m + " from " + b + ": it is LOCKED");
                }
                removeAt(b, i);
            } else {
                i++;
            }
        }
    }

    private static void removeAt(Buffer b, int i) {
        Meta m = b.metas[i];
        System.arraycopy(b.metas, i + 1, b.metas, i, b.metaCount - i - 1);
        b.metas[--b.metaCount] = null;
        m.info().free(m, b);
    }

    /**
     * The meta part of {@link Buffer#resetForReuse()}: frees every meta not flagged
     * {@link MetaFlag#POOLED}, locked ones too, keeping the order of the others. Allocates
     * nothing.
     */
    static void keepPooled(Buffer b) {
        Meta[] metas = b.metas;
        int kept = 0;
        for (int i = 0; i < b.metaCount; i++) {
            Meta m = metas[i];
            if (m.hasFlag(MetaFlag.POOLED)) {
                metas[kept++] = m;
            } else {
                m.unsetFlag(MetaFlag.LOCKED);
                m.info().free(m, b);
            }
        }
        for (int i = kept; i < b.metaCount; i++) {
            metas[i] = null;
        }
        b.metaCount = kept;
    }

    /**
     * Frees every meta (when the buffer is freed); returns the first failure, later ones
     * suppressed in it, so that every meta is freed.
     */
    static RuntimeException freeAll(Buffer b, RuntimeException failure) {
        for (int i = 0; i < b.metaCount; i++) {
            Meta m = b.metas[i];
            b.metas[i] = null;
            try {
                m.info().free(m, b);
            } catch (RuntimeException e) {
                failure = Buffer.addFailure(failure, e);
            }
        }
        b.metaCount = 0;
        return failure;
    }

    /**
     * After {@code length} memories from {@code idx} changed in place: tags the buffer with
     * {@link BufferFlag#TAG_MEMORY} and offers each {@link MetaTags#MEMORY}-tagged meta a
     * {@link MetaTransform.MemoryChange}; one that returns false is removed unless LOCKED.
     * (GStreamer never tells them; zeropipe does.)
     */
    static void memoryChanged(Buffer b, int idx, int length) {
        b.flags |= Buffer.TAG_MEMORY;
        if (b.metaCount == 0) {
            return;
        }
        MetaTransform.MemoryChange change = null;
        for (int i = 0; i < b.metaCount;) {
            Meta m = b.metas[i];
            if (!m.api().hasTag(MetaTags.MEMORY)) {
                i++;
                continue;
            }
            if (change == null) {
                change = new MetaTransform.MemoryChange(idx, length);
            }
            if (m.info().transform(b, m, b, change) || m.hasFlag(MetaFlag.LOCKED)) {
                i++;
            } else {
                removeAt(b, i);
            }
        }
    }
}
