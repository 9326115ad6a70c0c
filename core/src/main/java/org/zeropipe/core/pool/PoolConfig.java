package org.zeropipe.core.pool;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.Set;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;

/**
 * The configuration of a {@link BufferPool}: GStreamer's {@code GstBufferPoolConfig} structure
 * as an immutable value. Change it with the {@code with…} methods and give it to
 * {@link BufferPool#setConfig}; read back what the pool made of it with
 * {@link BufferPool#config()}.
 *
 * @param caps       the fixed caps of the buffers, or null when the pool does not care
 * @param size       the size of each buffer in bytes, not counting prefix and padding
 * @param minBuffers how many buffers the pool allocates when activated and keeps
 * @param maxBuffers the most buffers that may exist at once; 0 for no limit
 * @param allocator  the allocator of the memories, or null for the default allocator
 * @param params     how memories are allocated (alignment, prefix, padding, flags)
 * @param options    the options asked of the pool ({@link PoolOptions}), in the order added;
 *                   a pool ignores those it does not support ({@link BufferPool#hasOption})
 */
public record PoolConfig(Caps caps, long size, int minBuffers, int maxBuffers, Allocator allocator,
        AllocationParams params, Set<String> options) {

    /** A new pool's config: no caps, size 0, no minimum, no limit, default allocator. */
    public static final PoolConfig DEFAULT = new PoolConfig(null, 0, 0, 0, null, AllocationParams.DEFAULT, Set.of());

    /**
     * @throws IllegalArgumentException if caps are not fixed, size or a count is negative, or
     *                                  {@code maxBuffers} is not 0 and below {@code minBuffers}
     */
    public PoolConfig {
        if (caps != null && !caps.isFixed()) {
            throw new IllegalArgumentException("a pool's caps must be fixed (or null), not " + caps);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        if (minBuffers < 0 || maxBuffers < 0) {
            throw new IllegalArgumentException("buffer counts must be >= 0, not min " + minBuffers + ", max " + maxBuffers);
        }
        if (maxBuffers != 0 && minBuffers > maxBuffers) {
            throw new IllegalArgumentException("minBuffers " + minBuffers + " > maxBuffers " + maxBuffers
                    + " (use maxBuffers 0 for no limit)");
        }
        params = params != null ? params : AllocationParams.DEFAULT;
        options = copyOf(options);
    }

    /** {@link #DEFAULT} with these params: GStreamer's {@code gst_buffer_pool_config_set_params}. */
    public static PoolConfig of(Caps caps, long size, int minBuffers, int maxBuffers) {
        return DEFAULT.withParams(caps, size, minBuffers, maxBuffers);
    }

    /** This config with other caps, size and buffer counts. */
    public PoolConfig withParams(Caps newCaps, long newSize, int newMin, int newMax) {
        return new PoolConfig(newCaps, newSize, newMin, newMax, allocator, params, options);
    }

    /** This config with another size. */
    public PoolConfig withSize(long newSize) {
        return new PoolConfig(caps, newSize, minBuffers, maxBuffers, allocator, params, options);
    }

    /** This config with other buffer counts. */
    public PoolConfig withBuffers(int newMin, int newMax) {
        return new PoolConfig(caps, size, newMin, newMax, allocator, params, options);
    }

    /**
     * This config with another allocator (null: the default) and allocation params (null:
     * {@link AllocationParams#DEFAULT}).
     */
    public PoolConfig withAllocator(Allocator newAllocator, AllocationParams newParams) {
        return new PoolConfig(caps, size, minBuffers, maxBuffers, newAllocator, newParams, options);
    }

    /** This config with {@code option} added (once). */
    public PoolConfig withOption(String option) {
        Objects.requireNonNull(option, "option");
        if (options.contains(option)) {
            return this;
        }
        LinkedHashSet<String> more = new LinkedHashSet<>(options);
        more.add(option);
        return new PoolConfig(caps, size, minBuffers, maxBuffers, allocator, params, more);
    }

    /** This config without {@code option}. */
    public PoolConfig withoutOption(String option) {
        if (!options.contains(option)) {
            return this;
        }
        LinkedHashSet<String> fewer = new LinkedHashSet<>(options);
        fewer.remove(option);
        return new PoolConfig(caps, size, minBuffers, maxBuffers, allocator, params, fewer);
    }

    public boolean hasOption(String option) {
        return options.contains(option);
    }

    /**
     * Whether this config, as corrected by a pool that refused the one asked, still serves a
     * caller that needs these params: same caps, at least {@code size} bytes, at least
     * {@code minBuffers} (GStreamer's {@code gst_buffer_pool_config_validate_params}; like it,
     * {@code maxBuffers} is not checked).
     */
    public boolean validateParams(Caps expectedCaps, long expectedSize, int expectedMin, int expectedMax) {
        return Objects.equals(caps, expectedCaps) && size >= expectedSize && minBuffers >= expectedMin;
    }

    private static Set<String> copyOf(Set<String> options) {
        if (options == null || options.isEmpty()) {
            return Set.of();
        }
        SequencedSet<String> copy = new LinkedHashSet<>();
        for (String o : options) {
            copy.add(Objects.requireNonNull(o, "option"));
        }
        return Collections.unmodifiableSequencedSet(copy);
    }
}
