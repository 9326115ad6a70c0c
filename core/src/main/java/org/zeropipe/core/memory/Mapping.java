package org.zeropipe.core.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Access to a memory's bytes between {@link Memory#map} and {@link #close}.
 *
 * <p>{@link #segment()} covers the memory's {@code [offset, offset + size)} as it was when
 * mapped. It lives in a confined arena that {@link #close} closes, so using the segment after
 * the mapping is closed throws {@link IllegalStateException} instead of touching freed memory,
 * and using it from another thread throws {@link WrongThreadException}: <b>map, use and close a
 * mapping on one thread</b> (map again on the other thread if needed; nested read maps are
 * cheap). A READ-only mapping's segment is read-only: writing throws.
 *
 * <p>Closing twice is harmless. A mapping holds no reference to its memory unless mapped with
 * {@link MapFlags#REF_MEMORY} (buffers map that way): if the memory's last reference goes while
 * it is mapped, the memory counts as released at once and its bytes are freed when the last
 * mapping closes.
 */
public final class Mapping implements AutoCloseable {

    static {
        org.zeropipe.core.leak.LeakTracker.hideFrames(Mapping.class);
    }

    private final Memory memory;
    private final int flags;
    private final Arena arena;
    private final MemorySegment segment;
    private boolean closed;

    @SuppressWarnings("restricted") // the address is a live block of memory, locked for this mapping
    Mapping(Memory memory, int flags, long address, long size) {
        this.memory = memory;
        this.flags = flags;
        this.arena = Arena.ofConfined();
        MemorySegment s = MemorySegment.ofAddress(address).reinterpret(size, arena, null);
        this.segment = (flags & MapFlags.WRITE) != 0 ? s : s.asReadOnly();
    }

    /** A mapping of no memory and no bytes: what mapping an empty buffer gives. */
    public static Mapping empty(int flags) {
        return new Mapping(null, flags, 0, 0);
    }

    /**
     * The mapped bytes.
     *
     * @throws IllegalStateException if the mapping is closed
     */
    public MemorySegment segment() {
        if (closed) {
            throw new IllegalStateException("the mapping of " + memory + " is closed; its segment is gone");
        }
        return segment;
    }

    /** The number of mapped bytes. */
    public long size() {
        return segment.byteSize();
    }

    /** The mapped memory (borrowed), or {@code null} for an empty mapping. */
    public Memory memory() {
        return memory;
    }

    /** The {@link MapFlags} it was mapped with. */
    public int flags() {
        return flags;
    }

    /** Whether it was mapped for writing. */
    public boolean isWritable() {
        return (flags & MapFlags.WRITE) != 0;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Ends the mapping: the segment dies, the memory is unlocked (and unreferenced if mapped
     * with {@link MapFlags#REF_MEMORY}). Must be called on the thread that mapped.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        arena.close(); // throws WrongThreadException on another thread, before any state changes
        closed = true;
        if (memory != null) {
            memory.unmapped(flags);
        }
    }

    @Override
    public String toString() {
        return "Mapping[" + MapFlags.toString(flags) + " of " + memory + (closed ? ", closed" : "") + "]";
    }
}
