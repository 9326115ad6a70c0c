package org.zeropipe.core.memory;

/**
 * Access asked of {@link Memory#map}: an int bit set so that mapping, done per frame,
 * allocates no flag objects. Memory types may define their own flags from {@link #FIRST_CUSTOM}
 * up (GStreamer's {@code GST_MAP_FLAG_LAST}), e.g. "map as a GL texture".
 */
public final class MapFlags {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int READWRITE = READ | WRITE;
    /**
     * The mapping holds its own reference to the memory and gives it back when closed, so the
     * memory outlives its other owners while mapped (GStreamer's {@code GST_MAP_REF_MEMORY}).
     */
    public static final int REF_MEMORY = 1 << 8;
    /** The first bit a memory type may use for its own map flags. */
    public static final int FIRST_CUSTOM = 1 << 16;

    private MapFlags() {
    }

    static String toString(int flags) {
        String access = switch (flags & READWRITE) {
            case READ -> "READ";
            case WRITE -> "WRITE";
            case READWRITE -> "READWRITE";
            default -> "no access";
        };
        return (flags & REF_MEMORY) != 0 ? access + "|REF_MEMORY" : access;
    }
}
