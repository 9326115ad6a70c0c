package org.zeropipe.core.video;

import java.util.Arrays;
import java.util.Objects;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.MemorySpan;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;

/**
 * How a video frame lies in its buffer: format, size, and per plane the byte offset (into the
 * buffer's bytes, across its memories) and the stride. GStreamer's {@code GstVideoMeta}.
 * Tagged {@code memory}: a region copy or a merge drops it; an in-place memory change keeps it
 * (offsets count buffer bytes, which a merge or copy on write does not move).
 */
public final class VideoMeta extends Meta {

    public static final MetaApi API = MetaApi.register("VideoMetaAPI", MetaTags.VIDEO, MetaTags.MEMORY,
            MetaTags.VIDEO_SIZE, MetaTags.VIDEO_COLORSPACE);
    public static final MetaInfo<VideoMeta> INFO = MetaInfo.register(API, "VideoMeta", VideoMeta.class,
            VideoMeta::new, null, VideoMeta::transform);

    private VideoFormat format;
    private int width;
    private int height;
    private long[] offsets = new long[0];
    private int[] strides = new int[0];

    private VideoMeta(MetaInfo<VideoMeta> info, Buffer buffer) {
        super(info, buffer);
    }

    /** Adds a meta with {@code format}'s default layout for {@code width x height}. */
    public static VideoMeta add(Buffer buffer, VideoFormat format, int width, int height) {
        VideoLayout layout = format.layout(width, height);
        return add(buffer, format, width, height, layout.offsets(), layout.strides());
    }

    /**
     * Adds a meta with explicit plane offsets and strides (one per plane of {@code format}).
     *
     * @throws IllegalArgumentException if the planes do not match the format
     * @throws IllegalStateException    if the buffer is not writable
     */
    public static VideoMeta add(Buffer buffer, VideoFormat format, int width, int height, long[] offsets,
            int[] strides) {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        }
        if (offsets.length != format.planes() || strides.length != format.planes()) {
            throw new IllegalArgumentException(format + " has " + format.planes() + " planes, not "
                    + offsets.length + " offsets and " + strides.length + " strides");
        }
        for (long o : offsets) {
            if (o < 0) {
                throw new IllegalArgumentException("negative plane offset " + o);
            }
        }
        VideoMeta meta = buffer.addMeta(INFO);
        meta.set(format, width, height, offsets, strides);
        return meta;
    }

    /** The video meta of {@code buffer} (borrowed), or null. */
    public static VideoMeta get(Buffer buffer) {
        return buffer.getMeta(INFO);
    }

    private void set(VideoFormat f, int w, int h, long[] o, int[] s) {
        format = f;
        width = w;
        height = h;
        offsets = o.clone();
        strides = s.clone();
    }

    public VideoFormat format() {
        return format;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int planes() {
        return offsets.length;
    }

    /** The byte offset of {@code plane}'s first pixel in the buffer. */
    public long offset(int plane) {
        return offsets[plane];
    }

    /** Bytes from one row of {@code plane} to the next. */
    public int stride(int plane) {
        return strides[plane];
    }

    public long[] offsets() {
        return offsets.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    /**
     * Maps the memory holding {@code plane} with {@code mapFlags}; the segment starts at the
     * plane's first pixel (GStreamer's default {@code gst_video_meta_map}).
     *
     * @throws IllegalStateException if the plane lies outside the buffer
     */
    public PlaneMapping map(int plane, int mapFlags) {
        Objects.checkIndex(plane, offsets.length);
        Buffer buffer = buffer();
        MemorySpan span = buffer.findMemory(offsets[plane], 1).orElseThrow(() -> new IllegalStateException(
                "plane " + plane + " at offset " + offsets[plane] + " is outside " + buffer));
        return new PlaneMapping(buffer.mapRange(span.index(), span.length(), mapFlags), span.skip(), strides[plane]);
    }

    private static boolean transform(Buffer dest, VideoMeta meta, Buffer src, MetaTransform transform) {
        return switch (transform) {
            case MetaTransform.Copy copy -> {
                if (copy.region()) {
                    yield false; // only a copy of the whole frame keeps the layout
                }
                add(dest, meta.format, meta.width, meta.height, meta.offsets, meta.strides);
                yield true;
            }
            case MetaTransform.MemoryChange change -> true;
            case MetaTransform.Custom custom -> false;
        };
    }

    @Override
    public String toString() {
        return "VideoMeta[" + format + " " + width + "x" + height + ", offsets=" + Arrays.toString(offsets)
                + ", strides=" + Arrays.toString(strides) + "]";
    }
}
