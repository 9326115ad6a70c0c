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
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaFlag;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;
import org.zeropipe.core.meta.ParentBufferMeta;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.Tracers;

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
        // The helpers below do Buffer's work; leak reports name their caller, not them.
        LeakTracker.hideFrames(Buffer.class);
        LeakTracker.hideFrames(BufferMemories.class);
        LeakTracker.hideFrames(BufferSizing.class);
        LeakTracker.hideFrames(BufferBytes.class);
        LeakTracker.hideFrames(BufferCopies.class);
        LeakTracker.hideFrames(BufferMetas.class);
    }

    static final int TAG_MEMORY = BufferFlag.TAG_MEMORY.bit();

    // The state, package-private for the helpers that do the work, one job each:
    // BufferMemories (the memory array), BufferSizing (find, sizes, resize), BufferBytes (map,
    // fill, extract, memcmp, memset), BufferCopies (copies, append), BufferMetas (metas).
    // mems[0, memCount) are each held with a reference and an EXCLUSIVE lock; see BufferMemories.
    final Memory[] mems = new Memory[MAX_MEMORY];
    int memCount;
    Meta[] metas;
    int metaCount;
    int flags;
    long pts = ClockTime.NONE;
    long dts = ClockTime.NONE;
    long duration = ClockTime.NONE;
    long offset = ClockTime.NONE;
    long offsetEnd = ClockTime.NONE;
    private volatile BufferRecycler recycler;
    // The BufferLists holding this buffer (GStreamer's mini-object parents): inside a list, a
    // buffer is writable only if the list is. Guarded by this; the count is read without it.
    private BufferList[] parents;
    private volatile int parentCount;
    private final LeakRecord leak;

    private Buffer() {
        leak = LeakTracker.track(this, LeakTracker.ORDER_BUFFER, Buffer::releaseLeaked);
        Tracers.objectCreated(this);
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
        addReference(leak);
        return this;
    }

    /**
     * Gives back the caller's reference. The last one returns the buffer to its
     * {@link #recycler()} if it has one, else frees it: its memories are unlocked and
     * unreferenced and its metas freed, at once.
     *
     * @throws IllegalStateException if the buffer was already released (double release)
     */
    @Override
    public void unref() {
        if (dropReference(leak) == 1) {
            lastReferenceGone();
        }
    }

    private void lastReferenceGone() {
        BufferRecycler r = recycler;
        if (r != null) {
            // GStreamer's dispose: revive the buffer and hand the reference to the pool.
            recycler = null;
            revive();
            touch("recycled");
            r.recycle(this);
            return;
        }
        dispose();
    }

    private void dispose() {
        RuntimeException failure = BufferMemories.releaseAll(this, null);
        failure = BufferMetas.freeAll(this, failure);
        if (leak != null) {
            leak.close();
        }
        Tracers.objectFreed(this);
        if (failure != null) {
            throw failure;
        }
    }

    /** Keeps the first failure of a release and adds the next as suppressed. */
    static RuntimeException addFailure(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** The leak tracker's way to free a buffer a test leaked. */
    private static void releaseLeaked(Buffer b) {
        b.recycler = null;
        if (b.dropAllReferences()) {
            b.dispose();
        }
    }

    @Override
    protected LeakRecord leakRecord() {
        return leak;
    }

    /** Records a use of this buffer for the leak tracker. */
    void touch(String what) {
        if (leak != null) {
            leak.touch(what);
        }
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
        if (metaCount != 0) {
            BufferMetas.keepPooled(this);
        }
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
        BufferSizing.resetSize(this, size);
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
        return BufferMemories.getRange(this, idx, length);
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
        BufferMemories.insert(this, idx, memory);
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
        BufferMemories.replace(this, idx, length, memory);
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
        BufferMemories.remove(this, idx, length);
    }

    /**
     * Whether the {@code length} memories from {@code idx} are all writable (not shared). Says
     * nothing of the buffer itself; see {@link #isWritable()}.
     */
    public boolean isMemoryRangeWritable(int idx, int length) {
        return BufferMemories.isRangeWritable(this, idx, length);
    }

    /** Whether every memory is writable (not shared). Pools check this when a buffer comes back. */
    public boolean isAllMemoryWritable() {
        return memCount == 0 || BufferMemories.isRangeWritable(this, 0, -1);
    }

    /**
     * Finds the memories holding {@code size} bytes from byte {@code offset}
     * ({@code size == -1}: all memories from the one holding {@code offset}).
     */
    public Optional<MemorySpan> findMemory(long offset, long size) {
        return BufferSizing.find(this, offset, size);
    }

    // ---------------------------------------------------------------- sizes

    /** The number of valid bytes in all memories. */
    public long size() {
        return BufferSizing.size(this);
    }

    /** Size, offset room and max size of all memories; see {@link BufferSizes}. */
    public BufferSizes sizes() {
        return sizesRange(0, -1);
    }

    /** Size, offset room and max size of {@code length} memories from {@code idx}. */
    public BufferSizes sizesRange(int idx, int length) {
        return BufferSizing.sizesRange(this, idx, length);
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
        BufferSizing.resizeRange(this, idx, length, offsetDelta, size);
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
        return BufferBytes.mapRange(this, idx, length, mapFlags);
    }

    // ---------------------------------------------------------------- bytes in and out

    /**
     * Copies {@code src} into this buffer from byte {@code offset}; returns how many bytes
     * fitted. Counted as {@link CopyReason#FILL}. Needs a writable buffer; shared memories
     * written to are copied first.
     */
    public long fill(long offset, MemorySegment src) {
        return BufferBytes.fill(this, offset, src);
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
        return BufferBytes.extract(this, offset, dst);
    }

    /** {@link #extract(long, MemorySegment)} into an array. */
    public long extract(long offset, byte[] dst) {
        return extract(offset, MemorySegment.ofArray(dst));
    }

    /** {@code size} bytes from {@code offset} ({@code -1}: to the end) in a new array. */
    public byte[] extractBytes(long offset, long size) {
        return BufferBytes.extractBytes(this, offset, size);
    }

    /**
     * Compares the bytes from {@code offset} with {@code data}: 0 when equal, -1 if the buffer
     * is too short, else the sign of the first difference ({@code data} minus buffer, unsigned).
     */
    public int memcmp(long offset, byte[] data) {
        return BufferBytes.memcmp(this, offset, data);
    }

    /** Sets {@code size} bytes from {@code offset} to {@code value}; returns how many were set. */
    public long memset(long offset, byte value, long size) {
        return BufferBytes.memset(this, offset, value, size);
    }

    // ---------------------------------------------------------------- copies

    /**
     * A new buffer with this buffer's flags, timestamps, metas and memories: the memories are
     * shared, not copied (they are copied when written). {@link BufferFlag#TAG_MEMORY} is clear.
     */
    public Buffer copy() {
        return BufferCopies.copyWith(this, BufferCopyFlag.ALL);
    }

    /** A new buffer like {@link #copy()} but with copies of the bytes ({@link CopyReason#DEEP_COPY}). */
    public Buffer deepCopy() {
        return BufferCopies.copyWith(this, BufferCopyFlag.ALL_DEEP);
    }

    /**
     * A new buffer with {@code size} bytes from {@code offset} ({@code -1}: to the end) and
     * what else {@code copyFlags} asks; see {@link #copyInto}.
     */
    public Buffer copyRegion(Set<BufferCopyFlag> copyFlags, long offset, long size) {
        return BufferCopies.copyRegion(this, copyFlags, offset, size);
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
        BufferCopies.copyInto(this, dest, copyFlags, offset, size);
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
        return BufferCopies.appendRegion(buf1, buf2, offset, size);
    }

    // ---------------------------------------------------------------- metas

    /**
     * Adds a meta of {@code info}, created by its init function.
     *
     * @throws IllegalStateException if this buffer is not writable
     */
    public <M extends Meta> M addMeta(MetaInfo<M> info) {
        return BufferMetas.add(this, info);
    }

    /** The first meta of {@code api} (borrowed), or null. */
    public Meta getMeta(MetaApi api) {
        return BufferMetas.get(this, api);
    }

    /** The first meta of {@code info}'s API that is a {@code M} (borrowed), or null. */
    public <M extends Meta> M getMeta(MetaInfo<M> info) {
        return BufferMetas.get(this, info);
    }

    /** The number of metas of {@code api}. */
    public int metaCount(MetaApi api) {
        return BufferMetas.count(this, api);
    }

    /** The number of metas. */
    public int metaCount() {
        return metaCount;
    }

    /** The metas in the order they were added (a snapshot; the metas are borrowed). */
    public List<Meta> metas() {
        return BufferMetas.list(this);
    }

    /** Runs {@code action} on each meta in order. */
    public void forEachMeta(Consumer<? super Meta> action) {
        BufferMetas.forEach(this, action);
    }

    /**
     * Removes {@code meta} and frees it; returns false if this buffer does not hold it.
     *
     * @throws IllegalStateException if the buffer is not writable or the meta is LOCKED
     */
    public boolean removeMeta(Meta meta) {
        return BufferMetas.remove(this, meta);
    }

    /**
     * Removes and frees the metas {@code filter} accepts, in order.
     *
     * @throws IllegalStateException if the buffer is not writable, or at the first LOCKED meta
     *                               accepted (the metas before it are removed)
     */
    public void removeMetaIf(Predicate<? super Meta> filter) {
        BufferMetas.removeIf(this, filter);
    }

    // ---------------------------------------------------------------- internals

    void checkAlive(String what) {
        if (refCount() <= 0) {
            throw new IllegalStateException("cannot " + what + " " + this + ": it was released (use after release)"
                    + where());
        }
    }

    void checkWritable(String what) {
        checkAlive(what);
        if (!isWritable()) {
            throw new IllegalStateException("cannot " + what + " " + this + ": " + notWritableReason()
                    + "; call makeWritable() first");
        }
    }

    String notWritableReason() {
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
