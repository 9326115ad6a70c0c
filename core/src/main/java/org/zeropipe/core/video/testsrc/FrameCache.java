package org.zeropipe.core.video.testsrc;

import java.util.ArrayList;
import java.util.List;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.trace.CopyReason;

/**
 * Frames that start as a copy of a drawn template and are reused once downstream let go of
 * them (we hold the only reference), so a pattern whose frames differ only in a small part
 * (SMPTE's noise square) redraws only that part. Copies from the template are counted by the
 * copy tracer; a few frames are kept, beyond that each frame is a one-off copy. The frames are
 * READONLY while downstream holds them: a writer downstream gets its own copy.
 */
final class FrameCache implements AutoCloseable {

    private static final int KEEP = 4;

    private final Memory template;
    private final List<Memory> frames = new ArrayList<>();

    /** Takes over the caller's reference to {@code template}. */
    FrameCache(Memory template) {
        this.template = template;
    }

    /**
     * A frame for the caller to redraw and hand out: unflagged READONLY, so it can be mapped
     * for writing; {@link #seal} it afterwards. The caller owns one reference.
     */
    Memory acquire() {
        for (Memory m : frames) {
            if (m.refCount() == 1 && !m.isMapped()) {
                m.unsetFlag(MemoryFlag.READONLY);
                return m.ref();
            }
        }
        Memory copy = template.copy(0, -1, CopyReason.MEMORY_COPY);
        if (frames.size() < KEEP) {
            frames.add(copy.ref());
        }
        return copy;
    }

    /** Marks a redrawn frame READONLY before it goes downstream. */
    static void seal(Memory frame) {
        frame.setFlag(MemoryFlag.READONLY);
    }

    @Override
    public void close() {
        frames.forEach(Memory::unref);
        frames.clear();
        template.unref();
    }
}
