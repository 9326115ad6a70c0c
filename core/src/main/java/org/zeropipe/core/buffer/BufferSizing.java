package org.zeropipe.core.buffer;

import java.util.Optional;
import org.zeropipe.core.memory.LockFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.trace.CopyReason;

/**
 * A buffer's sizes: finding the memories that hold a byte range, measuring a range of
 * memories, and resizing them (gstbuffer.c's {@code gst_buffer_find_memory},
 * {@code gst_buffer_get_sizes_range}, {@code gst_buffer_resize_range}). Nothing here allocates
 * on the pool's path ({@link Buffer#resetForReuse(long)}).
 */
final class BufferSizing {

    static final int SIZE = 0;
    static final int OFFSET = 1;
    static final int MAX_SIZE = 2;

    private BufferSizing() {
    }

    /** {@link Buffer#size()}: the valid bytes of all memories. */
    static long size(Buffer b) {
        long s = 0;
        for (int i = 0; i < b.memCount; i++) {
            s += b.mems[i].size();
        }
        return s;
    }

    /** {@link Buffer#findMemory}. */
    static Optional<MemorySpan> find(Buffer b, long offset, long size) {
        b.checkAlive("search");
        long off = offset;
        long found = 0;
        int first = -1;
        long skip = 0;
        for (int i = 0; i < b.memCount; i++) {
            long s = b.mems[i].size();
            if (first < 0 && s <= off) {
                off -= s;
                continue;
            }
            if (first < 0) {
                first = i;
                skip = off;
                if (size == -1) {
                    return Optional.of(new MemorySpan(i, b.memCount - i, skip));
                }
                s -= off;
            }
            found += s;
            if (found >= size) {
                return Optional.of(new MemorySpan(first, i - first + 1, skip));
            }
        }
        return Optional.empty();
    }

    /** {@link Buffer#sizesRange}. */
    static BufferSizes sizesRange(Buffer b, int idx, int length) {
        b.checkAlive("measure");
        int n = BufferMemories.resolveRange(b, idx, length, true);
        return new BufferSizes(rangeSizes(b, idx, n, SIZE), rangeSizes(b, idx, n, OFFSET),
                rangeSizes(b, idx, n, MAX_SIZE));
    }

    /**
     * One of {@link #SIZE}, {@link #OFFSET} (the room before the first byte) and
     * {@link #MAX_SIZE} of a range, without allocating (the pool path uses it). Empty memories
     * count as room: before the data when they come first, after it when they come last.
     */
    static long rangeSizes(Buffer b, int idx, int n, int which) {
        long size = 0;
        long offs = 0;
        long extra = 0;
        for (int i = idx; i < idx + n; i++) {
            Memory m = b.mems[i];
            long s = m.size();
            long o = m.offset();
            long ms = m.maxSize();
            if (s != 0) {
                if (size == 0) {
                    offs = extra + o;
                }
                size += s;
                extra = ms - (o + s);
            } else {
                extra += ms;
            }
        }
        return which == SIZE ? size : which == OFFSET ? offs : offs + size + extra;
    }

    /**
     * The size part of {@link Buffer#resetForReuse(long)}: when the memories are intact (no
     * TAG_MEMORY) and have room, the size back to {@code size} from the start of their room.
     */
    static void resetSize(Buffer b, long size) {
        if ((b.flags & Buffer.TAG_MEMORY) == 0 && b.memCount > 0) {
            long offs = rangeSizes(b, 0, b.memCount, OFFSET);
            if (rangeSizes(b, 0, b.memCount, MAX_SIZE) >= size) {
                resizeRange(b, 0, -1, -offs, size);
            }
        }
    }

    /**
     * {@link Buffer#resizeRange}: the start moves by {@code offsetDelta}, the total becomes
     * {@code size} ({@code -1}: keep the end). A writable memory is resized in place; a shared
     * one is replaced by a share view of its new range (a copy if NO_SHARE), since resizing it
     * would change what its other owners see.
     */
    static void resizeRange(Buffer b, int idx, int length, long offsetDelta, long size) {
        b.checkWritable("resize");
        if (size < -1) {
            throw new IllegalArgumentException("size < -1: " + size);
        }
        int n = BufferMemories.resolveRange(b, idx, length, true);
        long bufsize = rangeSizes(b, idx, n, SIZE);
        long bufoffs = rangeSizes(b, idx, n, OFFSET);
        long bufmax = rangeSizes(b, idx, n, MAX_SIZE);
        if (offsetDelta < 0 ? bufoffs < -offsetDelta : bufoffs + offsetDelta > bufmax) {
            throw new IllegalArgumentException("cannot move the start of " + b + " by " + offsetDelta
                    + ": only " + bufoffs + " bytes before and " + (bufmax - bufoffs) + " after it");
        }
        if (size == -1) {
            if (bufsize < offsetDelta) {
                throw new IllegalArgumentException("cannot move the start of " + b + " past its end");
            }
            size = bufsize - offsetDelta;
        }
        if (bufmax < bufoffs + offsetDelta + size) {
            throw new IllegalArgumentException("cannot resize " + b + " to " + size + " bytes at offset "
                    + offsetDelta + ": only " + bufmax + " bytes of room");
        }
        if (offsetDelta == 0 && size == bufsize) {
            return;
        }
        Memory[] mems = b.mems;
        int end = idx + n;
        boolean changed = false;
        for (int i = idx; i < end; i++) {
            Memory mem = mems[i];
            long bsize = mem.size();
            long noffs = 0;
            long left;
            if (i + 1 == end) {
                left = size; // the last memory gets the rest
            } else if (bsize <= offsetDelta) {
                left = 0;
                noffs = offsetDelta - bsize;
                offsetDelta = 0;
            } else {
                left = Math.min(bsize - offsetDelta, size);
            }
            if (offsetDelta != 0 || left != bsize) {
                if (mem.isWritable()) {
                    mem.resize(offsetDelta, left);
                } else {
                    Memory view = mem.hasFlag(MemoryFlag.NO_SHARE) ? null : mem.tryShare(offsetDelta, left);
                    if (view == null) {
                        view = mem.copy(offsetDelta, left, CopyReason.REGION_COPY);
                    }
                    view.lock(LockFlags.EXCLUSIVE);
                    mems[i] = view;
                    mem.unlock(LockFlags.EXCLUSIVE);
                    mem.unref();
                    changed = true;
                }
            }
            offsetDelta = noffs;
            size -= left;
        }
        if (changed) {
            BufferMetas.memoryChanged(b, idx, n);
        }
    }
}
