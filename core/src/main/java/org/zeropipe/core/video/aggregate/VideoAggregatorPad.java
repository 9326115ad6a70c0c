package org.zeropipe.core.video.aggregate;

import org.zeropipe.core.aggregate.AggregatorPad;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.video.VideoInfo;

/**
 * A sink pad of a {@link VideoAggregator} (GStreamer's {@code GstVideoAggregatorPad}): its
 * stream's {@link VideoInfo} (from the caps event, in stream order), the frame chosen for the
 * output being made ({@link #currentBuffer()}, kept and shown again until a newer one covers
 * the output time), and the {@code zorder} property: pads are drawn from the lowest zorder up
 * (a new pad's default is the number of sink pads before it, so later pads are on top).
 */
public class VideoAggregatorPad extends AggregatorPad {

    private final Property<Integer> zorder;
    private volatile VideoInfo info;
    private volatile Caps caps; // the caps info was read from
    // Task thread only: info of caps that came after the current frame (null: none), and those caps.
    private VideoInfo pendingInfo;
    private Caps pendingCaps;
    // Task thread only: the frame shown now and its running-time span (NONE: unknown).
    private Buffer current;
    private long startTime = ClockTime.NONE;
    private long endTime = ClockTime.NONE;

    public VideoAggregatorPad(String name, PadTemplate template) {
        super(name, template);
        zorder = declare(PropertySpec.ofInt("zorder", 0, 0, Integer.MAX_VALUE, "z order of the picture (higher is on top)"));
    }

    /** The zorder (higher is drawn later, on top). */
    public final int zorder() {
        return zorder.get();
    }

    /** The video info of the current caps, or {@code null} before caps. */
    public final VideoInfo info() {
        return info;
    }

    /**
     * The caps {@link #info()} was read from: those of the current frame (with their memory
     * features, which the info does not keep), unlike {@link #caps()}, the queue head's; or
     * {@code null} before caps.
     */
    public final Caps frameCaps() {
        return caps;
    }

    /**
     * The info of new caps (GStreamer's {@code pending_vinfo}): the current frame came under
     * the old caps and keeps them; the new info applies from the next frame taken.
     */
    final void setInfo(VideoInfo newInfo, Caps newCaps) {
        if (current == null) {
            info = newInfo;
            caps = newCaps;
            pendingInfo = null;
            pendingCaps = null;
        } else {
            pendingInfo = newInfo;
            pendingCaps = newCaps;
        }
    }

    /** The info of the frames at the head of the queue: the pending one, else {@link #info()}. */
    final VideoInfo latestInfo() {
        VideoInfo p = pendingInfo;
        return p != null ? p : info;
    }

    /** Forgets the stream's info (the pad was deactivated: new caps will come). */
    final void clearInfo() {
        info = null;
        caps = null;
        pendingInfo = null;
        pendingCaps = null;
    }

    /**
     * The frame to draw for the output being made (borrowed), or {@code null}: draw nothing
     * (no frame, or a gap: the empty GAP buffer a GAP event became holds the pad's time).
     */
    public final Buffer currentBuffer() {
        Buffer c = current;
        return c != null && c.size() == 0 && c.hasFlag(BufferFlag.GAP) ? null : c;
    }

    /** Whether a frame or a gap holds the pad's time now. */
    final boolean hasCurrent() {
        return current != null;
    }

    final long startTime() {
        return startTime;
    }

    final long endTime() {
        return endTime;
    }

    /**
     * Makes {@code buffer} (owned, may be null) the current frame over {@code [start, end)};
     * true when the info changed with it (pending caps now apply).
     */
    final boolean setCurrent(Buffer buffer, long start, long end) {
        if (current != null) {
            current.unref();
        }
        current = buffer;
        startTime = start;
        endTime = end;
        VideoInfo p = pendingInfo;
        if (p == null) {
            return false;
        }
        pendingInfo = null;
        info = p;
        caps = pendingCaps;
        pendingCaps = null;
        return true;
    }

    final void clearCurrent() {
        setCurrent(null, ClockTime.NONE, ClockTime.NONE);
    }
}
