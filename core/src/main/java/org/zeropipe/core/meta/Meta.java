package org.zeropipe.core.meta;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.zeropipe.core.buffer.Buffer;

/**
 * Typed data attached to one buffer: GStreamer's {@code GstMeta}. Subclasses add their fields;
 * a {@link MetaInfo} registers how to create, free and transform them. A meta lives as long as
 * its buffer holds it; never keep one after its buffer is released.
 */
public abstract class Meta {

    static {
        org.zeropipe.core.leak.LeakTracker.hideFrames(Meta.class);
    }

    private static final AtomicLong SEQ = new AtomicLong();
    private static final VarHandle FLAGS;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(Meta.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MetaInfo<?> info;
    private final Buffer buffer;
    private final long seqNum = SEQ.incrementAndGet();
    private volatile int flags;

    /** For {@link MetaInfo.Init} functions: a meta of {@code info} for {@code buffer}. */
    protected Meta(MetaInfo<?> info, Buffer buffer) {
        this.info = Objects.requireNonNull(info, "info");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
    }

    public final MetaInfo<?> info() {
        return info;
    }

    public final MetaApi api() {
        return info.api();
    }

    /** The buffer this meta belongs to (borrowed). */
    public final Buffer buffer() {
        return buffer;
    }

    /** Increases with each meta created: later metas compare greater (GStreamer's seqnum). */
    public final long seqNum() {
        return seqNum;
    }

    public final boolean hasFlag(MetaFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    public final void setFlag(MetaFlag flag) {
        FLAGS.getAndBitwiseOr(this, flag.bit());
    }

    public final void unsetFlag(MetaFlag flag) {
        FLAGS.getAndBitwiseAnd(this, ~flag.bit());
    }

    @Override
    public String toString() {
        return info.name() + "@" + Integer.toHexString(System.identityHashCode(this));
    }
}
