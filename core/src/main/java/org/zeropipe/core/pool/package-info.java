/**
 * Buffer pools: {@link org.zeropipe.core.pool.BufferPool} preallocates and recycles buffers of
 * one size, configured by a {@link org.zeropipe.core.pool.PoolConfig}; see
 * {@code docs/bufferpool.md}.
 */
package org.zeropipe.core.pool;
