package org.zeropipe.core.buffer;

import java.util.Objects;
import java.util.Set;
import org.zeropipe.core.memory.LockFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;
import org.zeropipe.core.meta.ParentBufferMeta;
import org.zeropipe.core.trace.CopyReason;

/**
 * Buffer copies: {@link Buffer#copy()}, {@link Buffer#deepCopy()},
 * {@link Buffer#copyRegion}, {@link Buffer#copyInto} (gstbuffer.c's
 * {@code gst_buffer_copy_into}) and {@link Buffer#appendRegion}.
 */
final class BufferCopies {

    private BufferCopies() {
    }

    /** A new buffer with what {@code copyFlags} asks of all of {@code b}; TAG_MEMORY clear. */
    static Buffer copyWith(Buffer b, Set<BufferCopyFlag> copyFlags) {
        Buffer copy = copyRegion(b, copyFlags, 0, -1);
        copy.flags &= ~Buffer.TAG_MEMORY;
        return copy;
    }

    /** {@link Buffer#copyRegion}: a new buffer, released again if the copy throws. */
    static Buffer copyRegion(Buffer b, Set<BufferCopyFlag> copyFlags, long offset, long size) {
        Buffer copy = Buffer.create();
        try {
            copyInto(b, copy, copyFlags, offset, size);
        } catch (RuntimeException | Error e) {
            copy.unref();
            throw e;
        }
        return copy;
    }

    /**
     * {@link Buffer#copyInto}, as {@code gst_buffer_copy_into}:
     * <ul>
     *   <li>FLAGS: all flags but TAG_MEMORY;</li>
     *   <li>TIMESTAMPS: pts, dts and offset when {@code offset == 0} (else NONE), duration and
     *       offsetEnd too when the whole buffer is copied;</li>
     *   <li>MEMORY: appends the memories of the range to {@code dest}: whole memories are
     *       shared (the same memory, now held by two buffers), cut ones become share views,
     *       NO_SHARE ones and all of them with DEEP are copied; MERGE then merges dest's
     *       memories into one. If it throws, dest loses what was appended;</li>
     *   <li>META: offers each meta a {@link MetaTransform.Copy}, except metas tagged
     *       {@link MetaTags#MEMORY} when the memory layout changes (a region, MERGE, or no
     *       MEMORY), and metas tagged {@link MetaTags#MEMORY_REFERENCE} on a DEEP copy.</li>
     * </ul>
     * When {@code dest} shares memories of {@code src} and {@code src} belongs to a pool, dest
     * gets a {@link ParentBufferMeta} keeping {@code src} out of its pool until dest is gone.
     */
    static void copyInto(Buffer src, Buffer dest, Set<BufferCopyFlag> copyFlags, long offset, long size) {
        Objects.requireNonNull(dest, "dest");
        Objects.requireNonNull(copyFlags, "copyFlags");
        if (dest == src) {
            return;
        }
        src.checkAlive("copy");
        dest.checkWritable("copy into");
        long bufsize = src.size();
        if (offset < 0 || offset > bufsize) {
            throw new IllegalArgumentException("copy offset " + offset + " outside " + src);
        }
        long sz = size == -1 ? bufsize - offset : size;
        if (sz < 0 || sz > bufsize - offset) {
            throw new IllegalArgumentException("copy of " + sz + " bytes at " + offset + " outside " + src);
        }
        boolean region = offset > 0 || sz < bufsize;
        boolean deep = copyFlags.contains(BufferCopyFlag.DEEP);
        boolean merge = copyFlags.contains(BufferCopyFlag.MERGE);
        boolean memory = copyFlags.contains(BufferCopyFlag.MEMORY);

        if (copyFlags.contains(BufferCopyFlag.FLAGS)) {
            dest.flags = (src.flags & ~Buffer.TAG_MEMORY) | (dest.flags & Buffer.TAG_MEMORY);
        }
        if (copyFlags.contains(BufferCopyFlag.TIMESTAMPS)) {
            copyTimestamps(src, dest, offset == 0, sz == bufsize);
        }
        boolean sharingMemory = memory && copyMemories(src, dest, offset, sz, deep, merge);
        if (copyFlags.contains(BufferCopyFlag.META)) {
            MetaTransform.Copy transform = null;
            for (int i = 0; i < src.metaCount; i++) {
                Meta meta = src.metas[i];
                MetaApi api = meta.api();
                if ((region || !memory || merge) && api.hasTag(MetaTags.MEMORY)) {
                    continue;
                }
                if (deep && api.hasTag(MetaTags.MEMORY_REFERENCE)) {
                    continue;
                }
                if (transform == null) {
                    transform = new MetaTransform.Copy(region, offset, sz);
                }
                meta.info().transform(dest, meta, src, transform);
            }
        }
        if (sharingMemory && src.recycler() != null) {
            ParentBufferMeta.add(dest, src);
        }
        src.touch("copied");
    }

    /** pts, dts and offset from the start; duration and offsetEnd only with the whole buffer. */
    private static void copyTimestamps(Buffer src, Buffer dest, boolean fromStart, boolean whole) {
        if (fromStart) {
            dest.pts = src.pts;
            dest.dts = src.dts;
            dest.offset = src.offset;
            if (whole) {
                dest.duration = src.duration;
                dest.offsetEnd = src.offsetEnd;
            }
        } else {
            dest.pts = ClockTime.NONE;
            dest.dts = ClockTime.NONE;
            dest.duration = ClockTime.NONE;
            dest.offset = ClockTime.NONE;
            dest.offsetEnd = ClockTime.NONE;
        }
    }

    /**
     * The MEMORY part of {@link #copyInto}: appends to dest the memories holding {@code sz}
     * bytes from {@code offset}; returns whether dest now holds one of src's memories itself.
     */
    private static boolean copyMemories(Buffer src, Buffer dest, long offset, long sz, boolean deep,
            boolean merge) {
        boolean sharingMemory = false;
        int destLen = dest.memCount;
        try {
            long skip = offset;
            long left = sz;
            for (int i = 0; i < src.memCount && left > 0; i++) {
                Memory mem = src.mems[i];
                long bsize = mem.size();
                if (bsize <= skip) {
                    skip -= bsize;
                    continue;
                }
                long tocopy = Math.min(bsize - skip, left);
                boolean noShare = mem.hasFlag(MemoryFlag.NO_SHARE);
                Memory held = null;
                if (tocopy < bsize && !deep && !noShare) {
                    held = mem.tryShare(skip, tocopy);
                    if (held != null) {
                        held.lock(LockFlags.EXCLUSIVE);
                    }
                }
                if (deep || noShare || (held == null && tocopy < bsize)) {
                    held = mem.copy(skip, tocopy, deep ? CopyReason.DEEP_COPY : CopyReason.REGION_COPY);
                    held.lock(LockFlags.EXCLUSIVE);
                } else if (held == null) {
                    held = BufferMemories.exclusiveReference(mem, CopyReason.REGION_COPY, false);
                    sharingMemory |= held == mem;
                }
                skip = 0;
                BufferMemories.add(dest, -1, held);
                left -= tocopy;
            }
            if (merge && dest.memCount > 0) {
                int len = dest.memCount;
                Memory merged = BufferMemories.merged(dest, 0, len);
                sharingMemory &= merged == dest.mems[0];
                BufferMemories.replaceRange(dest, 0, len, merged);
            }
        } catch (RuntimeException | Error e) {
            if (dest.memCount > destLen) {
                BufferMemories.replaceRange(dest, destLen, dest.memCount - destLen, null);
            }
            throw e;
        }
        return sharingMemory;
    }

    /** {@link Buffer#appendRegion}: consumes both references. */
    static Buffer appendRegion(Buffer buf1, Buffer buf2, long offset, long size) {
        Objects.requireNonNull(buf1, "buf1");
        Objects.requireNonNull(buf2, "buf2");
        Buffer b1 = buf1.makeWritable();
        Buffer b2 = buf2.makeWritable();
        b2.resize(offset, size);
        for (int i = 0; i < b2.memCount; i++) {
            Memory mem = b2.mems[i];
            b2.mems[i] = null;
            BufferMemories.add(b1, -1, mem); // the lock and reference move from b2 to b1
        }
        b2.memCount = 0;
        b2.flags |= Buffer.TAG_MEMORY;
        b2.unref();
        return b1;
    }
}
