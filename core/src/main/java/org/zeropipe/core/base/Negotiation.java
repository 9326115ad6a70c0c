package org.zeropipe.core.base;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.query.AllocationQuery;

/**
 * What an upstream element decided from an ALLOCATION query (design doc {@code allocation.md}):
 * the allocator and params to allocate output buffers with, and the pool numbers downstream
 * asked for. Until {@code BufferPool} lands (TODO(pool)) buffers are allocated one by one with
 * the allocator; the proposed pool object is recorded but not used.
 *
 * @param caps      the negotiated caps
 * @param allocator the allocator to use (the default one if nobody proposed one)
 * @param params    allocation params (alignment, prefix, padding)
 * @param pool      the proposed pool object, or {@code null}
 * @param size      buffer size from the pool proposal (0: decide yourself)
 * @param minBuffers buffers downstream keeps at once
 * @param maxBuffers most buffers (0: unlimited)
 */
public record Negotiation(Caps caps, Allocator allocator, AllocationParams params, Object pool, long size,
                          int minBuffers, int maxBuffers) {

    /** The default decision for {@code caps}: default allocator, default params, no pool. */
    public static Negotiation defaults(Caps caps) {
        return new Negotiation(caps, Allocators.defaultAllocator(), AllocationParams.DEFAULT, null, 0, 0, 0);
    }

    /**
     * GStreamer's default {@code decide_allocation}: the first proposed allocator (if any) with
     * its params, and the first proposed pool's numbers.
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
        return new Negotiation(caps, allocator, params, p.pool(), p.size(), p.min(), p.max());
    }
}
