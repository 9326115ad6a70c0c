package org.zeropipe.core.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Set;
import org.zeropipe.core.AbstractRefCounted;
import org.zeropipe.core.leak.LeakRecord;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.trace.Tracers;

/**
 * A refcounted block of memory: GStreamer's {@code GstMemory}.
 *
 * <p>A memory has a block of {@link #maxSize()} bytes of which {@code [offset, offset + size)}
 * is the valid data. Its {@link #type()} (its allocator's memory type) is the caps feature it
 * travels under: {@code SystemMemory}, {@code GLMemory}, {@code DMABuf}, …
 *
 * <h2>References and owners</h2>
 * {@link #ref()}/{@link #unref()} count references; the last {@code unref} frees the block at
 * once. Independently, owners that need the bytes to stay put <em>lock</em> the memory
 * {@link LockFlags#EXCLUSIVE}ly: a {@code Buffer} does so for each memory it holds, and each
 * {@link #share share} view does so for its parent. A memory with two exclusive owners, or with
 * any share view, is <em>shared</em> and not {@link #isWritable() writable}: a WRITE map fails.
 *
 * <h2>Mapping</h2>
 * {@link #map} returns a {@link Mapping} whose segment dies when it is closed. Maps nest: while
 * mapped, further maps may ask for the same or a narrower access than the first (a READWRITE map
 * allows READ and WRITE maps inside it; a READ map allows only READ). A WRITE map fails on a
 * {@link MemoryFlag#READONLY} or shared memory. Misuse throws {@link IllegalStateException}
 * saying why; {@link #tryMap} returns {@code null} instead.
 *
 * <h2>Release while mapped</h2>
 * If the last reference goes while mappings are open, the memory is released at once (no new
 * refs, maps or shares) and the block is freed when the last mapping closes: release is
 * <em>deferred</em>, never refused, so {@code unref} in a {@code finally} cannot throw for it.
 *
 * <h2>Subclasses</h2>
 * A memory type implements {@link #mapAddress}, {@link #newShare}, {@link #free} and, if it can
 * copy better than through two mappings, {@link #doCopy}. Locking, range checks, leak tracking
 * and copy accounting stay here; the reference count is {@link AbstractRefCounted}'s.
 */
public abstract class Memory extends AbstractRefCounted {

    static {
        LeakTracker.hideFrames(Memory.class);
    }

    // The lock state, one long changed by CAS (GStreamer's lockstate, plus pins, views and a
    // released bit, so that release and mapping cannot race):
    //   bits  0-1  access of the current mappings (READ=1, WRITE=2)
    //   bits  2-17 open mappings (holds)
    //   bits 18-31 pins: the model reading the block without a mapping (copy)
    //   bits 32-47 exclusive owners (buffers)
    //   bits 48-61 share views (children)
    //   bit  62    released: the refcount reached 0
    private static final long MODE_MASK = 3;
    private static final long HOLD_ONE = 1L << 2;
    private static final long PIN_ONE = 1L << 18;
    private static final long EXCL_ONE = 1L << 32;
    private static final long CHILD_ONE = 1L << 48;
    private static final long RELEASED = 1L << 62;
    private static final int MAX_HOLDS = 0xFFFF;
    private static final int MAX_PINS = 0x3FFF;
    private static final int MAX_EXCL = 0xFFFF;
    private static final int MAX_CHILDREN = 0x3FFF;

    private static final VarHandle STATE;
    private static final VarHandle FLAGS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Memory.class, "state", long.class);
            FLAGS = l.findVarHandle(Memory.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Allocator allocator;
    private final Memory parent;
    private final long maxSize;
    private final long align;
    // Changed only by resize(), which needs the memory to be unshared: one owner.
    private long offset;
    private long size;
    private volatile int flags;
    private volatile long state;
    private final LeakRecord leak;

    /**
     * Initializes a memory with one reference, owned by the caller.
     *
     * @param allocator the allocator that made it
     * @param parent    for a share view, the root memory whose block it views (this memory
     *                  then keeps the parent referenced and locked); otherwise {@code null}
     * @param flags     {@link MemoryFlag} bits
     * @param maxSize   the size of the block
     * @param align     the alignment mask of the block
     * @param offset    where the valid data starts in the block
     * @param size      how many bytes are valid
     * @throws IllegalStateException if {@code parent} is released or mapped for writing
     */
    @SuppressWarnings("this-escape") // the leak tracker records the new object; it reads nothing yet
    protected Memory(Allocator allocator, Memory parent, int flags, long maxSize, long align, long offset,
            long size) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        if (maxSize < 0 || offset < 0 || size < 0 || offset > maxSize || size > maxSize - offset) {
            throw new IllegalArgumentException("bad layout: offset " + offset + " + size " + size
                    + " must fit in maxSize " + maxSize);
        }
        if (align < 0 || (align & (align + 1)) != 0) {
            throw new IllegalArgumentException("align must be a mask (2^n - 1), not " + align);
        }
        if (parent != null) {
            if (parent.parent != null) {
                throw new IllegalArgumentException("a share's parent must be a root memory, not " + parent);
            }
            parent.attachChild();
        }
        this.parent = parent;
        this.flags = flags;
        this.maxSize = maxSize;
        this.align = align;
        this.offset = offset;
        this.size = size;
        this.leak = LeakTracker.track(this, LeakTracker.ORDER_MEMORY, Memory::releaseLeaked);
        Tracers.objectCreated(this);
    }

    // ---------------------------------------------------------------- memory type hooks

    /**
     * Makes the block accessible and returns the address of its byte 0 (the block has
     * {@link #maxSize()} bytes), or 0 if it cannot be mapped with {@code mapFlags}. Called with
     * the memory already locked for the access asked.
     */
    protected abstract long mapAddress(int mapFlags);

    /** Ends what {@link #mapAddress} started; called once per successful map, before unlocking. */
    protected void unmap(int mapFlags) {
    }

    /**
     * Makes a view of this root memory's block: a new memory of the same type with
     * {@code parent = this}, {@code offset = absoluteOffset}, {@code size} and {@code flags}
     * (always including {@link MemoryFlag#READONLY}); see the constructor.
     */
    protected abstract Memory newShare(long absoluteOffset, long size, int flags);

    /**
     * Copies {@code size} bytes starting {@code offset} bytes after this memory's offset into
     * a new writable memory. The default allocates from the default allocator and copies
     * through two mappings, so it can only copy within {@code [0, size())}.
     */
    protected Memory doCopy(long offset, long size) {
        if (offset < 0 || offset + size > this.size) {
            throw new IllegalArgumentException(type() + " can only copy within its data: offset " + offset
                    + ", size " + size + " of " + this.size);
        }
        Memory copy = Allocators.defaultAllocator().alloc(size, AllocationParams.DEFAULT.withAlign(align));
        try (Mapping from = map(MapFlags.READ); Mapping to = copy.map(MapFlags.WRITE)) {
            java.lang.foreign.MemorySegment.copy(from.segment(), offset, to.segment(), 0, size);
        } catch (RuntimeException | Error e) {
            copy.unref();
            throw e;
        }
        return copy;
    }

    /** Frees the block. Called once, when released and no longer mapped. */
    protected abstract void free();

    // ---------------------------------------------------------------- properties

    /** The allocator that made this memory. */
    public final Allocator allocator() {
        return allocator;
    }

    /** The memory type, e.g. {@code SystemMemory}: the caps feature {@code memory:<type>}. */
    public final String type() {
        return allocator.memoryType();
    }

    /** The caps feature this memory travels under, e.g. {@code memory:SystemMemory}. */
    public final String capsFeature() {
        return allocator.capsFeature();
    }

    /** Whether this memory is of {@code memoryType}. */
    public final boolean isType(String memoryType) {
        return type().equals(memoryType);
    }

    /** For a share view, the root memory whose block it views (borrowed); else {@code null}. */
    public final Memory parent() {
        return parent;
    }

    public final long maxSize() {
        return maxSize;
    }

    /** The alignment mask of the block. */
    public final long align() {
        return align;
    }

    public final long offset() {
        return offset;
    }

    public final long size() {
        return size;
    }

    public final boolean hasFlag(MemoryFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    public final Set<MemoryFlag> flags() {
        return MemoryFlag.of(flags);
    }

    /** The {@link MemoryFlag} bits. */
    public final int flagBits() {
        return flags;
    }

    public final void setFlag(MemoryFlag flag) {
        checkAlive("set a flag on");
        FLAGS.getAndBitwiseOr(this, flag.bit());
    }

    /** @throws IllegalStateException when asked to make a share view writable */
    public final void unsetFlag(MemoryFlag flag) {
        checkAlive("unset a flag on");
        if (flag == MemoryFlag.READONLY && parent != null) {
            throw new IllegalStateException("a share() view is always READONLY: " + this);
        }
        FLAGS.getAndBitwiseAnd(this, ~flag.bit());
    }

    /**
     * Whether this memory is not shared: at most one exclusive owner and no share views
     * (GStreamer's {@code gst_memory_is_writable}). A {@link MemoryFlag#READONLY} memory can be
     * "writable" in this sense (its view can be resized) yet never be mapped for WRITE.
     */
    public final boolean isWritable() {
        long s = state;
        return (s & RELEASED) == 0 && !isShared(s);
    }

    /** Whether a mapping is open. */
    public final boolean isMapped() {
        return holds(state) != 0;
    }

    /** Whether the last reference went (the block may still wait for a mapping to close). */
    public final boolean isReleased() {
        return (state & RELEASED) != 0 || refCount() == 0;
    }

    // ---------------------------------------------------------------- references

    @Override
    public final Memory ref() {
        addReference(leak);
        return this;
    }

    @Override
    public final void unref() {
        if (dropReference(leak) == 1) {
            release();
        }
    }

    /** The last reference went: released now, freed now or when the last mapping closes. */
    private void release() {
        for (;;) {
            long s = state;
            if (STATE.compareAndSet(this, s, s | RELEASED)) {
                if (idle(s)) {
                    dispose();
                }
                return;
            }
        }
    }

    private void dispose() {
        try {
            free();
        } finally {
            if (parent != null) {
                parent.detachChild();
                parent.unref();
            }
            if (leak != null) {
                leak.close();
            }
            Tracers.objectFreed(this);
        }
    }

    /** The leak tracker's way to free a memory a test leaked: drop every reference. */
    private static void releaseLeaked(Memory m) {
        if (m.dropAllReferences()) {
            m.release();
        }
    }

    // ---------------------------------------------------------------- locking

    /**
     * Locks the memory: {@link LockFlags#READ}/{@link LockFlags#WRITE} count as a mapping with
     * that access, {@link LockFlags#EXCLUSIVE} as an owner. Returns {@code false} when the lock
     * would break the rules: WRITE on a READONLY or shared memory, an access wider than the
     * current mappings', a second owner while mapped for WRITE, or a released memory.
     * Each successful lock needs an {@link #unlock} with the same flags.
     */
    public final boolean lock(int lockFlags) {
        checkLockFlags(lockFlags);
        int access = lockFlags & LockFlags.READWRITE;
        boolean exclusive = (lockFlags & LockFlags.EXCLUSIVE) != 0;
        if ((access & LockFlags.WRITE) != 0 && (flags & MemoryFlag.READONLY.bit()) != 0) {
            return false;
        }
        for (;;) {
            long s = state;
            if ((s & RELEASED) != 0) {
                return false;
            }
            long ns = s;
            if (exclusive) {
                if (excl(s) == MAX_EXCL) {
                    throw new IllegalStateException("too many exclusive owners of " + this);
                }
                ns += EXCL_ONE;
            }
            if (((s & LockFlags.WRITE) != 0 || (access & LockFlags.WRITE) != 0) && isShared(ns)) {
                return false;
            }
            if (access != 0) {
                if (holds(s) == 0) {
                    ns |= access;
                } else if ((s & access) != access) {
                    return false;
                }
                if (holds(s) == MAX_HOLDS) {
                    throw new IllegalStateException("too many nested mappings of " + this);
                }
                ns += HOLD_ONE;
            }
            if (STATE.compareAndSet(this, s, ns)) {
                if (exclusive && leak != null) {
                    leak.touch("exclusive lock (added to a buffer)");
                }
                return true;
            }
        }
    }

    /**
     * Undoes a {@link #lock} with the same flags.
     *
     * @throws IllegalStateException if the memory is not locked that way
     */
    public final void unlock(int lockFlags) {
        checkLockFlags(lockFlags);
        int access = lockFlags & LockFlags.READWRITE;
        boolean exclusive = (lockFlags & LockFlags.EXCLUSIVE) != 0;
        long s;
        long ns;
        do {
            s = state;
            ns = s;
            if (exclusive) {
                if (excl(s) == 0) {
                    throw new IllegalStateException("unlock(EXCLUSIVE) of " + this + " that has no exclusive owner");
                }
                ns -= EXCL_ONE;
            }
            if (access != 0) {
                if (holds(s) == 0) {
                    throw new IllegalStateException("unlock of " + this + " that is not mapped or locked for access");
                }
                ns -= HOLD_ONE;
                if (holds(ns) == 0) {
                    ns &= ~MODE_MASK;
                }
            }
        } while (!STATE.compareAndSet(this, s, ns));
        freeIfLastHold(s, ns);
    }

    private static void checkLockFlags(int lockFlags) {
        if ((lockFlags & ~(LockFlags.READWRITE | LockFlags.EXCLUSIVE)) != 0) {
            throw new IllegalArgumentException("unknown lock flags: " + lockFlags);
        }
    }

    private void freeIfLastHold(long before, long after) {
        if ((after & RELEASED) != 0 && idle(after) && !idle(before)) {
            dispose();
        }
    }

    /** Keeps the block from being freed while the model reads it without a mapping. */
    private void pin(String what) {
        for (;;) {
            long s = state;
            if ((s & RELEASED) != 0) {
                throw new IllegalStateException("cannot " + what + " " + this + ": it was released" + where());
            }
            if (pins(s) == MAX_PINS) {
                throw new IllegalStateException("too many concurrent copies of " + this);
            }
            if (STATE.compareAndSet(this, s, s + PIN_ONE)) {
                return;
            }
        }
    }

    private void unpin() {
        long s;
        long ns;
        do {
            s = state;
            ns = s - PIN_ONE;
        } while (!STATE.compareAndSet(this, s, ns));
        freeIfLastHold(s, ns);
    }

    private void attachChild() {
        for (;;) {
            long s = state;
            if ((s & RELEASED) != 0) {
                throw new IllegalStateException("cannot share " + this + ": it was released" + where());
            }
            if ((s & LockFlags.WRITE) != 0) {
                throw new IllegalStateException("cannot share " + this + " while it is mapped for WRITE");
            }
            if (children(s) == MAX_CHILDREN) {
                throw new IllegalStateException("too many share() views of " + this);
            }
            if (STATE.compareAndSet(this, s, s + CHILD_ONE)) {
                break;
            }
        }
        // A view keeps its parent alive; count the reference without a "ref" touch.
        if (!retainIfAlive()) {
            detachChild();
            throw new IllegalStateException("cannot share " + this + ": it was released" + where());
        }
        if (leak != null) {
            leak.touch("share");
        }
    }

    private void detachChild() {
        long s;
        do {
            s = state;
        } while (!STATE.compareAndSet(this, s, s - CHILD_ONE));
    }

    private static int holds(long s) {
        return (int) ((s >>> 2) & MAX_HOLDS);
    }

    private static int pins(long s) {
        return (int) ((s >>> 18) & MAX_PINS);
    }

    private static int excl(long s) {
        return (int) ((s >>> 32) & MAX_EXCL);
    }

    private static int children(long s) {
        return (int) ((s >>> 48) & MAX_CHILDREN);
    }

    private static boolean isShared(long s) {
        return excl(s) >= 2 || children(s) > 0;
    }

    private static boolean idle(long s) {
        return holds(s) == 0 && pins(s) == 0;
    }

    // ---------------------------------------------------------------- mapping

    /**
     * Maps the memory for the access in {@code mapFlags} ({@link MapFlags}).
     *
     * @throws IllegalStateException saying why it cannot be mapped that way
     */
    public final Mapping map(int mapFlags) {
        Mapping m = tryMap(mapFlags);
        if (m == null) {
            throw new IllegalStateException(mapFailure(mapFlags));
        }
        return m;
    }

    /** {@link #map}, but returns {@code null} where map would throw for a refused access. */
    public final Mapping tryMap(int mapFlags) {
        int access = mapFlags & MapFlags.READWRITE;
        if (access == 0) {
            throw new IllegalArgumentException("map flags must ask READ and/or WRITE, not " + mapFlags);
        }
        if ((flags & MemoryFlag.NOT_MAPPABLE.bit()) != 0 || !lock(access)) {
            return null;
        }
        boolean referenced = false;
        try {
            if ((mapFlags & MapFlags.REF_MEMORY) != 0) {
                ref();
                referenced = true;
            }
            // One read of each: a racing resize (a caller bug) must not widen the segment past the block.
            long o = offset;
            long s = size;
            if (o < 0 || s < 0 || o > maxSize || s > maxSize - o) {
                throw new IllegalStateException("cannot map " + this + ": it is being resized by another thread");
            }
            long address = mapAddress(mapFlags);
            if (address == 0) {
                if (referenced) {
                    unref();
                }
                unlock(access);
                return null;
            }
            if (leak != null) {
                leak.touch(access == MapFlags.READ ? "map READ" : access == MapFlags.WRITE ? "map WRITE" : "map READWRITE");
            }
            return new Mapping(this, mapFlags, address + o, s);
        } catch (RuntimeException | Error e) {
            if (referenced) {
                unref();
            }
            unlock(access);
            throw e;
        }
    }

    /** Called by {@link Mapping#close}. */
    final void unmapped(int mapFlags) {
        if (leak != null) {
            leak.touch("unmap");
        }
        try {
            unmap(mapFlags);
        } finally {
            unlock(mapFlags & MapFlags.READWRITE);
            if ((mapFlags & MapFlags.REF_MEMORY) != 0) {
                unref();
            }
        }
    }

    /** Why {@code map(mapFlags)} fails now, in words. */
    public final String mapFailure(int mapFlags) {
        int access = mapFlags & MapFlags.READWRITE;
        long s = state;
        String head = "cannot map " + this + " for " + MapFlags.toString(access) + ": ";
        if ((s & RELEASED) != 0 || refCount() <= 0) {
            return head + "it was released (use after release)" + where();
        }
        if (hasFlag(MemoryFlag.NOT_MAPPABLE)) {
            return head + "it is NOT_MAPPABLE";
        }
        boolean write = (access & MapFlags.WRITE) != 0;
        if (write && hasFlag(MemoryFlag.READONLY)) {
            return head + "it is READONLY" + (parent != null
                    ? " (a share() view always is; copy() it, or map a writable buffer that holds it)" : "");
        }
        if (write && isShared(s)) {
            return head + "it is shared (" + excl(s) + " exclusive owners, " + children(s)
                    + " share views), so writing would change what others see; copy() it, or map it"
                    + " through a writable buffer, which copies on write";
        }
        if (holds(s) != 0 && (s & access) != access) {
            return head + "it is already mapped for " + MapFlags.toString((int) (s & MODE_MASK))
                    + "; nested maps may only ask for the same or narrower access";
        }
        return head + "the " + type() + " allocator refused";
    }

    // ---------------------------------------------------------------- share, copy, span

    /**
     * A read-only view of {@code size} bytes starting {@code offset} bytes after this memory's
     * offset, without copying ({@code size == -1}: to the end). The view keeps the block
     * referenced and makes it shared (not writable) until the view is released.
     *
     * @throws IllegalStateException if the memory is {@link MemoryFlag#NO_SHARE}, mapped for
     *                               WRITE, or released
     * @throws IllegalArgumentException if the range is outside the block
     */
    public final Memory share(long offset, long size) {
        checkAlive("share");
        if (hasFlag(MemoryFlag.NO_SHARE)) {
            throw new IllegalStateException("cannot share " + this + ": it is NO_SHARE; copy() it");
        }
        Memory root = parent != null ? parent : this;
        long sz = size == -1 ? Math.max(this.size - offset, 0) : size;
        long abs = this.offset + offset;
        checkRange("share", abs, sz);
        int rootFlags = root.flags;
        int childFlags = rootFlags | MemoryFlag.READONLY.bit();
        if (abs > root.offset) {
            childFlags &= ~MemoryFlag.ZERO_PREFIXED.bit();
        }
        if (abs + sz < root.offset + root.size) {
            childFlags &= ~MemoryFlag.ZERO_PADDED.bit();
        }
        Memory child = root.newShare(abs, sz, childFlags);
        if (child.parent != root) {
            child.unref();
            throw new IllegalStateException(type() + ".newShare made a memory whose parent is not " + root);
        }
        return child;
    }

    /** {@link #share}, but returns {@code null} where share would throw IllegalStateException. */
    public final Memory tryShare(long offset, long size) {
        if (hasFlag(MemoryFlag.NO_SHARE) || isReleased() || (state & LockFlags.WRITE) != 0
                || (parent != null && (parent.state & LockFlags.WRITE) != 0)) {
            return null;
        }
        try {
            return share(offset, size);
        } catch (IllegalStateException raced) {
            return null;
        }
    }

    /**
     * A writable copy of {@code size} bytes starting {@code offset} bytes after this memory's
     * offset ({@code size == -1}: to the end). Counted as {@link CopyReason#MEMORY_COPY}.
     */
    public final Memory copy(long offset, long size) {
        return copy(offset, size, CopyReason.MEMORY_COPY);
    }

    /** {@link #copy(long, long)}, counted under {@code reason} for the copy tracers. */
    public final Memory copy(long offset, long size, CopyReason reason) {
        Objects.requireNonNull(reason, "reason");
        long sz = size == -1 ? Math.max(this.size - offset, 0) : size;
        checkRange("copy", this.offset + offset, sz);
        pin("copy");
        Memory copy;
        try {
            copy = doCopy(offset, sz);
        } finally {
            unpin();
        }
        if (leak != null) {
            leak.touch("copy");
        }
        CopyTracers.record(type(), sz, reason);
        return copy;
    }

    /**
     * Whether {@code next} continues this memory: both are views of the same parent and
     * {@code next} starts where this one ends, so the two can be merged by one share of the
     * parent (see {@link #spanOffset}).
     */
    public final boolean isSpan(Memory next) {
        return spanOffset(next) >= 0;
    }

    /**
     * Where this memory starts relative to its parent's offset when {@link #isSpan}
     * ({@code parent().share(spanOffset, size() + next.size())} covers both), else -1.
     */
    public final long spanOffset(Memory next) {
        Objects.requireNonNull(next, "next");
        if (allocator != next.allocator || parent == null || parent != next.parent) {
            return -1;
        }
        if (offset + size != next.offset) {
            return -1;
        }
        return offset - parent.offset;
    }

    /**
     * Moves the valid range: {@code offset += offsetDelta}, {@code size = newSize}. Clears
     * ZERO_PREFIXED when the offset grows and ZERO_PADDED when the end moves back.
     *
     * @throws IllegalStateException    if the memory is shared (not writable) or released
     * @throws IllegalArgumentException if the range leaves the block
     */
    public final void resize(long offsetDelta, long newSize) {
        checkAlive("resize");
        if (!isWritable()) {
            throw new IllegalStateException("cannot resize " + this + ": it is shared");
        }
        long newOffset = offset + offsetDelta;
        if (newOffset < 0 || newSize < 0 || newOffset > maxSize || newSize > maxSize - newOffset) {
            throw new IllegalArgumentException("cannot resize " + this + " to offset " + newOffset + ", size "
                    + newSize + ": outside the block of " + maxSize + " bytes");
        }
        if (offsetDelta > 0) {
            FLAGS.getAndBitwiseAnd(this, ~MemoryFlag.ZERO_PREFIXED.bit());
        }
        if (offsetDelta + newSize < size) {
            FLAGS.getAndBitwiseAnd(this, ~MemoryFlag.ZERO_PADDED.bit());
        }
        offset = newOffset;
        size = newSize;
    }

    private void checkRange(String what, long absOffset, long sz) {
        if (absOffset < 0 || sz < 0 || absOffset > maxSize || sz > maxSize - absOffset) {
            throw new IllegalArgumentException("cannot " + what + " " + sz + " bytes at block offset " + absOffset
                    + " of " + this + ": outside the block of " + maxSize + " bytes");
        }
    }

    /** @throws IllegalStateException if released */
    protected final void checkAlive(String what) {
        if (refCount() <= 0 || (state & RELEASED) != 0) {
            throw new IllegalStateException("cannot " + what + " " + this + ": it was released (use after release)"
                    + where());
        }
    }

    /** The leak record, or null when not tracked; for memory types that touch it. */
    @Override
    protected final LeakRecord leakRecord() {
        return leak;
    }

    @Override
    public final String toString() {
        StringBuilder b = new StringBuilder(type()).append('@').append(Integer.toHexString(System.identityHashCode(this)))
                .append("[offset=").append(offset).append(", size=").append(size).append(", maxSize=").append(maxSize)
                .append(", refs=").append(refCount());
        if (flags != 0) {
            b.append(", flags=").append(MemoryFlag.of(flags));
        }
        long s = state;
        if (holds(s) != 0) {
            b.append(", mapped ").append(MapFlags.toString((int) (s & MODE_MASK))).append(" x").append(holds(s));
        }
        if ((s & RELEASED) != 0) {
            b.append(holds(s) != 0 ? ", released (freed when unmapped)" : ", released");
        }
        if (parent != null) {
            b.append(", view of ").append(parent.type()).append('@')
                    .append(Integer.toHexString(System.identityHashCode(parent)));
        }
        return b.append(']').toString();
    }
}
