package org.zeropipe.core.buffer;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.zeropipe.core.AbstractRefCounted;
import org.zeropipe.core.leak.LeakRecord;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.trace.Tracers;

/**
 * A refcounted list of buffers pushed together: GStreamer's {@code GstBufferList}. The list
 * holds one reference to each buffer; it is writable with one reference, and a buffer in it is
 * writable only if the list is (and the buffer has one reference).
 */
public final class BufferList extends AbstractRefCounted {

    static {
        LeakTracker.hideFrames(BufferList.class);
    }

    private Buffer[] buffers;
    private int length;
    private final LeakRecord leak;

    private BufferList(int capacity) {
        buffers = new Buffer[Math.max(capacity, 1)];
        leak = LeakTracker.track(this, LeakTracker.ORDER_BUFFER_LIST, BufferList::releaseLeaked);
        Tracers.objectCreated(this);
    }

    /** A new empty list; the caller owns its one reference. */
    public static BufferList create() {
        return new BufferList(8);
    }

    /** A new empty list with room for {@code capacity} buffers before it grows. */
    public static BufferList create(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0: " + capacity);
        }
        return new BufferList(capacity);
    }

    public int length() {
        return length;
    }

    /** The buffer at {@code idx}, borrowed from the list (not writable while the list holds it
     *  and anyone else holds the list). */
    public Buffer get(int idx) {
        checkAlive("read");
        Objects.checkIndex(idx, length);
        return buffers[idx];
    }

    /**
     * The buffer at {@code idx} made writable in place (a copy replaces it if it was shared),
     * still owned by the list.
     *
     * @throws IllegalStateException if the list is not writable
     */
    public Buffer getWritable(int idx) {
        checkWritable("get a writable buffer from");
        Objects.checkIndex(idx, length);
        Buffer b = buffers[idx];
        if (b.isWritable()) {
            return b;
        }
        b.removeParent(this);
        Buffer w = b.makeWritable();
        w.addParent(this);
        buffers[idx] = w;
        return w;
    }

    /** Appends {@code buffer}, taking ownership of the caller's reference. */
    public void add(Buffer buffer) {
        insert(-1, buffer);
    }

    /** Inserts {@code buffer} at {@code idx} ({@code -1}: at the end), taking ownership of it. */
    public void insert(int idx, Buffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        checkWritable("insert into");
        if (idx != -1 && (idx < 0 || idx > length)) {
            throw new IndexOutOfBoundsException("insert index " + idx + " outside [0, " + length + "] or -1");
        }
        if (buffer.refCount() <= 0) {
            throw new IllegalStateException("cannot insert released " + buffer + " into " + this);
        }
        int at = idx == -1 ? length : idx;
        if (length == buffers.length) {
            buffers = Arrays.copyOf(buffers, length * 2);
        }
        System.arraycopy(buffers, at, buffers, at + 1, length - at);
        buffers[at] = buffer;
        length++;
        buffer.addParent(this);
    }

    /** Removes {@code count} buffers from {@code idx}, giving back the list's references. */
    public void remove(int idx, int count) {
        checkWritable("remove from");
        Objects.checkFromIndexSize(idx, count, length);
        for (int i = idx; i < idx + count; i++) {
            Buffer b = buffers[i];
            b.removeParent(this);
            b.unref();
        }
        System.arraycopy(buffers, idx + count, buffers, idx, length - idx - count);
        Arrays.fill(buffers, length - count, length, null);
        length -= count;
    }

    /** The sum of the buffers' sizes. */
    public long calculateSize() {
        checkAlive("measure");
        long size = 0;
        for (int i = 0; i < length; i++) {
            size += buffers[i].size();
        }
        return size;
    }

    public void forEach(Consumer<? super Buffer> action) {
        checkAlive("iterate");
        for (int i = 0; i < length; i++) {
            action.accept(buffers[i]);
        }
    }

    /** A new list holding new references to the same buffers. */
    public BufferList copy() {
        checkAlive("copy");
        BufferList copy = new BufferList(length);
        for (int i = 0; i < length; i++) {
            copy.add(buffers[i].ref());
        }
        return copy;
    }

    /** A new list of deep copies of the buffers. */
    public BufferList copyDeep() {
        checkAlive("copy");
        BufferList copy = new BufferList(length);
        try {
            for (int i = 0; i < length; i++) {
                copy.add(buffers[i].deepCopy());
            }
        } catch (RuntimeException | Error e) {
            copy.unref();
            throw e;
        }
        return copy;
    }

    /** This list if writable, else a {@link #copy()}; consumes the caller's reference. */
    public BufferList makeWritable() {
        checkAlive("make writable");
        if (isWritable()) {
            return this;
        }
        BufferList copy = copy();
        unref();
        return copy;
    }

    public boolean isWritable() {
        return refCount() == 1;
    }

    @Override
    public BufferList ref() {
        addReference(leak);
        return this;
    }

    /** Gives back the caller's reference; the last one gives back the list's references too. */
    @Override
    public void unref() {
        if (dropReference(leak) == 1) {
            dispose();
        }
    }

    private void dispose() {
        RuntimeException failure = null;
        for (int i = 0; i < length; i++) {
            Buffer b = buffers[i];
            buffers[i] = null;
            try {
                b.removeParent(this);
                b.unref();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        length = 0;
        if (leak != null) {
            leak.close();
        }
        Tracers.objectFreed(this);
        if (failure != null) {
            throw failure;
        }
    }

    private static void releaseLeaked(BufferList list) {
        if (list.dropAllReferences()) {
            list.dispose();
        }
    }

    @Override
    protected LeakRecord leakRecord() {
        return leak;
    }

    private void checkAlive(String what) {
        if (refCount() <= 0) {
            throw new IllegalStateException("cannot " + what + " " + this + ": it was released (use after release)");
        }
    }

    private void checkWritable(String what) {
        checkAlive(what);
        if (!isWritable()) {
            throw new IllegalStateException("cannot " + what + " " + this + ": the list is not writable (it has "
                    + refCount() + " references); call makeWritable() first");
        }
    }

    @Override
    public String toString() {
        return "BufferList@" + Integer.toHexString(System.identityHashCode(this)) + "[length=" + length + ", refs="
                + refCount() + "]";
    }
}
