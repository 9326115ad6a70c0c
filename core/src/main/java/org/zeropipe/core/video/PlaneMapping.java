package org.zeropipe.core.video;

import java.lang.foreign.MemorySegment;
import org.zeropipe.core.memory.Mapping;

/**
 * One plane of a video frame, mapped: {@link #segment()} starts at the plane's first pixel and
 * dies with the mapping, like {@link Mapping#segment()}. Close it on the thread that mapped it.
 */
public final class PlaneMapping implements AutoCloseable {

    private final Mapping mapping;
    private final MemorySegment plane;
    private final int stride;

    PlaneMapping(Mapping mapping, long skip, int stride) {
        this.mapping = mapping;
        this.plane = mapping.segment().asSlice(skip);
        this.stride = stride;
    }

    /** The plane's bytes from its first pixel to the end of the mapped memory. */
    public MemorySegment segment() {
        if (mapping.isClosed()) {
            throw new IllegalStateException("the plane mapping is closed; its segment is gone");
        }
        return plane;
    }

    /** Bytes from one row to the next. */
    public int stride() {
        return stride;
    }

    /** The underlying mapping of the memory holding the plane. */
    public Mapping mapping() {
        return mapping;
    }

    @Override
    public void close() {
        mapping.close();
    }
}
