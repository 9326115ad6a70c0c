package org.zeropipe.core.buffer;

/**
 * Where a buffer goes when its last reference is given back instead of being freed: a buffer
 * pool (GStreamer's {@code buffer->pool} and {@code _gst_buffer_dispose}).
 *
 * <p>The contract, for pool implementers:
 * <ol>
 *   <li>When handing a buffer out, the pool calls {@link Buffer#setRecycler(BufferRecycler)}
 *       with itself. The buffer is then writable (refcount 1) and owned by the caller.</li>
 *   <li>When the last reference goes, the buffer clears its recycler, takes the reference back
 *       (refcount 1 again, now owned by the recycler) and calls {@link #recycle} once, on the
 *       thread that gave the reference back. Nothing is allocated on that path.</li>
 *   <li>{@code recycle} either keeps the buffer (after {@link Buffer#resetForReuse(long)}, checking
 *       {@link Buffer#hasFlag(BufferFlag) TAG_MEMORY}, {@link Buffer#size()} and
 *       {@link Buffer#isAllMemoryWritable()}) or frees it with {@link Buffer#unref()}, which
 *       now really frees it since the recycler was cleared.</li>
 * </ol>
 */
@FunctionalInterface
public interface BufferRecycler {

    /** Takes back {@code buffer}, whose last user reference just went; the recycler now owns it. */
    void recycle(Buffer buffer);
}
