package org.zeropipe.core.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.pool.BufferPool;

/**
 * The ALLOCATION query (design doc {@code allocation.md}): after caps are set, upstream asks
 * downstream how buffers of {@link #caps()} should be allocated. Downstream <em>proposes</em>
 * pools (with size and buffer counts), allocators with their params, and the metas it can use;
 * upstream then <em>decides</em>: it picks or makes a pool, configures it, and only attaches
 * the metas downstream listed. The first entry of each list is the preferred one.
 */
public final class AllocationQuery implements Query {

    /**
     * A proposed pool.
     *
     * @param pool the pool downstream offers (upstream configures and activates it), or
     *             {@code null} to propose only the numbers
     * @param size bytes per buffer
     * @param min  buffers the pool must keep (downstream holds this many at once)
     * @param max  most buffers, 0 for unlimited
     */
    public record PoolProposal(BufferPool pool, long size, int min, int max) {
        public PoolProposal {
            if (size < 0 || min < 0 || max < 0 || (max != 0 && max < min)) {
                throw new IllegalArgumentException("bad pool proposal size=" + size + " min=" + min + " max=" + max);
            }
        }
    }

    /** A proposed allocator ({@code null}: the default) and the params to use it with. */
    public record AllocatorProposal(Allocator allocator, AllocationParams params) {
        public AllocatorProposal {
            Objects.requireNonNull(params, "params");
        }
    }

    /** A meta API downstream can use, with optional parameters (may be {@code null}). */
    public record MetaProposal(MetaApi api, Structure params) {
        public MetaProposal {
            Objects.requireNonNull(api, "api");
        }
    }

    private final Caps caps;
    private final boolean needPool;
    private final List<PoolProposal> pools = new ArrayList<>();
    private final List<AllocatorProposal> allocators = new ArrayList<>();
    private final List<MetaProposal> metas = new ArrayList<>();

    /** @param needPool whether upstream wants a pool object (else only the numbers) */
    public AllocationQuery(Caps caps, boolean needPool) {
        this.caps = Objects.requireNonNull(caps, "caps");
        this.needPool = needPool;
    }

    public Caps caps() {
        return caps;
    }

    public boolean needPool() {
        return needPool;
    }

    @Override
    public boolean isSerialized() {
        return true;
    }

    public List<PoolProposal> pools() {
        return Collections.unmodifiableList(pools);
    }

    public void addPool(PoolProposal proposal) {
        pools.add(Objects.requireNonNull(proposal, "proposal"));
    }

    public void setPool(int index, PoolProposal proposal) {
        pools.set(index, Objects.requireNonNull(proposal, "proposal"));
    }

    public void clearPools() {
        pools.clear();
    }

    public List<AllocatorProposal> allocators() {
        return Collections.unmodifiableList(allocators);
    }

    public void addAllocator(AllocatorProposal proposal) {
        allocators.add(Objects.requireNonNull(proposal, "proposal"));
    }

    public void setAllocator(int index, AllocatorProposal proposal) {
        allocators.set(index, Objects.requireNonNull(proposal, "proposal"));
    }

    public void clearAllocators() {
        allocators.clear();
    }

    public List<MetaProposal> metas() {
        return Collections.unmodifiableList(metas);
    }

    /** Adds a meta API (once; a second add of the same API is ignored). */
    public void addMeta(MetaApi api, Structure params) {
        if (!hasMeta(api)) {
            metas.add(new MetaProposal(api, params));
        }
    }

    public boolean hasMeta(MetaApi api) {
        for (MetaProposal m : metas) {
            if (m.api() == api) {
                return true;
            }
        }
        return false;
    }

    public void removeMeta(MetaApi api) {
        metas.removeIf(m -> m.api() == api);
    }

    @Override
    public String typeName() {
        return "allocation";
    }

    @Override
    public String toString() {
        return "allocation-query[caps=" + caps + ", pools=" + pools + ", allocators=" + allocators
                + ", metas=" + metas + "]";
    }
}
