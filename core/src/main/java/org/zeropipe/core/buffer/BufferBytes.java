package org.zeropipe.core.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * A buffer's bytes: mapping several memories as one, and the byte operations across memories
 * (gstbuffer.c's {@code gst_buffer_map_range}, {@code fill}, {@code extract},
 * {@code memcmp}, {@code memset}).
 *
 * <p>Copy on write lives here: a WRITE access needs a writable buffer, and a memory that cannot
 * be written (shared with another buffer or a view, read-only) is copied first, the copy
 * replacing it in this buffer only ({@link CopyReason#COPY_ON_WRITE}). Bytes entering or leaving
 * the buffer are counted as copies ({@link CopyReason#FILL}, {@link CopyReason#EXTRACT}).
 */
final class BufferBytes {

    private BufferBytes() {
    }

    /**
     * {@link Buffer#mapRange}. Several memories are merged first; a writable buffer keeps the
     * merged memory in place of the range, a non-writable one only for the mapping. The mapping
     * holds its own reference ({@link MapFlags#REF_MEMORY}), so it outlives the buffer.
     */
    static Mapping mapRange(Buffer b, int idx, int length, int mapFlags) {
        b.checkAlive("map");
        int access = mapFlags & MapFlags.READWRITE;
        if (access == 0) {
            throw new IllegalArgumentException("map flags must ask READ and/or WRITE, not " + mapFlags);
        }
        boolean write = (access & MapFlags.WRITE) != 0;
        boolean writable = b.isWritable();
        if (write && !writable) {
            throw new IllegalStateException("cannot map " + b + " for WRITE: " + b.notWritableReason()
                    + "; call makeWritable() first");
        }
        int n = BufferMemories.resolveRange(b, idx, length, false);
        if (n == 0) {
            return Mapping.empty(mapFlags);
        }
        b.touch(write ? "map WRITE" : "map READ");
        int withRef = mapFlags | MapFlags.REF_MEMORY;
        if (n == 1) {
            Memory mem = b.mems[idx];
            Mapping m = mem.tryMap(withRef);
            if (m != null) {
                return m;
            }
            if (!write) {
                throw new IllegalStateException("in " + b + ": " + mem.mapFailure(access));
            }
            Memory copy = mem.copy(0, -1, CopyReason.COPY_ON_WRITE);
            BufferMemories.replaceRange(b, idx, 1, copy);
            return copy.map(withRef);
        }
        Memory merged = BufferMemories.merged(b, idx, n);
        Mapping m = null;
        try {
            m = merged.tryMap(withRef);
            if (m == null) {
                if (!write) {
                    throw new IllegalStateException("in " + b + ": " + merged.mapFailure(access));
                }
                Memory copy = merged.copy(0, -1, CopyReason.COPY_ON_WRITE);
                merged.unref();
                merged = copy;
                m = merged.map(withRef);
            }
            if (writable) {
                BufferMemories.replaceRange(b, idx, n, merged.ref());
            }
            Mapping result = m;
            m = null;
            return result;
        } finally {
            if (m != null) {
                m.close();
            }
            merged.unref();
        }
    }

    /** {@link Buffer#fill(long, MemorySegment)}: needs a writable buffer; copies shared memories. */
    static long fill(Buffer b, long offset, MemorySegment src) {
        b.checkWritable("fill");
        checkOffset(offset);
        Pieces p = new Pieces(b, offset, src.byteSize());
        while (p.next()) {
            try (Mapping m = mapMemory(b, p.index, MapFlags.WRITE)) {
                MemorySegment.copy(src, p.done, m.segment(), p.at, p.length);
                CopyTracers.record(m.memory().type(), p.length, CopyReason.FILL);
            }
        }
        return p.done;
    }

    /** {@link Buffer#extract(long, MemorySegment)}. */
    static long extract(Buffer b, long offset, MemorySegment dst) {
        b.checkAlive("extract from");
        checkOffset(offset);
        Pieces p = new Pieces(b, offset, dst.byteSize());
        while (p.next()) {
            Memory mem = b.mems[p.index];
            try (Mapping m = mem.map(MapFlags.READ)) {
                MemorySegment.copy(m.segment(), p.at, dst, p.done, p.length);
                CopyTracers.record(mem.type(), p.length, CopyReason.EXTRACT);
            }
        }
        return p.done;
    }

    /** {@link Buffer#extractBytes}. */
    static byte[] extractBytes(Buffer b, long offset, long size) {
        long total = b.size();
        long n = size == -1 ? Math.max(total - offset, 0) : Math.min(size, Math.max(total - offset, 0));
        byte[] out = new byte[Math.toIntExact(n)];
        extract(b, offset, MemorySegment.ofArray(out));
        return out;
    }

    /** {@link Buffer#memcmp}: 0 equal, -1 too short, else the sign of data minus buffer (unsigned). */
    static int memcmp(Buffer b, long offset, byte[] data) {
        b.checkAlive("compare");
        checkOffset(offset);
        if (b.size() < offset + data.length) {
            return -1;
        }
        MemorySegment other = MemorySegment.ofArray(data);
        Pieces p = new Pieces(b, offset, data.length);
        while (p.next()) {
            try (Mapping m = b.mems[p.index].map(MapFlags.READ)) {
                long at = MemorySegment.mismatch(other, p.done, p.done + p.length,
                        m.segment(), p.at, p.at + p.length);
                if (at >= 0) {
                    return Integer.signum(Byte.toUnsignedInt(data[(int) (p.done + at)])
                            - Byte.toUnsignedInt(m.segment().get(ValueLayout.JAVA_BYTE, p.at + at)));
                }
            }
        }
        return 0;
    }

    /** {@link Buffer#memset}: a writable buffer; shared memories written are copied. */
    static long memset(Buffer b, long offset, byte value, long size) {
        b.checkWritable("memset");
        checkOffset(offset);
        Pieces p = new Pieces(b, offset, size);
        while (p.next()) {
            try (Mapping m = mapMemory(b, p.index, MapFlags.WRITE)) {
                m.segment().asSlice(p.at, p.length).fill(value);
            }
        }
        return p.done;
    }

    /**
     * The pieces of {@code length} bytes from byte {@code offset} of a buffer, one per memory
     * they touch, in order: after each {@link #next()}, {@link #length} bytes at {@link #at}
     * in memory {@link #index} are byte {@link #done} of the range. The walk ends at the last
     * memory, so {@code done} is how many of the bytes the buffer had.
     */
    private static final class Pieces {
        private final Buffer b;
        private long skip;
        private long left;
        private int nextIndex;
        int index = -1;
        long at;
        long length;
        long done;

        Pieces(Buffer b, long offset, long length) {
            this.b = b;
            this.skip = offset;
            this.left = length;
        }

        boolean next() {
            done += length;
            left -= length;
            length = 0;
            while (nextIndex < b.memCount && left > 0) {
                int i = nextIndex++;
                long msize = b.mems[i].size();
                if (msize <= skip) {
                    skip -= msize;
                    continue;
                }
                index = i;
                at = skip;
                length = Math.min(msize - skip, left);
                skip = 0;
                return true;
            }
            return false;
        }
    }

    /** Maps memory {@code i} alone (no reference), copying it first when WRITE needs it. */
    private static Mapping mapMemory(Buffer b, int i, int access) {
        Memory mem = b.mems[i];
        Mapping m = mem.tryMap(access);
        if (m != null) {
            return m;
        }
        if ((access & MapFlags.WRITE) == 0) {
            throw new IllegalStateException("in " + b + ": " + mem.mapFailure(access));
        }
        Memory copy = mem.copy(0, -1, CopyReason.COPY_ON_WRITE);
        BufferMemories.replaceRange(b, i, 1, copy);
        return copy.map(access);
    }

    private static void checkOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
    }
}
