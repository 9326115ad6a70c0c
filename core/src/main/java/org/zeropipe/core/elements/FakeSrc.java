package org.zeropipe.core.elements;

import org.zeropipe.core.Format;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;

/**
 * Produces buffers of {@code size} bytes (0: empty buffers, GStreamer's default) as fast as it
 * can, or only in PLAYING when {@code is-live}. With {@code caps} set it negotiates those caps;
 * by default it offers ANY and sends no caps event.
 */
public final class FakeSrc extends BaseSource {

    private final Property<Integer> size;
    private final Property<Boolean> live;
    private final Property<Caps> caps;
    private final Property<Long> duration;
    private long nextPts;

    public FakeSrc(String name) {
        super(name, PadTemplate.src(Caps.ANY));
        size = declare(PropertySpec.ofInt("size", 0, 0, Integer.MAX_VALUE, "bytes per buffer"));
        live = declare(PropertySpec.ofBoolean("is-live", false, "produce only in PLAYING"));
        caps = declare(PropertySpec.ofCaps("caps", null, "caps to negotiate (null: ANY, no caps event)"));
        duration = declare(PropertySpec.ofLong("duration", -1, -1, Long.MAX_VALUE,
                "timestamp buffers with this duration each (ns); -1: no timestamps"));
    }

    public FakeSrc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "fakesrc";
    }

    @Override
    public boolean isLive() {
        return live.get();
    }

    @Override
    protected boolean start() {
        nextPts = 0;
        return true;
    }

    @Override
    protected boolean handleQuery(Pad pad, Query query) {
        if (query instanceof CapsQuery q && caps.get() != null) {
            q.setResult(caps.get());
            return true;
        }
        return super.handleQuery(pad, query);
    }

    /** A TIME seek restarts the timestamps at its start (with {@code duration} set). */
    @Override
    protected boolean doSeek(Event.Seek seek) {
        if (seek.format() == Format.TIME && seek.start() >= 0) {
            nextPts = seek.start();
        }
        return true;
    }

    /** With {@code num-buffers}: the length in BYTES ({@code size} each) and TIME ({@code duration} each). */
    @Override
    protected long duration(Format format) {
        int n = numBuffersLimit();
        long d = duration.get();
        return switch (format) {
            case BYTES -> n >= 0 ? (long) n * size.get() : ClockTime.NONE;
            case TIME -> n >= 0 && d >= 0 ? n * d : ClockTime.NONE;
            default -> super.duration(format);
        };
    }

    /** Bytes made so far in BYTES; the base class answers TIME and BUFFERS. */
    @Override
    protected long position(Format format) {
        return format == Format.BYTES ? produced() * size.get() : super.position(format);
    }

    /** Buffers come from a pool of {@code size}-byte buffers of our own unless downstream proposes one. */
    @Override
    protected long bufferSize(Caps negotiated) {
        return size.get();
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        Buffer b = allocateBuffer(size.get());
        if (b == null) {
            return FlowReturn.FLUSHING;
        }
        long d = duration.get();
        if (d >= 0) {
            b.setPts(nextPts);
            b.setDuration(d);
            nextPts += d;
        }
        out[0] = b;
        return FlowReturn.OK;
    }
}
