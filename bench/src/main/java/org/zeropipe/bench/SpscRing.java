package org.zeropipe.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.zeropipe.core.buffer.Buffer;

/**
 * A single-producer single-consumer ring of buffers that allocates nothing per element, so the
 * hand-off benchmark measures the pool, not a queue's nodes.
 */
final class SpscRing {
    private final Buffer[] slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next to poll; written by the consumer
    private final AtomicLong tail = new AtomicLong(); // next to fill; written by the producer

    SpscRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new Buffer[capacity];
        mask = capacity - 1;
    }

    /** Producer only: adds {@code b}, or returns false when full. */
    boolean offer(Buffer b) {
        long t = tail.get();
        if (t - head.get() == slots.length) {
            return false;
        }
        slots[(int) t & mask] = b;
        tail.lazySet(t + 1); // publishes the slot
        return true;
    }

    /** Consumer only: the oldest buffer, or null when empty. */
    Buffer poll() {
        long h = head.get();
        if (h == tail.get()) {
            return null;
        }
        int i = (int) h & mask;
        Buffer b = slots[i];
        slots[i] = null;
        head.lazySet(h + 1); // frees the slot
        return b;
    }

    /** Releases what is left, once both threads stopped. */
    void drain() {
        for (Buffer b; (b = poll()) != null;) {
            b.unref();
        }
    }
}
