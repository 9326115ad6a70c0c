package org.zeropipe.core.meta;

/**
 * Well-known tags of {@link MetaApi}s: what a meta depends on, so that operations that change
 * that thing know to drop or transform it.
 */
public final class MetaTags {
    /** The meta describes the buffer's memories: dropped by region copies, merges and copies
     *  without memory, and told of in-place memory changes ({@link MetaTransform.MemoryChange}). */
    public static final String MEMORY = "memory";
    /** The meta references another buffer's memory: dropped by deep copies. */
    public static final String MEMORY_REFERENCE = "memory-reference";
    /** The meta is about video. */
    public static final String VIDEO = "video";
    /** The meta depends on the video frame size. */
    public static final String VIDEO_SIZE = "size";
    /** The meta depends on the video orientation. */
    public static final String VIDEO_ORIENTATION = "orientation";
    /** The meta depends on the colorspace. */
    public static final String VIDEO_COLORSPACE = "colorspace";

    private MetaTags() {
    }
}
