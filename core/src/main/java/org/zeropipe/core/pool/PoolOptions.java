package org.zeropipe.core.pool;

/**
 * Names of buffer pool options ({@link PoolConfig#options()}, {@link BufferPool#options()}),
 * spelled as GStreamer spells them so that they read the same in both worlds.
 */
public final class PoolOptions {

    /** The pool adds a {@code VideoMeta} to each buffer (GStreamer's {@code GST_BUFFER_POOL_OPTION_VIDEO_META}). */
    public static final String VIDEO_META = "GstBufferPoolOptionVideoMeta";

    /** The pool honours a video alignment (GStreamer's {@code GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT}). */
    public static final String VIDEO_ALIGNMENT = "GstBufferPoolOptionVideoAlignment";

    private PoolOptions() {
    }
}
