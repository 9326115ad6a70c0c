package org.zeropipe.core.video;

import java.util.Arrays;

/**
 * Where the planes of a frame are: the byte offset of each plane's first pixel, the stride of
 * its rows, and the total size.
 */
public record VideoLayout(long[] offsets, int[] strides, long size) {

    public VideoLayout {
        if (offsets.length != strides.length || offsets.length == 0 || offsets.length > VideoFormat.MAX_PLANES) {
            throw new IllegalArgumentException("need 1 to " + VideoFormat.MAX_PLANES + " planes with one offset and "
                    + "one stride each, not " + offsets.length + " offsets and " + strides.length + " strides");
        }
        offsets = offsets.clone();
        strides = strides.clone();
    }

    public int planes() {
        return offsets.length;
    }

    public long offset(int plane) {
        return offsets[plane];
    }

    public int stride(int plane) {
        return strides[plane];
    }

    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoLayout l && size == l.size && Arrays.equals(offsets, l.offsets)
                && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(offsets) + Arrays.hashCode(strides)) + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "VideoLayout[offsets=" + Arrays.toString(offsets) + ", strides=" + Arrays.toString(strides) + ", size="
                + size + "]";
    }
}
