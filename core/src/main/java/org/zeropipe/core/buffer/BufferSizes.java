package org.zeropipe.core.buffer;

/**
 * Sizes of a range of a buffer's memories: {@code size} valid bytes, {@code offset} bytes of
 * room before them in the first memory, and {@code maxSize = offset + size + room after}.
 * {@code offset} and {@code maxSize} bound what {@link Buffer#resize} can do.
 */
public record BufferSizes(long size, long offset, long maxSize) {
}
