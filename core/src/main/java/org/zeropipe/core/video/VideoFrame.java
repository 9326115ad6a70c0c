package org.zeropipe.core.video;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.Mapping;

/**
 * A buffer's planes mapped for reading or writing: GStreamer's {@code GstVideoFrame}. When the
 * buffer carries a {@link VideoMeta}, its format, size, offsets and strides win over the caps'
 * (a producer may pad rows or put planes in separate memories) and each plane maps the memory
 * that holds it; without one the whole buffer is mapped once and the info's default layout is
 * used. {@link #plane} covers exactly the plane's rows. Map, use and close on one thread.
 */
public final class VideoFrame implements AutoCloseable {

    private final Buffer buffer;
    private final VideoInfo info;
    private final MemorySegment[] planes;
    private final AutoCloseable[] mappings;
    private boolean closed;

    private VideoFrame(Buffer buffer, VideoInfo info, MemorySegment[] planes, AutoCloseable[] mappings) {
        this.buffer = buffer;
        this.info = info;
        this.planes = planes;
        this.mappings = mappings;
    }

    /**
     * Maps {@code buffer}'s planes with {@code mapFlags} ({@link org.zeropipe.core.memory.MapFlags}).
     * The frame borrows the buffer: keep your reference until the frame is closed.
     *
     * @throws IllegalArgumentException if the buffer is too small for the frame, or its meta's
     *                                  format or size differs from {@code info}
     * @throws IllegalStateException    if the buffer cannot be mapped so (e.g. WRITE on a
     *                                  non-writable buffer)
     */
    public static VideoFrame map(Buffer buffer, VideoInfo info, int mapFlags) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(info, "info");
        VideoMeta meta = VideoMeta.get(buffer);
        return meta != null ? mapWithMeta(buffer, info, meta, mapFlags) : mapWhole(buffer, info, mapFlags);
    }

    private static VideoFrame mapWhole(Buffer buffer, VideoInfo info, int mapFlags) {
        Mapping mapping = buffer.map(mapFlags);
        try {
            MemorySegment all = mapping.segment();
            if (all.byteSize() < info.size()) {
                throw new IllegalArgumentException(buffer + " has " + all.byteSize() + " bytes, a " + info.format()
                        + " " + info.width() + "x" + info.height() + " frame needs " + info.size());
            }
            MemorySegment[] planes = new MemorySegment[info.planes()];
            for (int p = 0; p < planes.length; p++) {
                planes[p] = all.asSlice(info.offset(p), planeBytes(info, p, all.byteSize() - info.offset(p)));
            }
            return new VideoFrame(buffer, info, planes, new AutoCloseable[] {mapping});
        } catch (RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    private static VideoFrame mapWithMeta(Buffer buffer, VideoInfo info, VideoMeta meta, int mapFlags) {
        if (meta.format() != info.format() || meta.width() != info.width() || meta.height() != info.height()) {
            throw new IllegalArgumentException("the buffer's " + meta + " does not match the caps' " + info.format()
                    + " " + info.width() + "x" + info.height());
        }
        VideoInfo framed = info.withLayout(new VideoLayout(meta.offsets(), meta.strides(), buffer.size()));
        int n = meta.planes();
        MemorySegment[] planes = new MemorySegment[n];
        AutoCloseable[] mappings = new AutoCloseable[n];
        try {
            for (int p = 0; p < n; p++) {
                PlaneMapping m = meta.map(p, mapFlags);
                mappings[p] = m;
                MemorySegment seg = m.segment();
                planes[p] = seg.asSlice(0, planeBytes(framed, p, seg.byteSize()));
            }
        } catch (RuntimeException e) {
            closeAll(mappings);
            throw e;
        }
        return new VideoFrame(buffer, framed, planes, mappings);
    }

    /** The bytes of plane {@code p}: all its rows' strides, or up to the last pixel of the last row when the memory ends there. */
    private static long planeBytes(VideoInfo info, int p, long available) {
        long rows = info.planeHeight(p);
        long stride = info.stride(p);
        long full = rows * stride;
        long needed = (rows - 1) * stride + info.planeRowBytes(p);
        if (available < needed) {
            throw new IllegalArgumentException("plane " + p + " of a " + info.format() + " " + info.width() + "x"
                    + info.height() + " frame needs " + needed + " bytes (stride " + stride + ", " + rows
                    + " rows), its memory has " + available);
        }
        return Math.min(full, available);
    }

    /** The info, with the layout the frame really has (the meta's strides and offsets when present). */
    public VideoInfo info() {
        return info;
    }

    public VideoFormat format() {
        return info.format();
    }

    public int width() {
        return info.width();
    }

    public int height() {
        return info.height();
    }

    public Buffer buffer() {
        return buffer;
    }

    public int planes() {
        return planes.length;
    }

    /**
     * Plane {@code p} from its first pixel to the end of its last row.
     *
     * @throws IllegalStateException if the frame is closed
     */
    public MemorySegment plane(int p) {
        if (closed) {
            throw new IllegalStateException("the video frame of " + buffer + " is closed; its planes are gone");
        }
        return planes[p];
    }

    /** Bytes from one row of plane {@code p} to the next. */
    public int stride(int p) {
        return info.stride(p);
    }

    /** Unmaps every plane; closing twice is harmless. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeAll(mappings);
        }
    }

    private static void closeAll(AutoCloseable[] mappings) {
        for (AutoCloseable m : mappings) {
            if (m != null) {
                try {
                    m.close();
                } catch (Exception e) {
                    throw new IllegalStateException("unmapping a video plane failed", e);
                }
            }
        }
    }
}
