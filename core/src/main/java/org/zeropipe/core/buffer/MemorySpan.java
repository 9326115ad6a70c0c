package org.zeropipe.core.buffer;

/**
 * Where a byte range lies in a buffer's memories: {@code length} memories from {@code index},
 * starting {@code skip} bytes into the first. Returned by {@link Buffer#findMemory}.
 */
public record MemorySpan(int index, int length, long skip) {
}
