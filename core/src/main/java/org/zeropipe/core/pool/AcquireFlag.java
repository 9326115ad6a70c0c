package org.zeropipe.core.pool;

/** How {@link BufferPool#acquire(AcquireParams)} should behave: GStreamer's {@code GstBufferPoolAcquireFlags}. */
public enum AcquireFlag {
    /** The buffer should start a key unit (a hint for pools that can honour it). */
    KEY_UNIT,
    /**
     * Do not block when the pool is at its maximum: {@code acquire} returns {@code null}
     * ("would block", GStreamer's {@code GST_FLOW_EOS}) instead.
     */
    DONTWAIT,
    /** The buffer starts after a discontinuity (a hint for pools that can honour it). */
    DISCONT;

    /** This flag's bit in {@link AcquireParams#flags()}. */
    public int bit() {
        return 1 << ordinal();
    }
}
