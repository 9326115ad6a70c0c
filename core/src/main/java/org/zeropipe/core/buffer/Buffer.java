package org.zeropipe.core.buffer;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.zeropipe.core.AbstractRefCounted;
import org.zeropipe.core.RefCounted;
import org.zeropipe.core.leak.LeakRecord;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.LockFlags;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaFlag;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;
import org.zeropipe.core.meta.ParentBufferMeta;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * The unit of data flow: up to {@value #MAX_MEMORY} memories, timing, flags and metas.
 * GStreamer's {@code GstBuffer}.
 *
 * <h2>Ownership</h2>
 * A buffer is refcounted ({@link RefCounted}). Pushing it downstream hands over the caller's
 * reference. It is <em>writable</em> only while it has one reference (and, inside a
 * {@link BufferList}, while that list is writable): every method that changes it checks that
 * and throws {@link IllegalStateException} otherwise. {@link #makeWritable()} gives a writable
 * buffer: this one, or a copy that shares the memories.
 *
 * <h2>Memories</h2>
 * A buffer holds each of its memories with a reference and an exclusive lock. A memory held by
 * two buffers is shared, so not writable: mapping such a buffer for WRITE copies that memory
 * first (copy on write, per memory, when it is written, counted as
 * {@link CopyReason#COPY_ON_WRITE}). Adding a 17th memory merges the others into one: by one
 * share when they are contiguous views of one parent, else by copying
 * ({@link CopyReason#MERGE}). Every change to the memories sets {@link BufferFlag#TAG_MEMORY}.
 *
 * <h2>Pools</h2>
 * A buffer with a {@link BufferRecycler} goes back to it when its last reference goes; see
 * {@link BufferRecycler} for the contract and {@link #resetForReuse()}.
 *
 * <h2>Threads</h2>
 * References may be taken and given back on any thread. A writable buffer belongs to its one
 * owner; reading a non-writable buffer from several threads is safe.
 */
public final class Buffer extends AbstractRefCounted {

    /** The most memories a buffer holds; adding more merges them. */
    public static final int MAX_MEMORY = 16;

    static {
        LeakTracker.hideFrames(Buffer.class);
    }

    private static final int TAG_MEMORY = BufferFlag.TAG_MEMORY.bit();

    private final Memory[] mems = new Memory[MAX_MEMORY];
    private int memCount;
    private Meta[] metas;
    private int metaCount;
    private int flags;
    private long pts = ClockTime.NONE;
    private long dts = ClockTime.NONE;
    private long duration = ClockTime.NONE;
    private long offset = ClockTime.NONE;
    private long offsetEnd = ClockTime.NONE;
    private volatile BufferRecycler recycler;
    // The BufferLists holding this buffer (GStreamer's mini-object parents): inside a list, a
    // buffer is writable only if the list is. Guarded by this; the count is read without it.
    private BufferList[] parents;
    private volatile int parentCount;
    private final LeakRecord leak;

    private Buffer() {
        leak = LeakTracker.track(this, LeakTracker.ORDER_BUFFER, Buffer::releaseLeaked);
    }

    // ---------------------------------------------------------------- creation

    /** A new buffer without memory; the caller owns its one reference. */
    public static Buffer create() {
        return new Buffer();
    }

    /** A new buffer with {@code size} bytes from the default allocator (no memory if 0). */
    public static Buffer allocate(long size) {
        return allocate(null, size, null);
    }

    /**
     * A new buffer with one memory of {@code size} bytes from {@code allocator} (the default
     * when null) laid out by {@code params} (default when null); no memory when size is 0.
     * The data is not cleared. {@link BufferFlag#TAG_MEMORY} is not set.
     */
    public static Buffer allocate(Allocator allocator, long size, AllocationParams params) {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        Buffer buffer = new Buffer();
        if (size > 0) {
            Allocator a = allocator != null ? allocator : Allocators.defaultAllocator();
            Memory mem;
            try {
                mem = a.alloc(size, params != null ? params : AllocationParams.DEFAULT);
                mem.lock(LockFlags.EXCLUSIVE);
            } catch (RuntimeException | Error e) {
                buffer.unref();
                throw e;
            }
            buffer.mems[0] = mem;
            buffer.memCount = 1;
        }
        return buffer;
    }

    /** A new buffer holding {@code memory}; takes ownership of the caller's reference. */
    public static Buffer wrap(Memory memory) {
        Objects.requireNonNull(memory, "memory");
        Buffer buffer = new Buffer();
        try {
            buffer.insertMemory(-1, memory);
        } catch (RuntimeException | Error e) {
            buffer.unref();
            throw e;
        }
        buffer.flags &= ~TAG_MEMORY;
        return buffer;
    }

    // ---------------------------------------------------------------- references

    @Override
    public Buffer ref() {
        retain();
        return this;
    }

    /**
     * The last reference went ({@link #unref()}): the buffer returns to its
     * {@link #recycler()} if it has one, else it is freed: its memories are unlocked and
     * unreferenced and its metas freed, at once.
     */
    @Override
    protected void lastReferenceGone() {
        BufferRecycler r = recycler;
        if (r != null) {
            // GStreamer's dispose: revive the buffer and hand the reference to the pool.
            recycler = null;
            revive();
            if (leak != null) {
                leak.touch("recycled");
            }
            r.recycle(this);
            return;
        }
        dispose();
    }

    private void dispose() {
        RuntimeException failure = null;
        for (int i = 0; i < memCount; i++) {
            Memory m = mems[i];
            mems[i] = null;
            try {
                m.unlock(LockFlags.EXCLUSIVE);
                m.unref();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        memCount = 0;
        for (int i = 0; i < metaCount; i++) {
            Meta m = metas[i];
            metas[i] = null;
            try {
                m.info().free(m, this);
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        metaCount = 0;
        if (leak != null) {
            leak.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** The leak tracker's way to free a buffer a test leaked. */
    private static void releaseLeaked(Buffer b) {
        b.recycler = null; // so that lastReferenceGone frees it
        b.releaseAllReferences();
    }

    @Override
    protected LeakRecord leakRecord() {
        return leak;
    }

    /**
     * Whether the caller may change this buffer: one reference, and not inside a shared
     * {@link BufferList}.
     */
    public boolean isWritable() {
        if (refCount() != 1) {
            return false;
        }
        if (parentCount == 0) {
            return true;
        }
        synchronized (this) {
            return parentCount == 1 && parents[0].isWritable();
        }
    }

    /**
     * Returns a writable buffer with this buffer's contents, consuming the caller's reference:
     * this buffer if {@link #isWritable()}, else a {@link #copy()} sharing the memories (which
     * are copied only when written).
     */
    public Buffer makeWritable() {
        checkAlive("make writable");
        if (isWritable()) {
            return this;
        }
        Buffer copy = copy();
        unref();
        return copy;
    }

    synchronized void addParent(BufferList list) {
        if (parents == null) {
            parents = new BufferList[2];
        } else if (parentCount == parents.length) {
            parents = Arrays.copyOf(parents, parentCount * 2);
        }
        parents[parentCount++] = list;
    }

    synchronized void removeParent(BufferList list) {
        for (int i = 0; i < parentCount; i++) {
            if (parents[i] == list) {
                System.arraycopy(parents, i + 1, parents, i, parentCount - i - 1);
                parents[--parentCount] = null;
                return;
            }
        }
    }

    // ---------------------------------------------------------------- the pool hook

    /** The recycler this buffer returns to when its last reference goes, or null. */
    public BufferRecycler recycler() {
        return recycler;
    }

    /**
     * Sets (or, with null, clears) where this buffer goes when its last reference goes, instead
     * of being freed. For buffer pools; see {@link BufferRecycler}.
     */
    public void setRecycler(BufferRecycler recycler) {
        checkAlive("set the recycler of");
        this.recycler = recycler;
    }

    /**
     * Clears what a user of a pooled buffer may have set, as GStreamer's default pool reset:
     * all flags but {@link BufferFlag#TAG_MEMORY}, the timestamps and offsets (to NONE), and
     * every meta not flagged {@link MetaFlag#POOLED} (even locked ones). Leaves the memories
     * and their sizes alone. Allocates nothing.
     */
    public void resetForReuse() {
        checkWritable("reset");
        flags &= TAG_MEMORY;
        pts = ClockTime.NONE;
        dts = ClockTime.NONE;
        duration = ClockTime.NONE;
        offset = ClockTime.NONE;
        offsetEnd = ClockTime.NONE;
        int kept = 0;
        for (int i = 0; i < metaCount; i++) {
            Meta m = metas[i];
            if (m.hasFlag(MetaFlag.POOLED)) {
                metas[kept++] = m;
            } else {
                m.unsetFlag(MetaFlag.LOCKED);
                m.info().free(m, this);
            }
        }
        for (int i = kept; i < metaCount; i++) {
            metas[i] = null;
        }
        metaCount = kept;
    }

    /**
     * {@link #resetForReuse()}, and, when the memories are intact (no
     * {@link BufferFlag#TAG_MEMORY}) and have room, the size back to {@code size} from the
     * start of the memories' room, as GStreamer's default pool reset. A memory that is shared
     * is replaced by a view instead of resized, which sets TAG_MEMORY: the pool then drops the
     * buffer. Allocates nothing when the memories are exclusive.
     */
    public void resetForReuse(long size) {
        resetForReuse();
        if ((flags & TAG_MEMORY) == 0 && memCount > 0) {
            long offs = rangeSizes(0, memCount, OFFSET);
            if (rangeSizes(0, memCount, MAX_SIZE) >= size) {
                resizeRange(0, -1, -offs, size);
            }
        }
    }

    // ---------------------------------------------------------------- timing and flags

    /** Presentation time in ns, or {@link ClockTime#NONE}. */
    public long pts() {
        return pts;
    }

    public void setPts(long pts) {
        checkWritable("set the pts of");
        this.pts = pts;
    }

    /** Decoding time in ns, or {@link ClockTime#NONE}. */
    public long dts() {
        return dts;
    }

    public void setDts(long dts) {
        checkWritable("set the dts of");
        this.dts = dts;
    }

    /** Duration in ns, or {@link ClockTime#NONE}. */
    public long duration() {
        return duration;
    }

    public void setDuration(long duration) {
        checkWritable("set the duration of");
        this.duration = duration;
    }

    /** A media-specific offset (a frame or sample number, a byte offset), or NONE (-1). */
    public long offset() {
        return offset;
    }

    public void setOffset(long offset) {
        checkWritable("set the offset of");
        this.offset = offset;
    }

    /** The media-specific offset of the end, or NONE (-1). */
    public long offsetEnd() {
        return offsetEnd;
    }

    public void setOffsetEnd(long offsetEnd) {
        checkWritable("set the offset end of");
        this.offsetEnd = offsetEnd;
    }

    public boolean hasFlag(BufferFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    public void setFlag(BufferFlag flag) {
        checkWritable("set a flag on");
        flags |= flag.bit();
    }

    public void unsetFlag(BufferFlag flag) {
        checkWritable("unset a flag on");
        flags &= ~flag.bit();
    }

    public Set<BufferFlag> flags() {
        java.util.EnumSet<BufferFlag> set = java.util.EnumSet.noneOf(BufferFlag.class);
        for (BufferFlag f : BufferFlag.values()) {
            if (hasFlag(f)) {
                set.add(f);
            }
        }
        return set;
    }

    /** The {@link BufferFlag} bits. */
    public int flagBits() {
        return flags;
    }

    // ---------------------------------------------------------------- memories

    public int memoryCount() {
        return memCount;
    }

    /**
     * The memory at {@code idx}, borrowed: valid until the buffer's memories change or the
     * buffer is released. Do not unref it.
     */
    public Memory peekMemory(int idx) {
        checkAlive("peek into");
        Objects.checkIndex(idx, memCount);
        return mems[idx];
    }

    /** The memory at {@code idx} with a new reference for the caller. */
    public Memory getMemory(int idx) {
        return getMemoryRange(idx, 1);
    }

    /** All memories merged into one, with a reference for the caller; null if there are none. */
    public Memory getAllMemory() {
        return memCount == 0 ? null : getMemoryRange(0, -1);
    }

    /**
     * {@code length} memories from {@code idx} ({@code -1}: to the end) as one memory, with a
     * reference for the caller: the memory itself, a share of their parent when they span, or
     * a merged copy.
     */
    public Memory getMemoryRange(int idx, int length) {
        checkAlive("get memory from");
        int n = resolveRange(idx, length, false);
        if (n == 0) {
            return null;
        }
        return mergedMemory(idx, n);
    }

    /** {@link #insertMemory} at the end. */
    public void appendMemory(Memory memory) {
        insertMemory(-1, memory);
    }

    /** {@link #insertMemory} at the start. */
    public void prependMemory(Memory memory) {
        insertMemory(0, memory);
    }

    /**
     * Inserts {@code memory} at {@code idx} ({@code -1}: at the end), taking ownership of the
     * caller's reference. With {@value #MAX_MEMORY} memories already, they are first merged
     * into one; then an insert at 0 stays first and any other goes last. If the memory is
     * mapped for WRITE by another owner it cannot be locked, and a copy is inserted instead.
     * On an exception the caller keeps its reference.
     *
     * @throws IllegalStateException if this buffer is not writable or the memory was released
     */
    public void insertMemory(int idx, Memory memory) {
        Objects.requireNonNull(memory, "memory");
        checkWritable("insert a memory into");
        if (idx != -1 && (idx < 0 || idx > memCount)) {
            throw new IndexOutOfBoundsException("insert index " + idx + " outside [0, " + memCount + "] or -1");
        }
        if (memory.isReleased()) {
            throw new IllegalStateException("cannot insert " + memory + " into " + this + ": it was released");
        }
        int at = makeRoom(idx);
        memoryAdd(at, exclusiveReference(memory, CopyReason.COPY_ON_WRITE, true));
    }

    /** Replaces the memory at {@code idx} with {@code memory}, taking ownership of it. */
    public void replaceMemory(int idx, Memory memory) {
        replaceMemoryRange(idx, 1, memory);
    }

    /** Replaces all memories with {@code memory}, taking ownership of it. */
    public void replaceAllMemory(Memory memory) {
        replaceMemoryRange(0, -1, memory);
    }

    /**
     * Replaces {@code length} memories from {@code idx} ({@code -1}: to the end) with
     * {@code memory}, taking ownership of it.
     */
    public void replaceMemoryRange(int idx, int length, Memory memory) {
        Objects.requireNonNull(memory, "memory");
        checkWritable("replace the memory of");
        int n = resolveRange(idx, length, false);
        if (memory.isReleased()) {
            throw new IllegalStateException("cannot put " + memory + " into " + this + ": it was released");
        }
        replaceRange(idx, n, memory);
    }

    public void removeMemory(int idx) {
        removeMemoryRange(idx, 1);
    }

    public void removeAllMemory() {
        if (memCount != 0) {
            removeMemoryRange(0, -1);
        }
    }

    /** Removes {@code length} memories from {@code idx} ({@code -1}: to the end). */
    public void removeMemoryRange(int idx, int length) {
        checkWritable("remove memory from");
        int n = resolveRange(idx, length, true);
        replaceRange(idx, n, null);
    }

    /**
     * Whether the {@code length} memories from {@code idx} are all writable (not shared). Says
     * nothing of the buffer itself; see {@link #isWritable()}.
     */
    public boolean isMemoryRangeWritable(int idx, int length) {
        checkAlive("check");
        int n = resolveRange(idx, length, false);
        for (int i = idx; i < idx + n; i++) {
            if (!mems[i].isWritable()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every memory is writable (not shared). Pools check this when a buffer comes back. */
    public boolean isAllMemoryWritable() {
        return memCount == 0 || isMemoryRangeWritable(0, -1);
    }

    /**
     * Finds the memories holding {@code size} bytes from byte {@code offset}
     * ({@code size == -1}: all memories from the one holding {@code offset}).
     */
    public Optional<MemorySpan> findMemory(long offset, long size) {
        checkAlive("search");
        long off = offset;
        long found = 0;
        int first = -1;
        long skip = 0;
        for (int i = 0; i < memCount; i++) {
            long s = mems[i].size();
            if (first < 0 && s <= off) {
                off -= s;
                continue;
            }
            if (first < 0) {
                first = i;
                skip = off;
                if (size == -1) {
                    return Optional.of(new MemorySpan(i, memCount - i, skip));
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

    // ---------------------------------------------------------------- sizes

    /** The number of valid bytes in all memories. */
    public long size() {
        long s = 0;
        for (int i = 0; i < memCount; i++) {
            s += mems[i].size();
        }
        return s;
    }

    /** Size, offset room and max size of all memories; see {@link BufferSizes}. */
    public BufferSizes sizes() {
        return sizesRange(0, -1);
    }

    /** Size, offset room and max size of {@code length} memories from {@code idx}. */
    public BufferSizes sizesRange(int idx, int length) {
        checkAlive("measure");
        int n = resolveRange(idx, length, true);
        return new BufferSizes(rangeSizes(idx, n, SIZE), rangeSizes(idx, n, OFFSET), rangeSizes(idx, n, MAX_SIZE));
    }

    private static final int SIZE = 0;
    private static final int OFFSET = 1;
    private static final int MAX_SIZE = 2;

    /** One of size, offset room, max size of a range, without allocating (the pool path uses it). */
    private long rangeSizes(int idx, int n, int which) {
        long size = 0;
        long offs = 0;
        long extra = 0;
        for (int i = idx; i < idx + n; i++) {
            Memory m = mems[i];
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

    /** Sets the total size, keeping the start. */
    public void setSize(long size) {
        resizeRange(0, -1, 0, size);
    }

    /** Moves the start by {@code offsetDelta} bytes and sets the size ({@code -1}: keep the end). */
    public void resize(long offsetDelta, long size) {
        resizeRange(0, -1, offsetDelta, size);
    }

    /**
     * Resizes the {@code length} memories from {@code idx}: their start moves by
     * {@code offsetDelta} (into their prefix when negative) and their total becomes
     * {@code size} ({@code -1}: keep the end). Shared memories are not resized but replaced by
     * a share view of the new range (or a copy if they are NO_SHARE).
     *
     * @throws IllegalArgumentException if the range leaves the memories' blocks
     */
    public void resizeRange(int idx, int length, long offsetDelta, long size) {
        checkWritable("resize");
        if (size < -1) {
            throw new IllegalArgumentException("size < -1: " + size);
        }
        int n = resolveRange(idx, length, true);
        long bufsize = rangeSizes(idx, n, SIZE);
        long bufoffs = rangeSizes(idx, n, OFFSET);
        long bufmax = rangeSizes(idx, n, MAX_SIZE);
        if (offsetDelta < 0 ? bufoffs < -offsetDelta : bufoffs + offsetDelta > bufmax) {
            throw new IllegalArgumentException("cannot move the start of " + this + " by " + offsetDelta
                    + ": only " + bufoffs + " bytes before and " + (bufmax - bufoffs) + " after it");
        }
        if (size == -1) {
            if (bufsize < offsetDelta) {
                throw new IllegalArgumentException("cannot move the start of " + this + " past its end");
            }
            size = bufsize - offsetDelta;
        }
        if (bufmax < bufoffs + offsetDelta + size) {
            throw new IllegalArgumentException("cannot resize " + this + " to " + size + " bytes at offset "
                    + offsetDelta + ": only " + bufmax + " bytes of room");
        }
        if (offsetDelta == 0 && size == bufsize) {
            return;
        }
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
            memoryChanged(idx, n);
        }
    }

    // ---------------------------------------------------------------- mapping

    /** Maps all memories as one; see {@link #mapRange}. */
    public Mapping map(int mapFlags) {
        return mapRange(0, -1, mapFlags);
    }

    /**
     * Maps {@code length} memories from {@code idx} ({@code -1}: to the end) as one segment.
     * Several memories are merged first (a share of their parent when they span, else a copy
     * counted as {@link CopyReason#MERGE}); when this buffer is writable the merged memory
     * replaces them, else it lives only as long as the mapping. A WRITE map needs a writable
     * buffer; a memory that cannot be written (shared, read-only) is copied first and the copy
     * replaces it ({@link CopyReason#COPY_ON_WRITE}). The mapping holds its own reference to
     * the memory, so it stays valid after this buffer is released. An empty buffer maps to an
     * empty mapping.
     *
     * @throws IllegalStateException if WRITE is asked of a non-writable buffer, or the memory
     *                               cannot be mapped (the message says why)
     */
    public Mapping mapRange(int idx, int length, int mapFlags) {
        checkAlive("map");
        int access = mapFlags & MapFlags.READWRITE;
        if (access == 0) {
            throw new IllegalArgumentException("map flags must ask READ and/or WRITE, not " + mapFlags);
        }
        boolean write = (access & MapFlags.WRITE) != 0;
        boolean writable = isWritable();
        if (write && !writable) {
            throw new IllegalStateException("cannot map " + this + " for WRITE: " + notWritableReason()
                    + "; call makeWritable() first");
        }
        int n = resolveRange(idx, length, false);
        if (n == 0) {
            return Mapping.empty(mapFlags);
        }
        if (leak != null) {
            leak.touch(write ? "map WRITE" : "map READ");
        }
        int withRef = mapFlags | MapFlags.REF_MEMORY;
        if (n == 1) {
            Memory mem = mems[idx];
            Mapping m = mem.tryMap(withRef);
            if (m != null) {
                return m;
            }
            if (!write) {
                throw new IllegalStateException("in " + this + ": " + mem.mapFailure(access));
            }
            Memory copy = mem.copy(0, -1, CopyReason.COPY_ON_WRITE);
            replaceRange(idx, 1, copy);
            return copy.map(withRef);
        }
        Memory merged = mergedMemory(idx, n);
        Mapping m = null;
        try {
            m = merged.tryMap(withRef);
            if (m == null) {
                if (!write) {
                    throw new IllegalStateException("in " + this + ": " + merged.mapFailure(access));
                }
                Memory copy = merged.copy(0, -1, CopyReason.COPY_ON_WRITE);
                merged.unref();
                merged = copy;
                m = merged.map(withRef);
            }
            if (writable) {
                replaceRange(idx, n, merged.ref());
            }
            Mapping result = m;
            m = null;
            return result;
        } finally {
            if (m != null) {
                m.close();
            }
            merged.unref();
        }
    }

    // ---------------------------------------------------------------- bytes in and out

    /**
     * Copies {@code src} into this buffer from byte {@code offset}; returns how many bytes
     * fitted. Counted as {@link CopyReason#FILL}. Needs a writable buffer; shared memories
     * written to are copied first.
     */
    public long fill(long offset, MemorySegment src) {
        checkWritable("fill");
        checkOffset(offset);
        long left = src.byteSize();
        long done = 0;
        long off = offset;
        for (int i = 0; i < memCount && left > 0; i++) {
            long msize = mems[i].size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mapMemory(i, MapFlags.WRITE)) {
                long n = Math.min(msize - off, left);
                MemorySegment.copy(src, done, m.segment(), off, n);
                CopyTracers.record(m.memory().type(), n, CopyReason.FILL);
                left -= n;
                done += n;
                off = 0;
            }
        }
        return done;
    }

    /** {@link #fill(long, MemorySegment)} from an array. */
    public long fill(long offset, byte[] src) {
        return fill(offset, MemorySegment.ofArray(src));
    }

    /**
     * Copies bytes from byte {@code offset} of this buffer into {@code dst}; returns how many
     * there were. Counted as {@link CopyReason#EXTRACT}.
     */
    public long extract(long offset, MemorySegment dst) {
        checkAlive("extract from");
        checkOffset(offset);
        long left = dst.byteSize();
        long done = 0;
        long off = offset;
        for (int i = 0; i < memCount && left > 0; i++) {
            Memory mem = mems[i];
            long msize = mem.size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mem.map(MapFlags.READ)) {
                long n = Math.min(msize - off, left);
                MemorySegment.copy(m.segment(), off, dst, done, n);
                CopyTracers.record(mem.type(), n, CopyReason.EXTRACT);
                left -= n;
                done += n;
                off = 0;
            }
        }
        return done;
    }

    /** {@link #extract(long, MemorySegment)} into an array. */
    public long extract(long offset, byte[] dst) {
        return extract(offset, MemorySegment.ofArray(dst));
    }

    /** {@code size} bytes from {@code offset} ({@code -1}: to the end) in a new array. */
    public byte[] extractBytes(long offset, long size) {
        long total = size();
        long n = size == -1 ? Math.max(total - offset, 0) : Math.min(size, Math.max(total - offset, 0));
        byte[] out = new byte[Math.toIntExact(n)];
        extract(offset, out);
        return out;
    }

    /**
     * Compares the bytes from {@code offset} with {@code data}: 0 when equal, -1 if the buffer
     * is too short, else the sign of the first difference ({@code data} minus buffer, unsigned).
     */
    public int memcmp(long offset, byte[] data) {
        checkAlive("compare");
        checkOffset(offset);
        if (size() < offset + data.length) {
            return -1;
        }
        MemorySegment other = MemorySegment.ofArray(data);
        long left = data.length;
        long done = 0;
        long off = offset;
        for (int i = 0; i < memCount && left > 0; i++) {
            Memory mem = mems[i];
            long msize = mem.size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mem.map(MapFlags.READ)) {
                long n = Math.min(msize - off, left);
                long at = MemorySegment.mismatch(other, done, done + n, m.segment(), off, off + n);
                if (at >= 0) {
                    return Integer.signum(Byte.toUnsignedInt(data[(int) (done + at)])
                            - Byte.toUnsignedInt(m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + at)));
                }
                left -= n;
                done += n;
                off = 0;
            }
        }
        return 0;
    }

    /** Sets {@code size} bytes from {@code offset} to {@code value}; returns how many were set. */
    public long memset(long offset, byte value, long size) {
        checkWritable("memset");
        checkOffset(offset);
        long left = size;
        long off = offset;
        for (int i = 0; i < memCount && left > 0; i++) {
            long msize = mems[i].size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mapMemory(i, MapFlags.WRITE)) {
                long n = Math.min(msize - off, left);
                m.segment().asSlice(off, n).fill(value);
                left -= n;
                off = 0;
            }
        }
        return size - left;
    }

    /** Maps memory {@code i} alone (no reference), copying it first when WRITE needs it. */
    private Mapping mapMemory(int i, int access) {
        Memory mem = mems[i];
        Mapping m = mem.tryMap(access);
        if (m != null) {
            return m;
        }
        if ((access & MapFlags.WRITE) == 0) {
            throw new IllegalStateException("in " + this + ": " + mem.mapFailure(access));
        }
        Memory copy = mem.copy(0, -1, CopyReason.COPY_ON_WRITE);
        replaceRange(i, 1, copy);
        return copy.map(access);
    }

    private static void checkOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
    }

    // ---------------------------------------------------------------- copies

    /**
     * A new buffer with this buffer's flags, timestamps, metas and memories: the memories are
     * shared, not copied (they are copied when written). {@link BufferFlag#TAG_MEMORY} is clear.
     */
    public Buffer copy() {
        return copyWith(BufferCopyFlag.ALL);
    }

    /** A new buffer like {@link #copy()} but with copies of the bytes ({@link CopyReason#DEEP_COPY}). */
    public Buffer deepCopy() {
        return copyWith(BufferCopyFlag.ALL_DEEP);
    }

    private Buffer copyWith(Set<BufferCopyFlag> copyFlags) {
        Buffer copy = new Buffer();
        try {
            copyInto(copy, copyFlags, 0, -1);
        } catch (RuntimeException | Error e) {
            copy.unref();
            throw e;
        }
        copy.flags &= ~TAG_MEMORY;
        return copy;
    }

    /**
     * A new buffer with {@code size} bytes from {@code offset} ({@code -1}: to the end) and
     * what else {@code copyFlags} asks; see {@link #copyInto}.
     */
    public Buffer copyRegion(Set<BufferCopyFlag> copyFlags, long offset, long size) {
        Buffer copy = new Buffer();
        try {
            copyInto(copy, copyFlags, offset, size);
        } catch (RuntimeException | Error e) {
            copy.unref();
            throw e;
        }
        return copy;
    }

    /**
     * Copies into {@code dest} (which must be writable) what {@code copyFlags} asks, from the
     * {@code size} bytes at {@code offset} ({@code -1}: to the end), as GStreamer's
     * {@code gst_buffer_copy_into}:
     * <ul>
     *   <li>FLAGS: all flags but TAG_MEMORY;</li>
     *   <li>TIMESTAMPS: pts, dts and offset when {@code offset == 0} (else NONE), duration and
     *       offsetEnd too when the whole buffer is copied;</li>
     *   <li>MEMORY: appends the memories of the range to {@code dest}: whole memories are
     *       shared (the same memory, now held by two buffers), cut ones become share views,
     *       NO_SHARE ones and all of them with DEEP are copied; MERGE then merges dest's
     *       memories into one;</li>
     *   <li>META: offers each meta a {@link MetaTransform.Copy}, except metas tagged
     *       {@link MetaTags#MEMORY} when the memory layout changes (a region, MERGE, or no
     *       MEMORY), and metas tagged {@link MetaTags#MEMORY_REFERENCE} on a DEEP copy.</li>
     * </ul>
     * When {@code dest} shares memories of this buffer and this buffer belongs to a pool, dest
     * gets a {@link ParentBufferMeta} keeping this buffer out of its pool until dest is gone.
     */
    public void copyInto(Buffer dest, Set<BufferCopyFlag> copyFlags, long offset, long size) {
        Objects.requireNonNull(dest, "dest");
        Objects.requireNonNull(copyFlags, "copyFlags");
        if (dest == this) {
            return;
        }
        checkAlive("copy");
        dest.checkWritable("copy into");
        long bufsize = size();
        if (offset < 0 || offset > bufsize) {
            throw new IllegalArgumentException("copy offset " + offset + " outside " + this);
        }
        long sz = size == -1 ? bufsize - offset : size;
        if (sz < 0 || sz > bufsize - offset) {
            throw new IllegalArgumentException("copy of " + sz + " bytes at " + offset + " outside " + this);
        }
        boolean region = offset > 0 || sz < bufsize;
        boolean deep = copyFlags.contains(BufferCopyFlag.DEEP);
        boolean merge = copyFlags.contains(BufferCopyFlag.MERGE);
        boolean memory = copyFlags.contains(BufferCopyFlag.MEMORY);

        if (copyFlags.contains(BufferCopyFlag.FLAGS)) {
            dest.flags = (flags & ~TAG_MEMORY) | (dest.flags & TAG_MEMORY);
        }
        if (copyFlags.contains(BufferCopyFlag.TIMESTAMPS)) {
            if (offset == 0) {
                dest.pts = pts;
                dest.dts = dts;
                dest.offset = this.offset;
                if (sz == bufsize) {
                    dest.duration = duration;
                    dest.offsetEnd = offsetEnd;
                }
            } else {
                dest.pts = ClockTime.NONE;
                dest.dts = ClockTime.NONE;
                dest.duration = ClockTime.NONE;
                dest.offset = ClockTime.NONE;
                dest.offsetEnd = ClockTime.NONE;
            }
        }
        boolean sharingMemory = false;
        if (memory) {
            int destLen = dest.memCount;
            try {
                long skip = offset;
                long left = sz;
                for (int i = 0; i < memCount && left > 0; i++) {
                    Memory mem = mems[i];
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
                        held = exclusiveReference(mem, CopyReason.REGION_COPY, false);
                        sharingMemory |= held == mem;
                    }
                    skip = 0;
                    dest.memoryAdd(-1, held);
                    left -= tocopy;
                }
                if (merge && dest.memCount > 0) {
                    int len = dest.memCount;
                    Memory merged = dest.mergedMemory(0, len);
                    sharingMemory &= merged == dest.mems[0];
                    dest.replaceRange(0, len, merged);
                }
            } catch (RuntimeException | Error e) {
                if (dest.memCount > destLen) {
                    dest.replaceRange(destLen, dest.memCount - destLen, null);
                }
                throw e;
            }
        }
        if (copyFlags.contains(BufferCopyFlag.META)) {
            MetaTransform.Copy transform = null;
            for (int i = 0; i < metaCount; i++) {
                Meta meta = metas[i];
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
                meta.info().transform(dest, meta, this, transform);
            }
        }
        if (sharingMemory && recycler != null) {
            ParentBufferMeta.add(dest, this);
        }
        if (leak != null) {
            leak.touch("copied");
        }
    }

    /**
     * Appends the memories of {@code buf2} to {@code buf1}, consuming both references;
     * returns the result (buf1, or a writable copy of it).
     */
    public static Buffer append(Buffer buf1, Buffer buf2) {
        return appendRegion(buf1, buf2, 0, -1);
    }

    /**
     * Appends {@code size} bytes at {@code offset} of {@code buf2} ({@code -1}: to the end) to
     * {@code buf1}, consuming both references; returns the result.
     */
    public static Buffer appendRegion(Buffer buf1, Buffer buf2, long offset, long size) {
        Objects.requireNonNull(buf1, "buf1");
        Objects.requireNonNull(buf2, "buf2");
        Buffer b1 = buf1.makeWritable();
        Buffer b2 = buf2.makeWritable();
        b2.resize(offset, size);
        for (int i = 0; i < b2.memCount; i++) {
            Memory mem = b2.mems[i];
            b2.mems[i] = null;
            b1.memoryAdd(-1, mem); // the lock and reference move from b2 to b1
        }
        b2.memCount = 0;
        b2.flags |= TAG_MEMORY;
        b2.unref();
        return b1;
    }

    // ---------------------------------------------------------------- metas

    /**
     * Adds a meta of {@code info}, created by its init function.
     *
     * @throws IllegalStateException if this buffer is not writable
     */
    public <M extends Meta> M addMeta(MetaInfo<M> info) {
        Objects.requireNonNull(info, "info");
        checkWritable("add a meta to");
        M meta = info.create(this);
        if (metas == null) {
            metas = new Meta[4];
        } else if (metaCount == metas.length) {
            metas = Arrays.copyOf(metas, metaCount * 2);
        }
        metas[metaCount++] = meta;
        return meta;
    }

    /** The first meta of {@code api} (borrowed), or null. */
    public Meta getMeta(MetaApi api) {
        for (int i = 0; i < metaCount; i++) {
            if (metas[i].api() == api) {
                return metas[i];
            }
        }
        return null;
    }

    /** The first meta of {@code info}'s API that is a {@code M} (borrowed), or null. */
    public <M extends Meta> M getMeta(MetaInfo<M> info) {
        for (int i = 0; i < metaCount; i++) {
            Meta m = metas[i];
            if (m.api() == info.api() && info.type().isInstance(m)) {
                return info.type().cast(m);
            }
        }
        return null;
    }

    /** The number of metas of {@code api}. */
    public int metaCount(MetaApi api) {
        int n = 0;
        for (int i = 0; i < metaCount; i++) {
            if (metas[i].api() == api) {
                n++;
            }
        }
        return n;
    }

    /** The number of metas. */
    public int metaCount() {
        return metaCount;
    }

    /** The metas in the order they were added (a snapshot; the metas are borrowed). */
    public List<Meta> metas() {
        return metaCount == 0 ? List.of() : List.of(Arrays.copyOf(metas, metaCount));
    }

    /** Runs {@code action} on each meta in order. */
    public void forEachMeta(Consumer<? super Meta> action) {
        for (int i = 0; i < metaCount; i++) {
            action.accept(metas[i]);
        }
    }

    /**
     * Removes {@code meta} and frees it; returns false if this buffer does not hold it.
     *
     * @throws IllegalStateException if the buffer is not writable or the meta is LOCKED
     */
    public boolean removeMeta(Meta meta) {
        checkWritable("remove a meta from");
        for (int i = 0; i < metaCount; i++) {
            if (metas[i] == meta) {
                if (meta.hasFlag(MetaFlag.LOCKED)) {
                    throw new IllegalStateException("cannot remove " + meta + " from " + this + ": it is LOCKED");
                }
                removeMetaAt(i);
                return true;
            }
        }
        return false;
    }

    /**
     * Removes and frees the metas {@code filter} accepts, in order.
     *
     * @throws IllegalStateException if the buffer is not writable, or at the first LOCKED meta
     *                               accepted (the metas before it are removed)
     */
    public void removeMetaIf(Predicate<? super Meta> filter) {
        checkWritable("remove metas from");
        for (int i = 0; i < metaCount;) {
            Meta m = metas[i];
            if (filter.test(m)) {
                if (m.hasFlag(MetaFlag.LOCKED)) {
                    throw new IllegalStateException("cannot remove " + m + " from " + this + ": it is LOCKED");
                }
                removeMetaAt(i);
            } else {
                i++;
            }
        }
    }

    private void removeMetaAt(int i) {
        Meta m = metas[i];
        System.arraycopy(metas, i + 1, metas, i, metaCount - i - 1);
        metas[--metaCount] = null;
        m.info().free(m, this);
    }

    // ---------------------------------------------------------------- internals

    /** Resolves a memory range as GStreamer does; returns its length. */
    private int resolveRange(int idx, int length, boolean allowEmpty) {
        int len = memCount;
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
                + len + " memories of " + this);
    }

    /**
     * An exclusively locked reference to {@code mem}: {@code mem} itself, or a copy when it
     * cannot be locked (mapped for WRITE by another owner). With {@code consume}, the caller's
     * reference is taken over; otherwise a new one is added.
     */
    private static Memory exclusiveReference(Memory mem, CopyReason reason, boolean consume) {
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
     * With {@value #MAX_MEMORY} memories, merges them into one (GStreamer merges all of them
     * too); returns where an insert at {@code idx} goes then: after a merge only "first" keeps
     * its meaning, anything else appends.
     */
    private int makeRoom(int idx) {
        int len = memCount;
        if (len < MAX_MEMORY) {
            return idx;
        }
        replaceRange(0, len, mergedMemory(0, len));
        return idx == 0 ? 0 : -1;
    }

    /** Adds a memory that is already referenced and locked for this buffer. */
    private void memoryAdd(int idx, Memory held) {
        try {
            idx = makeRoom(idx);
        } catch (RuntimeException | Error e) {
            held.unlock(LockFlags.EXCLUSIVE);
            held.unref();
            throw e;
        }
        int len = memCount;
        if (idx == -1 || idx > len) {
            idx = len;
        }
        System.arraycopy(mems, idx, mems, idx + 1, len - idx);
        mems[idx] = held;
        memCount = len + 1;
        memoryChanged(idx, 1);
    }

    /**
     * Replaces {@code length} memories from {@code idx} with {@code mem} (referenced for this
     * buffer, not yet locked; null to just remove).
     */
    private void replaceRange(int idx, int length, Memory mem) {
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
                System.arraycopy(mems, end, mems, idx, memCount - end);
                Arrays.fill(mems, memCount - length, memCount, null);
                memCount -= length;
                throw e;
            }
            mems[at++] = held;
        }
        System.arraycopy(mems, end, mems, at, memCount - end);
        int newCount = memCount - length + (mem != null ? 1 : 0);
        for (int i = newCount; i < memCount; i++) {
            mems[i] = null;
        }
        memCount = newCount;
        memoryChanged(idx, mem != null ? 1 : 0);
    }

    /**
     * {@code length} memories from {@code idx} as one memory, with a new reference, not
     * locked: the memory itself, one share of the parent they span, or a merged copy.
     */
    private Memory mergedMemory(int idx, int length) {
        if (length == 1) {
            return mems[idx].ref();
        }
        long size = 0;
        for (int i = idx; i < idx + length; i++) {
            size += mems[i].size();
        }
        long parentOffset = spanOffset(idx, length);
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
    private long spanOffset(int idx, int length) {
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

    /** Tags the change and tells the memory-tagged metas. */
    private void memoryChanged(int idx, int length) {
        flags |= TAG_MEMORY;
        if (metaCount == 0) {
            return;
        }
        MetaTransform.MemoryChange change = null;
        for (int i = 0; i < metaCount;) {
            Meta m = metas[i];
            if (!m.api().hasTag(MetaTags.MEMORY)) {
                i++;
                continue;
            }
            if (change == null) {
                change = new MetaTransform.MemoryChange(idx, length);
            }
            if (m.info().transform(this, m, this, change) || m.hasFlag(MetaFlag.LOCKED)) {
                i++;
            } else {
                removeMetaAt(i);
            }
        }
    }

    private void checkAlive(String what) {
        if (refCount() <= 0) {
            throw new IllegalStateException("cannot " + what + " " + this + ": it was released (use after release)"
                    + where());
        }
    }

    private void checkWritable(String what) {
        checkAlive(what);
        if (!isWritable()) {
            throw new IllegalStateException("cannot " + what + " " + this + ": " + notWritableReason()
                    + "; call makeWritable() first");
        }
    }

    private String notWritableReason() {
        int refs = refCount();
        if (refs != 1) {
            return "the buffer is not writable (it has " + refs + " references)";
        }
        return "the buffer is not writable (it is in a BufferList that is not writable)";
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Buffer@").append(Integer.toHexString(System.identityHashCode(this)))
                .append("[size=");
        long s = 0;
        for (int i = 0; i < memCount; i++) {
            Memory m = mems[i];
            if (m != null) {
                s += m.size();
            }
        }
        b.append(s).append(", memories=").append(memCount).append(", refs=").append(refCount());
        if (pts != ClockTime.NONE) {
            b.append(", pts=").append(ClockTime.toString(pts));
        }
        if (flags != 0) {
            b.append(", flags=").append(flags());
        }
        if (metaCount != 0) {
            b.append(", metas=").append(metaCount);
        }
        return b.append(']').toString();
    }
}
