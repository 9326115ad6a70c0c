package org.zeropipe.core.audio.elements;

import org.zeropipe.core.Format;
import org.zeropipe.core.audio.AudioInfo;
import org.zeropipe.core.audio.WavHeader;
import org.zeropipe.core.base.BaseTransform;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Segment;

/**
 * Wraps raw audio in a RIFF/WAVE file (GStreamer's {@code wavenc}): a header before the first
 * sample, then the samples as they come, and at EOS a BYTES segment back to 0 and the header
 * again with the real sizes (a seekable sink such as filesink rewrites it in place).
 *
 * <p>Memory: the sample buffers go downstream as they are, untouched (no copy); only the
 * 44-byte (or 68-byte) headers are new buffers.
 */
public final class WavEnc extends BaseTransform {

    static final Caps RAW = Caps.parse("audio/x-raw, format=(string){ U8, S16LE, S24LE, S32LE, F32LE, F64LE }, "
            + "layout=(string)interleaved, rate=(int)[ 1, 2147483647 ], channels=(int)[ 1, 65535 ]");
    static final Caps WAV = Caps.parse("audio/x-wav");

    private volatile AudioInfo info;
    private boolean headerSent;
    private long dataBytes;

    public WavEnc(String name) {
        super(name, PadTemplate.sink(RAW), PadTemplate.src(WAV));
    }

    public WavEnc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "wavenc";
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps other = direction == PadDirection.SINK ? WAV : RAW;
        return filter == null ? other : filter.intersect(other, IntersectMode.FIRST);
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        try {
            AudioInfo i = AudioInfo.fromCaps(in);
            WavHeader.check(i);
            info = i;
            headerSent = false;
            dataBytes = 0;
            return true;
        } catch (IllegalArgumentException e) {
            postError(name() + ": cannot write " + in + " as WAV: " + e.getMessage(), null, null);
            return false;
        }
    }

    @Override
    protected boolean passthroughOnSameCaps() {
        return false;
    }

    /** The samples pass unchanged; the header goes out before the first of them. */
    @Override
    protected FlowReturn transformInPlace(Buffer buffer) {
        AudioInfo i = info;
        if (i == null) {
            postError(name() + ": a buffer came before any caps: upstream must send audio/x-raw caps first", null, null);
            return FlowReturn.NOT_NEGOTIATED;
        }
        if (!headerSent) {
            headerSent = true;
            FlowReturn r = srcPad.push(header(i, 0));
            if (r != FlowReturn.OK) {
                return r;
            }
        }
        dataBytes += buffer.size();
        return FlowReturn.OK;
    }

    private static Buffer header(AudioInfo i, long dataBytes) {
        byte[] h = WavHeader.build(i, dataBytes);
        Buffer b = Buffer.allocate(h.length);
        b.fill(0, h);
        return b;
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (pad == sinkPad && event instanceof Event.Eos && info != null) {
            if (!headerSent) {
                headerSent = true;
                srcPad.push(header(info, 0)); // an empty file is still a WAV file
            }
            // Back to byte 0 and the header again, now with the sizes.
            srcPad.pushEvent(new Event.SegmentEvent(Segment.of(Format.BYTES)));
            srcPad.push(header(info, dataBytes));
        }
        return super.handleEvent(pad, event);
    }
}
