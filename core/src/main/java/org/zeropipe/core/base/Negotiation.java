package org.zeropipe.core.base;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;
import org.zeropipe.core.query.AllocationQuery;

/**
 * What an upstream element decided from an ALLOCATION query (design doc {@code allocation.md}):
 * the allocator and params to allocate output buffers with, and the pool downstream proposed
 * (configured with the negotiated caps, size and counts, and activated) or {@code null}.
 *
 * @param caps      the negotiated caps
 * @param allocator the allocator to use (the default one if nobody proposed one)
 * @param params    allocation params (alignment, prefix, padding)
 * @param pool      the pool to acquire output buffers from (active), or {@code null}
 * @param size      buffer size from the pool proposal (0: decide yourself)
 * @param minBuffers buffers downstream keeps at once
 * @param maxBuffers most buffers (0: unlimited)
 */
public record Negotiation(Caps caps, Allocator allocator, AllocationParams params, BufferPool pool, long size,
                          int minBuffers, int maxBuffers) {

    /** The default decision for {@code caps}: default allocator, default params, no pool. */
    public static Negotiation defaults(Caps caps) {
        return new Negotiation(caps, Allocators.defaultAllocator(), AllocationParams.DEFAULT, null, 0, 0, 0);
    }

    /**
     * GStreamer's default {@code decide_allocation}: the first proposed allocator (if any) with
     * its params, and the first proposed pool with its numbers. A proposed pool object is
     * configured ({@code PoolConfig.of(caps, size, min, max)} with that allocator and params;
     * a counter-proposal from the pool is accepted) and activated; if it cannot be, no pool is
     * used. Without a proposed pool object, buffers are allocated one by one.
     */
    public static Negotiation decide(Caps caps, AllocationQuery query) {
        Allocator allocator = Allocators.defaultAllocator();
        AllocationParams params = AllocationParams.DEFAULT;
        if (!query.allocators().isEmpty()) {
            AllocationQuery.AllocatorProposal a = query.allocators().get(0);
            if (a.allocator() != null) {
                allocator = a.allocator();
            }
            params = a.params();
        }
        if (query.pools().isEmpty()) {
            return new Negotiation(caps, allocator, params, null, 0, 0, 0);
        }
        AllocationQuery.PoolProposal p = query.pools().get(0);
        BufferPool pool = p.pool() != null && p.size() > 0 ? activate(p, caps, allocator, params) : null;
        return new Negotiation(caps, allocator, params, pool, p.size(), p.min(), p.max());
    }

    private static BufferPool activate(AllocationQuery.PoolProposal p, Caps caps, Allocator allocator,
                                       AllocationParams params) {
        BufferPool pool = p.pool();
        pool.setActive(false);
        return configureAndActivate(pool, PoolConfig.of(caps.isFixed() ? caps : null, p.size(), p.min(), p.max())
                .withAllocator(allocator, params));
    }

    private static BufferPool configureAndActivate(BufferPool pool, PoolConfig wanted) {
        if (!pool.setConfig(wanted) && !pool.setConfig(pool.config())) {
            return null;
        }
        return pool.setActive(true) ? pool : null;
    }

    /**
     * This decision with a pool of the element's own when downstream proposed no pool object,
     * as GStreamer's basesrc and basetransform default {@code decide_allocation} do: buffers of
     * the proposed size, or of {@code size} (the element's own idea, from its caps or
     * properties) when that is larger, with the decided allocator, params and counts; configured
     * and activated. Unchanged when a pool was decided already, or when no size is known
     * (no proposal size and {@code size < 0}).
     *
     * @param name the new pool's name (the element's, for messages)
     */
    public Negotiation withOwnPool(String name, long size) {
        long s = Math.max(this.size, size);
        if (pool != null || s < 0 || (s == 0 && size < 0)) {
            return this;
        }
        BufferPool own = configureAndActivate(new BufferPool(name),
                PoolConfig.of(caps != null && caps.isFixed() ? caps : null, s, minBuffers, maxBuffers)
                        .withAllocator(allocator, params));
        return own == null ? this : new Negotiation(caps, allocator, params, own, s, minBuffers, maxBuffers);
    }

    /** Deactivates the pool, if any (at stop, or when a new negotiation replaces this one). */
    public void release() {
        if (pool != null) {
            pool.setActive(false);
        }
    }

    /**
     * A buffer of {@code size} bytes: from the pool when it has one and its buffers are big
     * enough (resized to {@code size}), else allocated. {@code null} when the pool is
     * flushing (a stop is under way: FLUSHING).
     */
    public Buffer allocate(long size) {
        if (pool != null && size <= this.size) {
            try {
                Buffer b = pool.acquire();
                if (b.size() != size) {
                    b.setSize(size);
                }
                return b;
            } catch (PoolFlushingException e) {
                return null;
            }
        }
        return Buffer.allocate(allocator, size, params);
    }
}
