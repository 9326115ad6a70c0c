package org.zeropipe.core.video.convert;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The planes of one mapped frame as the converter reads or writes them: each segment starts at
 * its plane's first pixel, rows are {@code strides[i]} bytes apart. Valid while the mappings
 * behind the segments are open.
 */
public record FramePlanes(MemorySegment[] planes, int[] strides, int width, int height) {

    public FramePlanes {
        if (planes.length != strides.length) {
            throw new IllegalArgumentException(planes.length + " planes but " + strides.length + " strides");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        }
        planes = planes.clone();
        strides = strides.clone();
    }

    /** The planes of a mapped frame. */
    public static FramePlanes of(org.zeropipe.core.video.VideoFrame frame) {
        MemorySegment[] planes = new MemorySegment[frame.planes()];
        int[] strides = new int[planes.length];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = frame.plane(p);
            strides[p] = frame.stride(p);
        }
        return new FramePlanes(planes, strides, frame.width(), frame.height());
    }

    /** The planes of a whole frame in {@code frame}, laid out as {@code info} says (offsets and strides). */
    public static FramePlanes of(org.zeropipe.core.video.VideoInfo info, MemorySegment frame) {
        MemorySegment[] planes = new MemorySegment[info.planes()];
        int[] strides = new int[planes.length];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = frame.asSlice(info.offset(p));
            strides[p] = info.stride(p);
        }
        return new FramePlanes(planes, strides, info.width(), info.height());
    }

    /**
     * The same planes readable from any thread. A mapping's segments belong to the thread that
     * mapped them; the converter's band threads all finish before {@code convert} returns, so
     * the mapping outlives every access made through these views.
     */
    FramePlanes shared() {
        MemorySegment[] views = new MemorySegment[planes.length];
        for (int i = 0; i < planes.length; i++) {
            MemorySegment p = planes[i];
            views[i] = p.isNative() ? MemorySegment.ofAddress(p.address()).reinterpret(p.byteSize()) : p;
        }
        return new FramePlanes(views, strides, width, height);
    }

    /** Copies {@code n} bytes of {@code plane}'s row {@code row} into {@code dst}. */
    void readRow(int plane, int row, byte[] dst, int n) {
        MemorySegment.copy(planes[plane], ValueLayout.JAVA_BYTE, (long) row * strides[plane], dst, 0, n);
    }

    /** Copies {@code n} little-endian 32-bit pixels of {@code plane}'s row {@code row} into {@code dst}. */
    void readIntRow(int plane, int row, int[] dst, int n) {
        MemorySegment.copy(planes[plane], LE_INT, (long) row * strides[plane], dst, 0, n);
    }

    /** Copies {@code n} ints of {@code src} into {@code plane}'s row {@code row} as little-endian 32-bit pixels. */
    void writeIntRow(int plane, int row, int[] src, int n) {
        MemorySegment.copy(src, 0, planes[plane], LE_INT, (long) row * strides[plane], n);
    }

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Copies {@code n} bytes of {@code src} into {@code plane}'s row {@code row}. */
    void writeRow(int plane, int row, byte[] src, int n) {
        MemorySegment.copy(src, 0, planes[plane], ValueLayout.JAVA_BYTE, (long) row * strides[plane], n);
    }

    int clampRow(int row) {
        return Math.max(0, Math.min(height - 1, row));
    }
}
