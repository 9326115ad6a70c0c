package org.zeropipe.core.buffer;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.LockFlags;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * A buffer's array of up to {@value Buffer#MAX_MEMORY} memories: inserting, replacing,
 * removing and merging them (gstbuffer.c's {@code _memory_add}, {@code _replace_memory},
 * {@code _get_merged_memory}).
 *
 * <p>The rule every method keeps: each of {@code mems[0, memCount)} is held by the buffer with
 * one reference <em>and</em> an {@link LockFlags#EXCLUSIVE} lock (so a memory held by two
 * buffers is shared, hence copied on write), the slots after {@code memCount} are null, and
 * every change calls {@link BufferMetas#memoryChanged}, which sets
 * {@link BufferFlag#TAG_MEMORY} and tells the {@code memory}-tagged metas.
 */
final class BufferMemories {

    private BufferMemories() {
    }

    // ---------------------------------------------------------------- the public operations

    /** {@link Buffer#getMemoryRange}. */
    static Memory getRange(Buffer b, int idx, int length) {
        b.checkAlive("get memory from");
        int n = resolveRange(b, idx, length, false);
        if (n == 0) {
            return null;
        }
        return merged(b, idx, n);
    }

    /** {@link Buffer#insertMemory}: takes over the caller's reference unless it throws. */
    static void insert(Buffer b, int idx, Memory memory) {
        Objects.requireNonNull(memory, "memory");
        b.checkWritable("insert a memory into");
        if (idx != -1 && (idx < 0 || idx > b.memCount)) {
            throw new IndexOutOfBoundsException("insert index " + idx + " outside [0, " + b.memCount + "] or -1");
        }
        if (memory.isReleased()) {
            throw new IllegalStateException("cannot insert " + memory + " into " + b + ": it was released");
        }
        int at = makeRoom(b, idx);
        add(b, at, exclusiveReference(memory, CopyReason.COPY_ON_WRITE, true));
    }

    /** {@link Buffer#replaceMemoryRange}: takes over the caller's reference unless it throws. */
    static void replace(Buffer b, int idx, int length, Memory memory) {
        Objects.requireNonNull(memory, "memory");
        b.checkWritable("replace the memory of");
        int n = resolveRange(b, idx, length, false);
        if (memory.isReleased()) {
            throw new IllegalStateException("cannot put " + memory + " into " + b + ": it was released");
        }
        replaceRange(b, idx, n, memory);
    }

    /** {@link Buffer#removeMemoryRange}. */
    static void remove(Buffer b, int idx, int length) {
        b.checkWritable("remove memory from");
        int n = resolveRange(b, idx, length, true);
        replaceRange(b, idx, n, null);
    }

    /** {@link Buffer#isMemoryRangeWritable}: none of the memories is shared. */
    static boolean isRangeWritable(Buffer b, int idx, int length) {
        b.checkAlive("check");
        int n = resolveRange(b, idx, length, false);
        for (int i = idx; i < idx + n; i++) {
            if (!b.mems[i].isWritable()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives back the buffer's lock and reference on each memory (when it is freed); returns the
     * first failure, later ones suppressed in it, so that every memory is released.
     */
    static RuntimeException releaseAll(Buffer b, RuntimeException failure) {
        for (int i = 0; i < b.memCount; i++) {
            Memory m = b.mems[i];
            b.mems[i] = null;
            try {
                m.unlock(LockFlags.EXCLUSIVE);
                m.unref();
            } catch (RuntimeException e) {
                failure = Buffer.addFailure(failure, e);
            }
        }
        b.memCount = 0;
        return failure;
    }

    // ---------------------------------------------------------------- the array

    /**
     * Resolves a memory range as GStreamer does ({@code length == -1}: to the end; an empty
     * buffer's {@code (0, -1)} is the empty range); returns its length.
     *
     * @throws IndexOutOfBoundsException if the range is outside the memories
     */
    static int resolveRange(Buffer b, int idx, int length, boolean allowEmpty) {
        int len = b.memCount;
        if (len == 0 && idx == 0 && length == -1) {
            return 0;
        }
        if (length == -1 && idx >= 0 && idx < len) {
            return len - idx;
        }
        if (idx >= 0 && (length > 0 || (allowEmpty && length == 0)) && length <= len - idx) {
            return length;
        }
        throw new IndexOutOfBoundsException("memory range idx " + idx + ", length " + length + " outside the "
                + len + " memories of " + b);
    }

    /**
     * An exclusively locked reference to {@code mem}: {@code mem} itself, or a copy when it
     * cannot be locked (mapped for WRITE by another owner). With {@code consume}, the caller's
     * reference is taken over; otherwise a new one is added.
     */
    static Memory exclusiveReference(Memory mem, CopyReason reason, boolean consume) {
        if (mem.lock(LockFlags.EXCLUSIVE)) {
            return consume ? mem : mem.ref();
        }
        Memory copy = mem.copy(0, -1, reason);
        copy.lock(LockFlags.EXCLUSIVE);
        if (consume) {
            mem.unref();
        }
        return copy;
    }

    /**
     * With {@value Buffer#MAX_MEMORY} memories, merges them into one (GStreamer merges all of
     * them too); returns where an insert at {@code idx} goes then: after a merge only "first"
     * keeps its meaning, anything else appends (GStreamer leaves this as a FIXME).
     */
    private static int makeRoom(Buffer b, int idx) {
        int len = b.memCount;
        if (len < Buffer.MAX_MEMORY) {
            return idx;
        }
        replaceRange(b, 0, len, merged(b, 0, len));
        return idx == 0 ? 0 : -1;
    }

    /**
     * Adds a memory that is already referenced and locked for the buffer at {@code idx}
     * ({@code -1}: at the end), merging first if the array is full. If that merge throws,
     * the held memory is given back.
     */
    static void add(Buffer b, int idx, Memory held) {
        try {
            idx = makeRoom(b, idx);
        } catch (RuntimeException | Error e) {
            held.unlock(LockFlags.EXCLUSIVE);
            held.unref();
            throw e;
        }
        int len = b.memCount;
        if (idx == -1 || idx > len) {
            idx = len;
        }
        System.arraycopy(b.mems, idx, b.mems, idx + 1, len - idx);
        b.mems[idx] = held;
        b.memCount = len + 1;
        BufferMetas.memoryChanged(b, idx, 1);
    }

    /**
     * Replaces {@code length} memories from {@code idx} with {@code mem} (referenced for the
     * buffer, not yet locked; null to just remove). The old ones are unlocked and unreferenced
     * first; if {@code mem} cannot then be held, it is unreferenced and the range stays removed.
     */
    static void replaceRange(Buffer b, int idx, int length, Memory mem) {
        Memory[] mems = b.mems;
        int end = idx + length;
        for (int i = idx; i < end; i++) {
            Memory old = mems[i];
            mems[i] = null;
            old.unlock(LockFlags.EXCLUSIVE);
            old.unref();
        }
        int at = idx;
        if (mem != null) {
            Memory held;
            try {
                held = exclusiveReference(mem, CopyReason.COPY_ON_WRITE, true);
            } catch (RuntimeException | Error e) {
                mem.unref();
                System.arraycopy(mems, end, mems, idx, b.memCount - end);
                Arrays.fill(mems, b.memCount - length, b.memCount, null);
                b.memCount -= length;
                throw e;
            }
            mems[at++] = held;
        }
        System.arraycopy(mems, end, mems, at, b.memCount - end);
        int newCount = b.memCount - length + (mem != null ? 1 : 0);
        for (int i = newCount; i < b.memCount; i++) {
            mems[i] = null;
        }
        b.memCount = newCount;
        BufferMetas.memoryChanged(b, idx, mem != null ? 1 : 0);
    }

    /**
     * {@code length} memories from {@code idx} as one memory, with a new reference, not
     * locked: the memory itself, one share of the parent they span, or a merged copy
     * ({@link CopyReason#MERGE}).
     */
    static Memory merged(Buffer b, int idx, int length) {
        Memory[] mems = b.mems;
        if (length == 1) {
            return mems[idx].ref();
        }
        long size = 0;
        for (int i = idx; i < idx + length; i++) {
            size += mems[i].size();
        }
        long parentOffset = spanOffset(mems, idx, length);
        if (parentOffset >= 0) {
            Memory parent = mems[idx].parent();
            Memory result = parent.hasFlag(MemoryFlag.NO_SHARE) ? null : parent.tryShare(parentOffset, size);
            return result != null ? result : parent.copy(parentOffset, size, CopyReason.MERGE);
        }
        Memory result = Allocators.defaultAllocator().alloc(size);
        try (Mapping to = result.map(MapFlags.WRITE)) {
            long at = 0;
            for (int i = idx; i < idx + length; i++) {
                Memory mem = mems[i];
                if (mem.size() == 0) {
                    continue;
                }
                try (Mapping from = mem.map(MapFlags.READ)) {
                    MemorySegment.copy(from.segment(), 0, to.segment(), at, from.size());
                    at += from.size();
                }
                CopyTracers.record(mem.type(), mem.size(), CopyReason.MERGE);
            }
        } catch (RuntimeException | Error e) {
            result.unref();
            throw e;
        }
        return result;
    }

    /** Where the span of memories starts in their common parent, or -1 if they do not span. */
    private static long spanOffset(Memory[] mems, int idx, int length) {
        long first = -1;
        for (int i = idx; i + 1 < idx + length; i++) {
            long o = mems[i].spanOffset(mems[i + 1]);
            if (o < 0) {
                return -1;
            }
            if (first < 0) {
                first = o;
            }
        }
        return first;
    }
}
