package org.zeropipe.core.memory;

/**
 * Flags of {@link Memory#lock}: GStreamer's {@code GstLockFlags}. {@code READ}/{@code WRITE}
 * count as a mapping of that access; {@code EXCLUSIVE} counts an owner. A memory locked
 * {@code EXCLUSIVE} by two owners (two buffers) is shared, hence not writable.
 */
public final class LockFlags {
    public static final int READ = MapFlags.READ;
    public static final int WRITE = MapFlags.WRITE;
    public static final int READWRITE = MapFlags.READWRITE;
    public static final int EXCLUSIVE = 4;

    private LockFlags() {
    }
}
