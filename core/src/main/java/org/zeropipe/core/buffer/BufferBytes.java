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

    /** {@link Buffer#fill(long, MemorySegment)}: a writable buffer; shared memories written are copied. */
    static long fill(Buffer b, long offset, MemorySegment src) {
        b.checkWritable("fill");
        checkOffset(offset);
        long left = src.byteSize();
        long done = 0;
        long off = offset;
        for (int i = 0; i < b.memCount && left > 0; i++) {
            long msize = b.mems[i].size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mapMemory(b, i, MapFlags.WRITE)) {
                long n = Math.min(msize - off, left);
                MemorySegment.copy(src, done, m.segment(), off, n);
                CopyTracers.record(m.memory().type(), n, CopyReason.FILL);
                left -= n;
                done += n;
                off = 0;
            }
        }
        return done;
    }

    /** {@link Buffer#extract(long, MemorySegment)}. */
    static long extract(Buffer b, long offset, MemorySegment dst) {
        b.checkAlive("extract from");
        checkOffset(offset);
        long left = dst.byteSize();
        long done = 0;
        long off = offset;
        for (int i = 0; i < b.memCount && left > 0; i++) {
            Memory mem = b.mems[i];
            long msize = mem.size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mem.map(MapFlags.READ)) {
                long n = Math.min(msize - off, left);
                MemorySegment.copy(m.segment(), off, dst, done, n);
                CopyTracers.record(mem.type(), n, CopyReason.EXTRACT);
                left -= n;
                done += n;
                off = 0;
            }
        }
        return done;
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
        long left = data.length;
        long done = 0;
        long off = offset;
        for (int i = 0; i < b.memCount && left > 0; i++) {
            Memory mem = b.mems[i];
            long msize = mem.size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mem.map(MapFlags.READ)) {
                long n = Math.min(msize - off, left);
                long at = MemorySegment.mismatch(other, done, done + n, m.segment(), off, off + n);
                if (at >= 0) {
                    return Integer.signum(Byte.toUnsignedInt(data[(int) (done + at)])
                            - Byte.toUnsignedInt(m.segment().get(ValueLayout.JAVA_BYTE, off + at)));
                }
                left -= n;
                done += n;
                off = 0;
            }
        }
        return 0;
    }

    /** {@link Buffer#memset}: a writable buffer; shared memories written are copied. */
    static long memset(Buffer b, long offset, byte value, long size) {
        b.checkWritable("memset");
        checkOffset(offset);
        long left = size;
        long off = offset;
        for (int i = 0; i < b.memCount && left > 0; i++) {
            long msize = b.mems[i].size();
            if (msize <= off) {
                off -= msize;
                continue;
            }
            try (Mapping m = mapMemory(b, i, MapFlags.WRITE)) {
                long n = Math.min(msize - off, left);
                m.segment().asSlice(off, n).fill(value);
                left -= n;
                off = 0;
            }
        }
        return size - left;
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
