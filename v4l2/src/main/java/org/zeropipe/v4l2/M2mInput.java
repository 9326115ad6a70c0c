package org.zeropipe.v4l2;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.SystemMemory;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;
import org.zeropipe.v4l2.V4l2Device.Format;

/**
 * Writes an input buffer into a driver OUTPUT buffer: a coded frame byte for byte, a raw frame
 * in one piece when its layout (VideoMeta, else the caps' default) is the driver's, else row by
 * row. Every byte is counted by the copy tracer ({@code EXTRACT} for the one-piece copy,
 * {@code ROW_COPY} for rows).
 */
final class M2mInput {

    private M2mInput() {
    }

    /**
     * Copies {@code in} into an OUTPUT buffer's {@code planes} (format {@code f}); returns the bytes used
     * per plane for QBUF. {@code info} is the raw input's caps, null for coded input.
     *
     * @throws IllegalArgumentException when the input does not fit the driver's buffer
     */
    static int[] write(Buffer in, VideoInfo info, Format f, List<Memory> planes) {
        if (info == null) {
            return new int[] {whole(in, planes.getFirst(), "a coded frame")};
        }
        Layout src = Layout.of(in, info);
        DriverLayout dst = DriverLayout.of(info.format(), f);
        boolean oneMemory = planes.size() == 1;
        if (oneMemory && src.matches(dst)) {
            whole(in, planes.getFirst(), "a " + info.format() + " frame");
            return new int[] {f.planes().getFirst().sizeImage()};
        }
        int[] used = new int[planes.size()];
        long copied = 0;
        try (Mapping mapped = in.map(MapFlags.READ)) {
            MemorySegment s = mapped.segment();
            for (int p = 0; p < info.planes(); p++) {
                int memory = oneMemory ? 0 : p;
                long base = oneMemory ? dst.offsets()[p] : 0;
                long rowBytes = info.planeRowBytes(p);
                int rows = info.planeHeight(p);
                try (Mapping m = planes.get(memory).map(MapFlags.WRITE)) {
                    MemorySegment d = m.segment();
                    for (int y = 0; y < rows; y++) {
                        MemorySegment.copy(s, src.offsets()[p] + (long) y * src.strides()[p], d,
                                base + (long) y * dst.strides()[p], rowBytes);
                    }
                }
                copied += rowBytes * rows;
                used[memory] = oneMemory ? f.planes().getFirst().sizeImage() : f.planes().get(p).sizeImage();
            }
        }
        CopyTracers.record(sourceType(in), copied, CopyReason.ROW_COPY);
        return used;
    }

    /** The memory type the rows were read from (a mapped DMABuf is counted as a DMABuf). */
    private static String sourceType(Buffer in) {
        return in.memoryCount() > 0 ? in.peekMemory(0).type() : SystemMemory.TYPE;
    }

    /** Whether {@code in}'s planes lie where the driver's format {@code f} puts them (one memory). */
    static boolean sameLayout(Buffer in, VideoInfo info, Format f) {
        return Layout.of(in, info).matches(DriverLayout.of(info.format(), f));
    }

    /** A frame's plane offsets and strides: its VideoMeta's, else the caps' defaults. */
    private record Layout(long[] offsets, int[] strides) {
        static Layout of(Buffer in, VideoInfo info) {
            VideoMeta meta = VideoMeta.get(in);
            long[] offsets = new long[info.planes()];
            int[] strides = new int[info.planes()];
            for (int p = 0; p < info.planes(); p++) {
                offsets[p] = meta != null ? meta.offset(p) : info.offset(p);
                strides[p] = meta != null ? meta.stride(p) : info.stride(p);
            }
            return new Layout(offsets, strides);
        }

        boolean matches(DriverLayout d) {
            return Arrays.equals(offsets, d.offsets()) && Arrays.equals(strides, d.strides());
        }
    }

    /** Copies all of {@code in} into {@code plane}; returns its size. */
    private static int whole(Buffer in, Memory plane, String what) {
        long size = in.size();
        if (size > plane.maxSize()) {
            throw new IllegalArgumentException(what + " of " + size + " bytes does not fit the driver's "
                    + plane.maxSize() + "-byte OUTPUT buffer");
        }
        if (plane.offset() != 0 || plane.size() < size) {
            plane.resize(-plane.offset(), plane.maxSize());
        }
        try (Mapping m = plane.map(MapFlags.WRITE)) {
            in.extract(0, m.segment().asSlice(0, size));
        }
        return (int) size;
    }
}
