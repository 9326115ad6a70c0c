package org.zeropipe.core.trace;

/** Which operation of the memory model copied bytes. */
public enum CopyReason {
    /** An explicit {@code Memory.copy}. */
    MEMORY_COPY,
    /** Several memories merged into one because they did not span one parent: a 17th memory,
     *  a map of a multi-memory range, or {@code BufferCopyFlag.MERGE}. */
    MERGE,
    /** Write access to a memory that was shared with another buffer or read-only. */
    COPY_ON_WRITE,
    /** A buffer region copy that could not share a memory ({@code NO_SHARE}, or the memory
     *  was mapped for writing). */
    REGION_COPY,
    /** A deep buffer copy ({@code BufferCopyFlag.DEEP}). */
    DEEP_COPY,
    /** Bytes written into a buffer from outside it ({@code Buffer.fill}). */
    FILL,
    /** Bytes read out of a buffer ({@code Buffer.extract}). */
    EXTRACT,
    /** Bytes moved from system-visible memory into a device's (a texture upload); counted by
     *  the memory type that moved them, when the transfer is issued. */
    UPLOAD,
    /** Bytes moved from a device's memory into system-visible memory (a texture download). */
    DOWNLOAD,
    /** An element copied a frame's rows unchanged into another buffer (e.g. videoconvert between
     *  caps that differ only in what does not change the pixels). */
    ROW_COPY,
    /** videocrop copied the visible rectangle because downstream does not accept VideoCropMeta. */
    CROP_COPY,
    /** A capture source copied a frame out of a driver buffer because downstream held all the
     *  others and the driver would not add more (e.g. VIDIOC_CREATE_BUFS refused): the driver
     *  buffer goes back at once instead of the capture stalling. */
    POOL_EXHAUSTED
}
