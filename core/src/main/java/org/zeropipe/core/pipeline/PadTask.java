package org.zeropipe.core.pipeline;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.trace.CopyAttribution;
import org.zeropipe.core.trace.CopyTracers;

/**
 * A streaming thread: a platform thread that calls one loop function again and again, under its
 * pad's stream lock, while started (GStreamer's {@code GstTask}). The loop function pauses the
 * task when the flow stops (EOS, FLUSHING, an error); deactivating the pad stops it and joins
 * the thread, so no streaming thread outlives its pad's activation.
 */
final class PadTask {

    private enum Mode { STARTED, PAUSED, STOPPED }

    private final Pad pad;
    private final Runnable loop;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Mode mode = Mode.PAUSED; // written under lock
    private Thread thread;

    PadTask(Pad pad, Runnable loop) {
        this.pad = pad;
        this.loop = loop;
    }

    Thread thread() {
        return thread;
    }

    /** Starts (or resumes) the loop; the first call creates the thread. */
    void start() {
        lock.lock();
        try {
            if (mode == Mode.STOPPED) {
                throw new IllegalStateException("task of " + pad + " was stopped");
            }
            mode = Mode.STARTED;
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name(pad.fullName() + ":task").unstarted(this::run);
                thread.start();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes the loop wait after its current iteration. Callable from the loop itself. */
    void pause() {
        lock.lock();
        try {
            if (mode == Mode.STARTED) {
                mode = Mode.PAUSED;
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isStarted() {
        return mode == Mode.STARTED;
    }

    /**
     * Ends the loop and waits for the thread to finish (unless called from it). The caller must
     * first make the loop function return (set the pad flushing and wake what it waits on).
     */
    void stopAndJoin() {
        Thread t;
        lock.lock();
        try {
            mode = Mode.STOPPED;
            changed.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            lock.lock();
            try {
                while (mode == Mode.PAUSED) {
                    changed.awaitUninterruptibly();
                }
                if (mode == Mode.STOPPED) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            runWhileStarted();
        }
    }

    /** Runs the loop until paused or stopped; the mode is read without the lock between iterations. */
    private void runWhileStarted() {
        while (mode == Mode.STARTED) {
            pad.streamLock().lock();
            // What the loop copies (a source's create, a queue's push) counts for the pad's element.
            boolean traced = CopyTracers.active();
            String previous = traced ? CopyAttribution.enter(pad.element().name()) : null;
            try {
                loop.run();
            } catch (RuntimeException | Error e) {
                pause();
                pad.element().postError("streaming thread of " + pad.fullName() + " failed: " + e, null, e);
            } finally {
                if (traced) {
                    CopyAttribution.exit(previous);
                }
                pad.streamLock().unlock();
            }
        }
    }
}
