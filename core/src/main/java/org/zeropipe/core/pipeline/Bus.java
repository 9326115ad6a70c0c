package org.zeropipe.core.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries {@link Message}s from the streaming threads to the application: GStreamer's
 * {@code GstBus} (design doc {@code gstbus.md}). {@link #post} never blocks; the application
 * {@link #pop pops} messages on its own thread. A {@link SyncHandler} sees each message on the
 * posting thread first and may drop it (for example to answer it at once).
 */
public final class Bus {

    /** What a sync handler decides for a message. */
    public enum SyncReply {
        /** Queue it for {@link #pop}. */
        PASS,
        /** Drop it: the handler dealt with it. */
        DROP
    }

    /** Sees every message on the posting thread, before it is queued. Must not block. */
    @FunctionalInterface
    public interface SyncHandler {
        SyncReply handle(Message message);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private volatile SyncHandler syncHandler;
    private boolean flushing;

    /** Posts a message; returns false if the bus is flushing and dropped it. */
    public boolean post(Message message) {
        Objects.requireNonNull(message, "message");
        SyncHandler handler = syncHandler;
        if (handler != null && handler.handle(message) == SyncReply.DROP) {
            return true;
        }
        lock.lock();
        try {
            if (flushing) {
                return false;
            }
            queue.addLast(message);
            arrived.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Sets (or with {@code null} removes) the sync handler. */
    public void setSyncHandler(SyncHandler handler) {
        syncHandler = handler;
    }

    /** The next message, or {@code null} if none is queued. */
    public Message pop() {
        return pop(Duration.ZERO);
    }

    /** The next message, waiting at most {@code timeout}; {@code null} if none came. */
    public Message pop(Duration timeout) {
        return pop(timeout, Message.class);
    }

    /**
     * The next message of one of {@code types}, waiting at most {@code timeout}; messages of
     * other types popped on the way are discarded (as {@code gst_bus_timed_pop_filtered}).
     */
    @SafeVarargs
    public final Message pop(Duration timeout, Class<? extends Message>... types) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                while (!queue.isEmpty()) {
                    Message m = queue.pollFirst();
                    for (Class<? extends Message> t : types) {
                        if (t.isInstance(m)) {
                            return m;
                        }
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the first message of a type, or null after the timeout. */
    public <M extends Message> M await(Class<M> type, Duration timeout) {
        return type.cast(pop(timeout, type));
    }

    /** Messages queued now. */
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** While flushing, the bus drops everything posted and what is queued (state NULL). */
    public void setFlushing(boolean flush) {
        lock.lock();
        try {
            flushing = flush;
            if (flush) {
                queue.clear();
            }
        } finally {
            lock.unlock();
        }
    }

}
