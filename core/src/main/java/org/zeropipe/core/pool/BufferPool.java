package org.zeropipe.core.pool;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.buffer.BufferRecycler;
import org.zeropipe.core.buffer.BufferSizes;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaFlag;

/**
 * Preallocates and recycles buffers of one size: GStreamer's {@code GstBufferPool}.
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li>{@link #setConfig} a {@link PoolConfig}. Refused while the pool is active or buffers
 *       are out; a pool that cannot run with a config refuses it and stores the config it
 *       could run with, which {@link #config()} reads back (set it to accept it).</li>
 *   <li>{@link #setActive setActive(true)} allocates {@code minBuffers} buffers.</li>
 *   <li>{@link #acquire} hands out a buffer (refcount 1, writable, owned by the caller): a free
 *       one, else a new one while fewer than {@code maxBuffers} exist, else it waits for one to
 *       come back, or returns {@code null} with {@link AcquireFlag#DONTWAIT}.</li>
 *   <li>When the buffer's last reference goes, it comes home: it is reset (flags but
 *       {@code TAG_MEMORY}, timestamps, offsets, size, metas not {@code POOLED}) and kept, or
 *       freed if its memories were changed, it was resized beyond repair, or a memory is still
 *       shared.</li>
 *   <li>{@link #setActive setActive(false)} makes {@code acquire} fail with
 *       {@link PoolFlushingException} (waking those waiting), frees the free buffers, and frees
 *       each buffer still out when it comes home.</li>
 * </ol>
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. {@link #acquire} and a buffer's return take one
 * monitor each and allocate nothing once the pool holds its buffers: no per-call object, no
 * lambda, no boxing. Waiting uses the monitor's wait set, which allocates nothing on the Java
 * heap either (a {@code ReentrantLock} condition would allocate a node per wait).
 *
 * <h2>Subclasses</h2>
 * GL, V4L2 and DMABuf pools override the protected hooks, which match GStreamer's virtual
 * methods: {@link #validateConfig}, {@link #start}, {@link #stop}, {@link #acquireBuffer},
 * {@link #allocBuffer}, {@link #resetBuffer}, {@link #releaseBuffer}, {@link #freeBuffer},
 * {@link #flushStart}, {@link #flushStop} and {@link #options}. {@link #start} and
 * {@link #stop} run under the pool's state lock; the buffer hooks run on the thread that
 * acquires or releases, without any lock of the pool.
 */
public class BufferPool {

    static {
        // Leak reports name the code that acquired a buffer, not the pool.
        LeakTracker.hideFrames(BufferPool.class);
    }

    private static final System.Logger LOG = System.getLogger(BufferPool.class.getName());
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int TAG_MEMORY = BufferFlag.TAG_MEMORY.bit();
    // Pool-made metas stay with the buffer for its whole life (GStreamer's mark_meta_pooled).
    private static final Consumer<Meta> MARK_POOLED = m -> {
        m.setFlag(MetaFlag.POOLED);
        m.setFlag(MetaFlag.LOCKED);
    };

    private final String name;
    // Private, so only buffers handed out by this pool can come home through it.
    private final BufferRecycler home = this::bufferCameHome;

    // ---- configuration and activation: guarded by stateLock (GStreamer's rec_lock)
    private final Object stateLock = new Object();
    private PoolConfig config = PoolConfig.DEFAULT; // what config() returns, maybe a refused proposal
    private boolean configured;
    private boolean started;
    private volatile boolean active;
    // The accepted config and its allocator, read without a lock on the acquire and release
    // paths. Written only while the pool is inactive with no buffer out.
    private volatile PoolConfig applied = PoolConfig.DEFAULT;
    private volatile Allocator allocator = Allocators.defaultAllocator();

    // ---- the free buffers: guarded by queueLock (GStreamer's queue_lock)
    private final Object queueLock = new Object();
    private ArrayDeque<Buffer> free = new ArrayDeque<>(16);
    private int bufferCount; // buffers that exist: free, out, or being allocated
    private int waiters;
    // Written under queueLock; volatile for the lock-free check when the last buffer comes home.
    private volatile boolean flushing = true;

    // Buffers out plus acquires in progress: a deactivated pool stops when it drops to 0.
    private final AtomicInteger outstanding = new AtomicInteger();

    /** A pool named {@code bufferpool<n>}. */
    public BufferPool() {
        this(null);
    }

    /** A pool with this name (null: {@code bufferpool<n>}), used in messages. */
    public BufferPool(String name) {
        this.name = name != null ? name : "bufferpool" + NAMES.getAndIncrement();
    }

    public final String name() {
        return name;
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Configures the pool. Returns true if the pool runs with {@code requested} from now on,
     * or already did. Returns false, keeping the current config, while the pool is active or
     * buffers are out. Returns false too when {@link #validateConfig} proposes another config:
     * the proposal is stored, {@link #config()} reads it back, and the pool is unconfigured
     * until a config is accepted (set the proposal to accept it).
     */
    public final boolean setConfig(PoolConfig requested) {
        Objects.requireNonNull(requested, "config");
        synchronized (stateLock) {
            if (configured && requested.equals(config)) {
                return true;
            }
            if (active) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: cannot change the config of an active pool", name);
                return false;
            }
            if (outstanding.get() != 0) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: cannot change the config while {1} buffers are out", name,
                        outstanding.get());
                return false;
            }
            PoolConfig proposal = validateConfig(requested);
            boolean accepted = requested.equals(proposal);
            config = proposal != null ? proposal : requested;
            configured = accepted;
            if (accepted) {
                apply(requested);
            }
            return accepted;
        }
    }

    private void apply(PoolConfig accepted) {
        allocator = accepted.allocator() != null ? accepted.allocator() : Allocators.defaultAllocator();
        synchronized (queueLock) {
            if (free.isEmpty()) {
                // Room for every buffer, so that queueing never grows the deque (allocation).
                int room = accepted.maxBuffers() != 0 ? accepted.maxBuffers() : Math.max(16, accepted.minBuffers());
                free = new ArrayDeque<>(room);
            }
        }
        applied = accepted;
    }

    /**
     * The current config: the one accepted, or the last one refused with its correction.
     * GStreamer's {@code gst_buffer_pool_get_config}.
     */
    public final PoolConfig config() {
        synchronized (stateLock) {
            return config;
        }
    }

    /** Whether a config was accepted (and no refused one was set since). */
    public final boolean isConfigured() {
        synchronized (stateLock) {
            return configured;
        }
    }

    /**
     * The options this pool supports (what {@link PoolConfig#options()} may ask for); the
     * default pool supports none. GStreamer's {@code gst_buffer_pool_get_options}.
     */
    public Set<String> options() {
        return Set.of();
    }

    /** Whether this pool supports {@code option}. */
    public final boolean hasOption(String option) {
        return options().contains(option);
    }

    // ------------------------------------------------------------------ activation

    /**
     * Activates or deactivates the pool. Activating allocates {@code minBuffers} buffers and
     * returns false (allocating nothing) if the pool is not configured or that fails.
     * Deactivating makes {@link #acquire} fail with {@link PoolFlushingException}, wakes those
     * waiting, frees the free buffers, and frees each buffer still out when it comes home.
     * Returns true when the pool is in the state asked.
     */
    public final boolean setActive(boolean activate) {
        synchronized (stateLock) {
            if (active == activate) {
                return true;
            }
            if (!configured) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: not configured, cannot activate", name);
                return false;
            }
            if (activate) {
                if (!doStart()) {
                    return false;
                }
                // Active before unflushing: flushStop() may release buffers, which must be kept.
                active = true;
                changeFlushing(false);
            } else {
                changeFlushing(true);
                if (outstanding.get() == 0) {
                    if (!doStop()) {
                        return false;
                    }
                } else {
                    // Buffers are out: stop() runs when the last comes home (decOutstanding). The
                    // free ones cannot be handed out any more; free them now, not then (GStreamer
                    // keeps them until the end).
                    freeQueued();
                }
                active = false;
            }
            return true;
        }
    }

    public final boolean isActive() {
        return active;
    }

    /**
     * Starts or stops flushing an active pool without freeing or allocating buffers: while
     * flushing, {@link #acquire} fails with {@link PoolFlushingException} and those waiting in
     * it wake up. Ignored on an inactive pool, which is always flushing.
     */
    public final void setFlushing(boolean flush) {
        synchronized (stateLock) {
            if (!active) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: inactive, cannot change its flushing state", name);
                return;
            }
            changeFlushing(flush);
        }
    }

    public final boolean isFlushing() {
        return flushing;
    }

    private void changeFlushing(boolean flush) {
        if (flushing == flush) {
            return;
        }
        if (flush) {
            synchronized (queueLock) {
                flushing = true;
                queueLock.notifyAll();
            }
            flushStart();
        } else {
            flushStop();
            synchronized (queueLock) {
                flushing = false;
            }
        }
    }

    private boolean doStart() {
        if (started) {
            return true;
        }
        boolean ok = false;
        try {
            ok = start();
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, name + ": could not preallocate its buffers", e);
        } finally {
            if (!ok) {
                freeQueued(); // a failed start leaves nothing behind
            }
        }
        started = ok;
        return ok;
    }

    private boolean doStop() {
        if (started) {
            if (!stop()) {
                return false;
            }
            started = false;
        }
        return true;
    }

    // ------------------------------------------------------------------ acquire

    /** {@link #acquire(AcquireParams)} with {@link AcquireParams#DEFAULT}: waits for a buffer. */
    public final Buffer acquire() throws PoolFlushingException {
        return acquire(AcquireParams.DEFAULT);
    }

    /**
     * Hands out a buffer: a free one, else a new one while fewer than {@code maxBuffers}
     * exist, else one that comes back (waiting for it, or returning null with
     * {@link AcquireFlag#DONTWAIT}). The caller owns the buffer's one reference; when the last
     * reference goes, the buffer comes home.
     *
     * <p>Outcomes, and what the pipeline runtime makes of them (GStreamer's {@code GstFlowReturn}):
     * <ul>
     *   <li>a buffer: {@code OK};</li>
     *   <li>{@code null}: only with {@link AcquireFlag#DONTWAIT}, the pool is at its maximum and
     *       would block ({@code EOS} in GStreamer);</li>
     *   <li>{@link PoolFlushingException}: the pool is inactive or flushing, or the waiting
     *       thread was interrupted (its interrupt status is kept): {@code FLUSHING};</li>
     *   <li>a runtime exception or {@link OutOfMemoryError} from allocating: {@code ERROR}.</li>
     * </ul>
     * Allocates nothing on the Java heap when a free buffer is there.
     */
    public final Buffer acquire(AcquireParams params) throws PoolFlushingException {
        Objects.requireNonNull(params, "params");
        // Counted first, so that a concurrent deactivation does not stop the pool under us.
        outstanding.incrementAndGet();
        Buffer buffer;
        try {
            buffer = acquireBuffer(params);
        } catch (Throwable t) {
            decOutstanding();
            throw t;
        }
        if (buffer == null) {
            decOutstanding();
            return null;
        }
        buffer.setRecycler(home);
        return buffer;
    }

    /**
     * Takes a free buffer or allocates one: GStreamer's {@code acquire_buffer} virtual method.
     * Returns null only when {@link AcquireFlag#DONTWAIT} is asked and the pool is at its
     * maximum. A pool that places buffers by {@link AcquireParams#start()}/{@code stop()}
     * overrides this.
     *
     * @throws PoolFlushingException if the pool is flushing, or becomes so while waiting
     */
    protected Buffer acquireBuffer(AcquireParams params) throws PoolFlushingException {
        int max = applied.maxBuffers();
        synchronized (queueLock) {
            for (;;) {
                if (flushing) {
                    throw flushingException();
                }
                Buffer buffer = free.pollFirst();
                if (buffer != null) {
                    return buffer;
                }
                if (max == 0 || bufferCount < max) {
                    bufferCount++; // reserved; allocated below, outside the lock
                    break;
                }
                if (params.hasFlag(AcquireFlag.DONTWAIT)) {
                    return null;
                }
                waiters++;
                try {
                    queueLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PoolFlushingException(this, name + ": interrupted while waiting for a free buffer");
                } finally {
                    waiters--;
                }
            }
        }
        return newBuffer(params);
    }

    private PoolFlushingException flushingException() {
        return new PoolFlushingException(this, active ? name + " is flushing" : name + " is not active");
    }

    /**
     * Allocates one more buffer if fewer than {@code maxBuffers} exist, counted and prepared
     * as the pool keeps them (metas POOLED and LOCKED, {@code TAG_MEMORY} cleared): GStreamer's
     * {@code do_alloc_buffer}. Returns null at the maximum. For {@link #start} and
     * {@link #acquireBuffer} overrides.
     */
    protected final Buffer allocateCounted(AcquireParams params) {
        int max = applied.maxBuffers();
        synchronized (queueLock) {
            if (max != 0 && bufferCount >= max) {
                return null;
            }
            bufferCount++;
        }
        return newBuffer(params);
    }

    /** Allocates a buffer whose place is already counted in bufferCount. */
    private Buffer newBuffer(AcquireParams params) {
        Buffer buffer = null;
        try {
            buffer = Objects.requireNonNull(allocBuffer(params), "allocBuffer returned null");
            buffer.forEachMeta(MARK_POOLED);
            buffer.unsetFlag(BufferFlag.TAG_MEMORY);
            return buffer;
        } catch (Throwable t) {
            if (buffer != null) {
                buffer.setRecycler(null);
                buffer.unref();
            }
            bufferGone();
            throw t;
        }
    }

    /**
     * Makes a new buffer for the pool: GStreamer's {@code alloc_buffer}. The default allocates
     * one memory of the config's size with its allocator and params. Metas added here stay for
     * the buffer's life (the pool marks them POOLED and LOCKED).
     */
    protected Buffer allocBuffer(AcquireParams params) {
        PoolConfig c = applied;
        return Buffer.allocate(allocator, c.size(), c.params());
    }

    // ------------------------------------------------------------------ coming home

    /** The buffer's last reference went; it is ours again (refcount 1, no recycler). */
    private void bufferCameHome(Buffer buffer) {
        try {
            if (!active) {
                discardBuffer(buffer); // deactivated: free each buffer as it comes home
                return;
            }
            try {
                resetBuffer(buffer);
            } catch (RuntimeException | Error e) {
                discardBuffer(buffer);
                throw e;
            }
            releaseBuffer(buffer);
        } finally {
            decOutstanding();
        }
    }

    /**
     * Clears what users may have set on a buffer that came home: GStreamer's
     * {@code reset_buffer}. The default clears the flags but {@code TAG_MEMORY}, the
     * timestamps and offsets, removes every meta not POOLED, and, if the memories were not
     * changed, restores the size and start the buffer was allocated with.
     */
    protected void resetBuffer(Buffer buffer) {
        buffer.resetForReuse();
        if ((buffer.flagBits() & TAG_MEMORY) == 0) {
            restoreLayout(buffer);
        }
    }

    /**
     * Undoes a resize: back to the config's size starting after the params' prefix, where
     * {@link #allocBuffer} put it. (GStreamer moves the start to the block's first byte,
     * eating the prefix; we keep it.) A buffer that cannot be restored is left alone and
     * {@link #releaseBuffer} discards it for its size.
     */
    private void restoreLayout(Buffer buffer) {
        PoolConfig c = applied;
        long size = c.size();
        long prefix = c.params().prefix();
        int memories = buffer.memoryCount();
        if (memories == 0) {
            return;
        }
        if (memories == 1) { // the common case, checked without allocating
            Memory m = buffer.peekMemory(0);
            if (m.size() == size && m.offset() == prefix) {
                return;
            }
        }
        BufferSizes s = buffer.sizes();
        if (s.size() == size && s.offset() == prefix) {
            return;
        }
        if (s.maxSize() >= prefix + size && buffer.isAllMemoryWritable()) {
            buffer.resize(prefix - s.offset(), size);
        }
    }

    /**
     * Keeps or frees a buffer that came home and was reset, or that {@link #start}
     * preallocated: GStreamer's {@code release_buffer}. The default frees it
     * ({@link #discardBuffer}) if its memories were changed ({@code TAG_MEMORY}), its size is
     * not the config's, or a memory is shared (another buffer or a view still uses it), and
     * else queues it ({@link #queueBuffer}).
     */
    protected void releaseBuffer(Buffer buffer) {
        if ((buffer.flagBits() & TAG_MEMORY) != 0 || buffer.size() != applied.size()
                || !buffer.isAllMemoryWritable()) {
            discardBuffer(buffer);
        } else {
            queueBuffer(buffer);
        }
    }

    /** Puts a buffer the pool owns on the free queue and wakes one waiting acquirer. */
    protected final void queueBuffer(Buffer buffer) {
        synchronized (queueLock) {
            free.addLast(buffer);
            if (waiters > 0) {
                queueLock.notify();
            }
        }
    }

    /**
     * Frees a buffer the pool owns ({@link #freeBuffer}) and counts it gone, so a waiting
     * acquirer may allocate another: GStreamer's {@code do_free_buffer}.
     */
    protected final void discardBuffer(Buffer buffer) {
        try {
            freeBuffer(buffer);
        } finally {
            bufferGone();
        }
    }

    private void bufferGone() {
        synchronized (queueLock) {
            bufferCount--;
            if (waiters > 0) {
                queueLock.notify();
            }
        }
    }

    /** Frees a buffer for good: GStreamer's {@code free_buffer}. The default unrefs it. */
    protected void freeBuffer(Buffer buffer) {
        buffer.setRecycler(null);
        buffer.unref();
    }

    private void decOutstanding() {
        if (outstanding.decrementAndGet() == 0 && flushing) {
            // The last buffer came home to a pool that may have been deactivated meanwhile.
            synchronized (stateLock) {
                if (!active) {
                    doStop();
                }
            }
        }
    }

    // ------------------------------------------------------------------ start, stop, flush

    /**
     * Prepares the pool when it is activated, under the state lock: GStreamer's {@code start}.
     * The default allocates {@code minBuffers} buffers ({@link #allocateCounted}) and releases
     * them to the queue ({@link #releaseBuffer}). Returns false, or throws, on failure: the
     * pool then frees what it queued and stays inactive.
     */
    protected boolean start() {
        int min = applied.minBuffers();
        for (int i = 0; i < min; i++) {
            Buffer buffer = allocateCounted(AcquireParams.DEFAULT);
            if (buffer == null) {
                return false;
            }
            releaseBuffer(buffer);
        }
        return true;
    }

    /**
     * Frees the pool's buffers when it is deactivated and every buffer is home, under the
     * state lock: GStreamer's {@code stop}. The default frees the queued buffers and returns
     * whether none is left.
     */
    protected boolean stop() {
        freeQueued();
        synchronized (queueLock) {
            return bufferCount == 0;
        }
    }

    private void freeQueued() {
        for (;;) {
            Buffer buffer;
            synchronized (queueLock) {
                buffer = free.pollFirst();
            }
            if (buffer == null) {
                return;
            }
            discardBuffer(buffer);
        }
    }

    /** Called when the pool starts flushing, after waiters were woken. Does nothing by default. */
    protected void flushStart() {
    }

    /** Called when the pool stops flushing, before acquiring works again. Does nothing by default. */
    protected void flushStop() {
    }

    // ------------------------------------------------------------------ state for subclasses and checks

    /** The config the pool runs with (the last accepted one); for subclasses. */
    protected final PoolConfig appliedConfig() {
        return applied;
    }

    /** The allocator of the applied config (the default allocator when it names none). */
    protected final Allocator allocator() {
        return allocator;
    }

    /** The allocation params of the applied config. */
    protected final AllocationParams allocationParams() {
        return applied.params();
    }

    /**
     * Checks a config asked by {@link #setConfig} (caps, size and counts are already
     * valid): GStreamer's {@code set_config}. Returns {@code requested} (or an equal config) to
     * accept it, a corrected config to refuse it with a proposal the caller can read back and
     * set (size rounded up, min raised, another allocator…), or null to refuse it outright.
     * The default refuses an allocator that cannot allocate plainly
     * ({@link Allocator#isCustomAlloc()}), proposing the default one.
     */
    protected PoolConfig validateConfig(PoolConfig requested) {
        Allocator a = requested.allocator();
        if (a != null && a.isCustomAlloc()) {
            return requested.withAllocator(null, requested.params());
        }
        return requested;
    }

    /** The buffers that exist: free, out, or being allocated. */
    public final int bufferCount() {
        synchronized (queueLock) {
            return bufferCount;
        }
    }

    /** The buffers waiting in the pool to be acquired. */
    public final int freeBufferCount() {
        synchronized (queueLock) {
            return free.size();
        }
    }

    /** The buffers handed out and not yet home (plus acquires in progress). */
    public final int outstandingCount() {
        return outstanding.get();
    }

    @Override
    public String toString() {
        PoolConfig c = applied;
        synchronized (queueLock) {
            return "BufferPool[" + name + (active ? ", active" : ", inactive") + (flushing ? ", flushing" : "")
                    + ", size=" + c.size() + ", buffers=" + bufferCount + "/"
                    + (c.maxBuffers() == 0 ? "unlimited" : c.maxBuffers()) + ", free=" + free.size()
                    + ", out=" + outstanding.get() + "]";
        }
    }
}
