package org.zeropipe.core.video;

import java.lang.foreign.MemorySegment;

/**
 * Where packed rows go: per plane a segment, its stride, and the plane row the segment starts
 * at (0 for a whole frame; later when only the bottom of a frame is redrawn).
 */
public record PlaneRows(MemorySegment[] planes, int[] strides, int[] firstRows) {

    /** The whole of a mapped frame. */
    public static PlaneRows of(VideoFrame frame) {
        int n = frame.planes();
        MemorySegment[] planes = new MemorySegment[n];
        int[] strides = new int[n];
        for (int p = 0; p < n; p++) {
            planes[p] = frame.plane(p);
            strides[p] = frame.stride(p);
        }
        return new PlaneRows(planes, strides, new int[n]);
    }

    /** The byte offset of plane row {@code row} in {@code plane}'s segment. */
    long rowOffset(int plane, int row) {
        return (long) (row - firstRows[plane]) * strides[plane];
    }
}
