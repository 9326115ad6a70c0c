package org.zeropipe.core.audio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.SystemMemory;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * A ring of {@code segtotal} segments of {@code segsize} bytes (GStreamer's
 * {@code GstAudioRingBuffer}) in one native block, shared by a writer side (the streaming
 * thread: {@link #write} copies, or {@link RingBufferPool} buffers that <em>are</em> the ring)
 * and a reader thread that plays one segment every {@code latency-time} in real time, clears
 * it to silence and moves the read position on. Frame {@code f} of the stream lives at byte
 * {@code (f mod capacity) * bpf}; a writer may fill frames up to {@code read + capacity}.
 *
 * <p>Sizes follow GStreamer: segsize = bpf * rate * latency-time, segtotal = buffer-time /
 * latency-time (200 ms and 10 ms by default: 20 segments of 10 ms).
 */
public final class AudioRingBuffer implements AutoCloseable {

    /** GStreamer's default buffer-time and latency-time, in microseconds. */
    public static final long DEFAULT_BUFFER_TIME_US = 200_000, DEFAULT_LATENCY_TIME_US = 10_000;

    private final AudioInfo info;
    private final int segFrames;
    private final int segTotal;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final Object lock = new Object();
    private volatile long readFrame;      // frames played (a multiple of segFrames)
    private long committedEnd;             // the end of the frames written so far
    private boolean flushing;
    private boolean closed;
    private int liveMemories;             // RingMemory windows alive: the block outlives them (under lock)
    private Thread reader;
    private volatile boolean playing;
    private boolean armed;                 // may start: the sink is PLAYING
    private volatile boolean realtime = true;
    private boolean draining;
    private String readerName;
    private Consumer<MemorySegment> readerPlayer;
    private volatile long segmentStartNanos; // when the segment at readFrame began to play
    private boolean placed;                // the first write or reservation set the position
    private boolean handingOff;            // the reader is handing the segment at readFrame to its player (under lock)
    private int jumpsWaiting;              // jumps waiting for that handoff: they go before the next one (under lock)
    private long timeBase;                 // playedTime - time of readFrame: kept across jumps (under lock)

    /**
     * A ring for {@code info} holding {@code bufferTimeUs} of audio in segments of
     * {@code latencyTimeUs}. Throws when the times are not positive or latency exceeds buffer.
     */
    public AudioRingBuffer(AudioInfo info, long bufferTimeUs, long latencyTimeUs) {
        if (latencyTimeUs <= 0 || bufferTimeUs < latencyTimeUs) {
            throw new IllegalArgumentException("need 0 < latency-time <= buffer-time, not latency-time "
                    + latencyTimeUs + " us, buffer-time " + bufferTimeUs + " us");
        }
        this.info = info;
        this.segFrames = (int) Math.max(1, AudioInfo.scale(info.rate(), latencyTimeUs, 1_000_000));
        this.segTotal = (int) Math.max(2, bufferTimeUs / latencyTimeUs);
        this.data = arena.allocate((long) segFrames * segTotal * info.bpf(), 64);
    }

    public AudioInfo info() {
        return info;
    }

    /**
     * Real time (the default): the reader plays a segment every segment duration, silence
     * where nothing was written (an underrun). Not real time: it plays a segment as soon as it
     * is written, never underruns, and goes as fast as the writer (tests, offline rendering).
     */
    public void setRealtime(boolean on) {
        realtime = on;
    }

    /** Bytes per segment. */
    public int segSize() {
        return segFrames * info.bpf();
    }

    public int segFrames() {
        return segFrames;
    }

    public int segTotal() {
        return segTotal;
    }

    /** Frames the ring holds. */
    public long capacityFrames() {
        return (long) segFrames * segTotal;
    }

    long sizeBytes() {
        return data.byteSize();
    }

    long address() {
        if (!arena.scope().isAlive()) { // cannot happen while a RingMemory is counted; never hand out freed memory
            throw new IllegalStateException(this + ": its native block was freed");
        }
        return data.address();
    }

    /** Whether the native block is still allocated (tests). */
    boolean blockAlive() {
        return arena.scope().isAlive();
    }

    /** Where frame {@code frame} of the stream lives in the ring, in bytes. */
    public long byteOffset(long frame) {
        return Math.floorMod(frame, capacityFrames()) * info.bpf();
    }

    /** Frames played so far: the read position. */
    public long readFrame() {
        return readFrame;
    }

    /** The end of the frames written so far. */
    public long committedEnd() {
        synchronized (lock) {
            return committedEnd;
        }
    }

    /** Reads the ring's bytes (tests and diagnostics): {@code size} bytes at ring byte {@code offset}. */
    public byte[] peek(long offset, int size) {
        return data.asSlice(offset, size).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /**
     * Waits until frames up to {@code endFrame} may be written (the reader has played what
     * was there), or returns false at once when flushing or, with {@code dontWait}, when it
     * would block.
     */
    public boolean awaitSpace(long endFrame, boolean dontWait) {
        synchronized (lock) {
            while (endFrame - readFrame > capacityFrames()) {
                if (flushing || closed || dontWait) {
                    return false;
                }
                startIfArmed(); // the ring is full: time to play
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !flushing && !closed;
        }
    }

    /** What {@link #reserve} found. */
    enum Reservation { RESERVED, LATE, REFUSED }

    /**
     * {@link #awaitSpace} for a pool buffer of frames {@code [start, end)} made of {@code windows}
     * {@link RingMemory} windows: on success the windows are counted as alive in the same locked
     * step, so that a {@link #close} racing with the caller cannot free the block under them
     * (each goes to one {@link RingMemory} made by the pool, or is given back by
     * {@link #releaseReserved}). LATE: the reader already passed {@code start} (nothing counted);
     * REFUSED: flushing, closed, or full with {@code dontWait}.
     */
    Reservation reserve(long start, long end, int windows, boolean dontWait) {
        synchronized (lock) {
            placeAt(start);
            if (!awaitSpace(end, dontWait)) {
                return Reservation.REFUSED;
            }
            if (start < readFrame) {
                return Reservation.LATE;
            }
            liveMemories += windows;
            return Reservation.RESERVED;
        }
    }

    /** Gives back windows counted by {@link #reserve} that were not made. */
    void releaseReserved(int windows) {
        for (int i = 0; i < windows; i++) {
            memoryFreed();
        }
    }

    /** Records that frames {@code [start, end)} were written (by a pool buffer or {@link #write}). */
    public void commit(long start, long end) {
        synchronized (lock) {
            placeAt(start);
            clearStale(start, end);
            committedEnd = Math.max(committedEnd, end);
            lock.notifyAll(); // a reader that is not real time waits for data
            if (committedEnd - readFrame >= capacityFrames() / 2) {
                startIfArmed();
            }
        }
    }

    /**
     * A new stream (a new ring, or after {@link #reset}) starts where its first frames go
     * (their running time: after a seek or new caps it is not 0): read and write positions move
     * there, rounded down to a segment, instead of making the writer wait until the reader has
     * played up to them in real time.
     */
    private void placeAt(long frame) {
        synchronized (lock) {
            if (placed) {
                return;
            }
            placed = true;
            jumpTo(frame - Math.floorMod(frame, segFrames));
            committedEnd = readFrame;
            lock.notifyAll();
        }
    }

    /**
     * Moves the read position; the played time goes on from where it was (under lock). Waits
     * first for the segment the reader is handing to its player: the player reads the ring
     * itself, so a new stream written there during the handoff would be seen in the old
     * segment's place and then again in its own (and a reset's silence would cut the old one).
     */
    private void jumpTo(long frame) {
        awaitHandoff();
        timeBase += info.framesToTime(readFrame) - info.framesToTime(frame);
        readFrame = frame;
    }

    /** Waits until the reader has finished handing off its segment (under lock; one segment, not interruptible). */
    private void awaitHandoff() {
        if (!handingOff || Thread.currentThread() == reader) { // a player calling back would wait for itself
            return;
        }
        boolean interrupted = false;
        jumpsWaiting++;
        try {
            while (handingOff) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            jumpsWaiting--;
            lock.notifyAll(); // the reader waits for this jump (done before the lock is let go)
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The frames of {@code [start, end)} the reader had already passed when they were written
     * (a producer slower than the reader): their bytes are now the next lap's place ({@code f + capacity}) and would play there as an echo. Back to
     * silence, except where the next lap was already written ({@code < committedEnd}, or by
     * this same range) or is being played now (the segment at the read position). Under the lock.
     */
    private void clearStale(long start, long end) {
        long from = Math.max(start, Math.max(Math.max(committedEnd, end), readFrame + segFrames) - capacityFrames());
        long to = Math.min(end, readFrame);
        for (long f = from; f < to; ) {
            long n = Math.min(to - f, capacityFrames() - Math.floorMod(f, capacityFrames()));
            data.asSlice(byteOffset(f), n * info.bpf()).fill(silence());
            f += n;
        }
    }

    private byte silence() {
        return (byte) (info.format() == AudioFormat.U8 ? 0x80 : 0);
    }

    /**
     * Lets the reader start (the sink went to PLAYING) once there is something to play: when
     * half the ring is filled, when a writer finds it full, or at {@link #drain}. Starting on
     * the first sample instead would make a producer that is briefly slow (JIT, a loaded
     * machine) late from the start: a device sink prefills the same way.
     */
    public void arm(String name, Consumer<MemorySegment> player) {
        synchronized (lock) {
            armed = true;
            readerName = name;
            readerPlayer = player;
            if (committedEnd - readFrame >= capacityFrames() / 2) {
                startIfArmed();
            }
        }
    }

    /** Stops the reader and forbids it to start until {@link #arm} (PLAYING to PAUSED). */
    public void disarm() {
        synchronized (lock) {
            armed = false;
        }
        stopReader();
    }

    private void startIfArmed() {
        if (armed && reader == null) {
            startReader(readerName, readerPlayer);
        }
    }

    /**
     * Copies {@code buffer}'s frames into the ring starting at frame {@code startFrame}: the
     * path for buffers that are not the ring's own. Waits for space; each byte is reported to
     * the copy tracer. Frames already played are dropped. Returns false when flushing.
     */
    public boolean write(long startFrame, Buffer buffer) {
        int bpf = info.bpf();
        long end = startFrame + buffer.size() / bpf;
        placeAt(startFrame);
        long[] at = {startFrame};
        boolean[] ok = {true};
        long maxRun = Math.max(1, capacityFrames() / 2);
        AudioChunks.forEach(buffer, bpf, MapFlags.READ, (bytes, first, n) -> {
            for (int i = 0; i < n && ok[0]; ) {
                long frame = at[0];
                int run = (int) Math.min(Math.min(n - i, maxRun), capacityFrames() - Math.floorMod(frame, capacityFrames()));
                if (!awaitSpace(frame + run, false)) {
                    ok[0] = false;
                    return;
                }
                // Frames the reader already played are dropped; the rest of the run is kept.
                long skip = Math.min(run, Math.max(0, readFrame - frame));
                if (skip < run) {
                    MemorySegment.copy(bytes, (i + skip) * bpf, data, byteOffset(frame + skip), (run - skip) * bpf);
                    CopyTracers.record(SystemMemory.TYPE, (run - skip) * bpf, CopyReason.FILL);
                }
                i += run;
                at[0] += run;
            }
        });
        if (ok[0]) {
            commit(startFrame, end);
        }
        return ok[0];
    }

    /** Wakes writers waiting for space and makes them fail (true), or lets them wait again. */
    public void setFlushing(boolean flush) {
        synchronized (lock) {
            flushing = flush;
            lock.notifyAll();
        }
    }

    /**
     * Starts (or resumes) the reader thread: every segment's duration it hands the segment at
     * the read position to {@code player}, clears it and moves on.
     */
    public void startReader(String name, Consumer<MemorySegment> player) {
        synchronized (lock) {
            if (reader != null || closed) {
                return;
            }
            playing = true;
            reader = Thread.ofPlatform().name(name).daemon().start(() -> readLoop(player));
        }
    }

    /** Stops the reader thread (pause or stop) and waits for it; the read position stays. */
    public void stopReader() {
        Thread t;
        synchronized (lock) {
            t = reader;
            reader = null;
            playing = false;
            lock.notifyAll();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLoop(Consumer<MemorySegment> player) {
        long segNanos = info.framesToTime(segFrames);
        long start = System.nanoTime();
        long k = 0;
        segmentStartNanos = start;
        while (playing) {
            long due = start + (k + 1) * segNanos;
            if (realtime) {
                long now;
                while ((now = System.nanoTime()) < due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(this, due - now);
                    if (!playing) {
                        return;
                    }
                }
            }
            long at;
            synchronized (lock) {
                // The check for data and the choice of segment in one locked step, or a reset
                // and a new stream placed in between would have the reader play the new
                // stream's first segment before it is written.
                if (!awaitTurn()) {
                    return;
                }
                if (!realtime) {
                    due = System.nanoTime();
                }
                at = readFrame;
                handingOff = true; // no jump (reset, placement) until the player is done with it
            }
            MemorySegment seg = data.asSlice(byteOffset(at), segSize());
            try {
                if (player != null) {
                    player.accept(seg);
                }
            } finally {
                synchronized (lock) {
                    handingOff = false;
                    seg.fill(silence()); // played: back to silence
                    readFrame += segFrames;
                    segmentStartNanos = due;
                    lock.notifyAll();
                }
            }
            k++;
        }
    }

    /**
     * Under lock: waits while a jump waits for the last handoff (it goes first: a flush does not
     * wait for the old stream to play out) and, not real time, until the segment at the read
     * position is written (or the last part, draining). False when stopped.
     */
    private boolean awaitTurn() {
        while (playing && (jumpsWaiting > 0
                || !realtime && committedEnd < readFrame + segFrames && !(draining && committedEnd > readFrame))) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                return false;
            }
        }
        return playing;
    }

    /**
     * The time of the sample being played now, in ns of playing: the read position, plus how
     * far the reader is into the current segment (capped at its length). It goes on from where
     * it was when the read position jumps (a reset, a new stream placed): it never goes back.
     */
    public long playedTime() {
        synchronized (lock) { // readFrame and timeBase together
            long base = info.framesToTime(readFrame) + timeBase;
            if (!playing) {
                return base;
            }
            long into = System.nanoTime() - segmentStartNanos;
            return base + Math.max(0, Math.min(into, info.framesToTime(segFrames)));
        }
    }

    /** Waits until the reader played every committed frame; false if it stopped or flushed first. */
    public boolean drain() {
        synchronized (lock) {
            draining = true;
            lock.notifyAll();
            startIfArmed();
            while (readFrame < committedEnd) {
                if (flushing || closed || !playing) {
                    return false;
                }
                try {
                    lock.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Starts a new stream (after a flush): the ring silent, the positions placed anew by the
     * next write or reservation (at its frame).
     */
    public void reset() {
        synchronized (lock) {
            jumpTo(0);
            committedEnd = 0;
            placed = false;
            draining = false;
            lock.notifyAll();
            data.fill(silence());
        }
    }

    /** A window shared from a live one: the block is alive (its parent counts). */
    void memoryMade() {
        synchronized (lock) {
            if (!arena.scope().isAlive()) {
                throw new IllegalStateException(this + ": its native block was freed");
            }
            liveMemories++;
        }
    }

    void memoryFreed() {
        synchronized (lock) {
            if (--liveMemories == 0 && closed && arena.scope().isAlive()) {
                arena.close();
            }
        }
    }

    /**
     * Stops the reader and frees the native block once no {@link RingMemory} uses it (at once,
     * or when the last one is freed).
     */
    @Override
    public void close() {
        disarm();
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            if (liveMemories == 0 && arena.scope().isAlive()) {
                arena.close();
            }
        }
    }

    @Override
    public String toString() {
        return "AudioRingBuffer[" + info + ", " + segTotal + " x " + segSize() + " bytes, read " + readFrame + "]";
    }
}
