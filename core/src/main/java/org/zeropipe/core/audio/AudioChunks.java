package org.zeropipe.core.audio;

import java.lang.foreign.MemorySegment;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;

/**
 * Walks an audio buffer memory by memory, so that a buffer made of several memories (a ring
 * buffer's segments around the wrap point) is read or written where it lies, never merged into
 * a copy. Each memory must hold whole frames.
 */
public final class AudioChunks {

    /** Sees one memory's bytes: {@code frames} frames starting at frame {@code firstFrame} of the buffer. */
    @FunctionalInterface
    public interface Visitor {
        void chunk(MemorySegment bytes, int firstFrame, int frames);
    }

    private AudioChunks() {
    }

    /**
     * Maps each memory of {@code buffer} with {@code mapFlags} in turn and hands it to
     * {@code visitor}. Throws when a memory does not hold whole frames of {@code bpf} bytes.
     */
    public static void forEach(Buffer buffer, int bpf, int mapFlags, Visitor visitor) {
        int frame = 0;
        for (int i = 0; i < buffer.memoryCount(); i++) {
            Memory m = buffer.peekMemory(i);
            if (m.size() % bpf != 0) {
                throw new IllegalArgumentException("memory " + i + " of " + buffer + " holds " + m.size()
                        + " bytes: not whole frames of " + bpf + " bytes");
            }
            int frames = (int) (m.size() / bpf);
            if (frames == 0) {
                continue;
            }
            try (Mapping map = m.map(mapFlags)) {
                visitor.chunk(map.segment(), frame, frames);
            }
            frame += frames;
        }
    }
}
