package org.zeropipe.core.video.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.zeropipe.core.aggregate.Aggregator;
import org.zeropipe.core.aggregate.AggregatorPad;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Segment;
import org.zeropipe.core.query.AllocationQuery;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.VideoMeta;

/**
 * An {@link Aggregator} of video streams (GStreamer's {@code GstVideoAggregator}): it chooses
 * the output caps (downstream's, with the size and framerate the inputs suggest), stamps output
 * frames from the output framerate, and for each output frame picks on every pad the input
 * frame whose time covers it, repeating the last one of a slower input. The subclass draws:
 * {@link #aggregateFrames} gets the pads in zorder with their {@link VideoAggregatorPad#currentBuffer()}.
 *
 * <p>Frame choice (as {@code gst_video_aggregator_fill_queues}), with the output frame spanning
 * running time {@code [outStart, outEnd)} and an input buffer {@code [start, end)}: a buffer
 * that overlaps the output becomes the pad's current frame; one that starts at or after
 * {@code outEnd} waits for a later output (the current frame is shown again); one that ended
 * before {@code outStart} replaces the current frame and the next buffer is looked at first. A
 * pad with nothing queued whose frame ended keeps waiting for data, or, once it ended (EOS),
 * shows nothing. The stream ends when no pad has a frame left to show.
 *
 * <p>Memory: the caps features of the output are downstream's (a subclass for GL memory
 * declares them in its templates); this class never maps a frame itself.
 */
public abstract class VideoAggregator extends Aggregator {

    private static final Fraction DEFAULT_FPS = new Fraction(25, 1);

    private volatile VideoInfo outInfo;
    // Task thread only (and the state change with the task stopped).
    private long tsOffset = ClockTime.NONE;
    private long frames;
    private final Set<VideoAggregatorPad> holding = new LinkedHashSet<>();

    protected VideoAggregator(String name, PadTemplate sinkTemplate, PadTemplate srcTemplate) {
        super(name, sinkTemplate, srcTemplate);
    }

    // ---------------------------------------------------------------------------------------
    // Hooks

    /** Makes a sink pad; subclasses return their own {@link VideoAggregatorPad} with its properties. */
    protected VideoAggregatorPad createVideoPad(String padName, PadTemplate template) {
        return new VideoAggregatorPad(padName, template);
    }

    /**
     * Draws the output frame from the pads (in zorder, lowest first; a pad whose
     * {@link VideoAggregatorPad#currentBuffer()} is null shows nothing) and returns it: a buffer
     * from {@link #allocateOutputBuffer}, or a reference to an input that already is the output.
     * {@code null} after posting an ERROR (or while flushing: no buffer could be had).
     */
    protected abstract Buffer aggregateFrames(List<VideoAggregatorPad> pads, VideoInfo out);

    /**
     * The output size the inputs suggest: by default the largest input width and height.
     * A compositor adds each pad's position.
     */
    protected int[] preferredSize(List<VideoAggregatorPad> pads) {
        int w = 0;
        int h = 0;
        for (VideoAggregatorPad p : pads) {
            VideoInfo i = p.info();
            if (i != null) {
                w = Math.max(w, i.width());
                h = Math.max(h, i.height());
            }
        }
        return new int[] {w, h};
    }

    /** Called with the output info once the output caps are chosen; false refuses them. */
    protected boolean setOutputInfo(VideoInfo info) {
        return true;
    }

    // ---------------------------------------------------------------------------------------

    /** The output info, or {@code null} before negotiation. */
    protected final VideoInfo outputInfo() {
        return outInfo;
    }

    @Override
    protected final AggregatorPad createPad(String padName, PadTemplate template) {
        VideoAggregatorPad pad = createVideoPad(padName, template);
        pad.set("zorder", sinkPads().size()); // as GStreamer: later pads on top
        return pad;
    }

    @Override
    protected void sinkEvent(AggregatorPad pad, Event event) {
        if (event instanceof Event.CapsEvent c && pad instanceof VideoAggregatorPad v) {
            try {
                v.setInfo(VideoInfo.fromCaps(c.caps()), c.caps());
            } catch (IllegalArgumentException e) {
                postError(factoryName() + " " + name() + ": " + pad.name() + ": " + e.getMessage(), null, e);
            }
        }
    }

    // What each input may differ in from the output (sizes, rates, ...): only the format is shared.
    private static final List<String> PER_INPUT_FIELDS = List.of("width", "height", "framerate",
            "pixel-aspect-ratio", "interlace-mode", "colorimetry", "chroma-site");

    /**
     * An input's caps: the template within the output's format (as GStreamer's video
     * aggregator pads): the negotiated output caps, else what downstream accepts, without the
     * fields each input may have its own of. So {@code videoconvert} before a pad converts to
     * the output's format.
     */
    @Override
    protected Caps sinkCaps(AggregatorPad pad, Caps filter) {
        Caps out = srcPad.currentCaps();
        if (out == null) {
            out = srcPad.peerQueryCaps(srcPad.templateCaps());
        }
        Caps caps = pad.templateCaps();
        if (!out.isAny()) {
            Caps.Builder b = Caps.builder();
            for (int i = 0; i < out.size(); i++) {
                Structure st = out.structure(i);
                for (String f : PER_INPUT_FIELDS) {
                    st = st.without(f);
                }
                b.add(st, out.features(i));
            }
            caps = b.build().intersect(caps, IntersectMode.FIRST);
        }
        return filter == null ? caps : filter.intersect(caps, IntersectMode.FIRST);
    }

    /** A deactivated pad forgets its stream's info with its caps: the next stream sends new ones. */
    @Override
    protected void padActivation(Pad pad, boolean active) {
        super.padActivation(pad, active);
        if (!active && pad instanceof VideoAggregatorPad v) {
            v.clearInfo();
        }
    }

    /** Video pads in zorder (stable: equal zorders keep the request order). */
    protected final List<VideoAggregatorPad> videoPads() {
        List<VideoAggregatorPad> r = new ArrayList<>();
        for (AggregatorPad p : aggregatorPads()) {
            r.add((VideoAggregatorPad) p);
        }
        r.sort(Comparator.comparingInt(VideoAggregatorPad::zorder));
        return r;
    }

    /**
     * Downstream's caps with the suggested size, the fastest input framerate (25/1 without
     * one) and the most used input format where downstream allows them, then fixated;
     * {@code null} while no pad has caps.
     */
    @Override
    protected Caps negotiatedSrcCaps(Caps downstream) {
        List<VideoAggregatorPad> pads = videoPads();
        Fraction fps = null;
        Map<VideoFormat, Integer> formats = new HashMap<>();
        VideoFormat best = null;
        for (VideoAggregatorPad p : pads) {
            VideoInfo i = p.info();
            if (i == null) {
                continue;
            }
            if (i.framerate().numerator() > 0 && (fps == null || i.framerate().compareTo(fps) > 0)) {
                fps = i.framerate();
            }
            int n = formats.merge(i.format(), 1, Integer::sum);
            if (best == null || n > formats.get(best)) {
                best = i.format();
            }
        }
        if (best == null) {
            return null;
        }
        int[] size = preferredSize(pads);
        Caps caps = downstream;
        Caps withFormat = caps.intersect(Caps.parse("video/x-raw(ANY), format=" + best.capsName()), IntersectMode.FIRST);
        if (!withFormat.isEmpty()) {
            caps = withFormat;
        }
        Structure s = caps.structure(0);
        if (s.has("pixel-aspect-ratio")) {
            s = s.fixateFieldNearestFraction("pixel-aspect-ratio", new Fraction(1, 1));
        }
        if (s.has("width")) {
            s = s.fixateFieldNearestInt("width", Math.max(1, size[0]));
        }
        if (s.has("height")) {
            s = s.fixateFieldNearestInt("height", Math.max(1, size[1]));
        }
        if (s.has("framerate")) {
            s = s.fixateFieldNearestFraction("framerate", fps == null ? DEFAULT_FPS : fps);
        }
        return Caps.of(s, caps.features(0)).fixate();
    }

    @Override
    protected boolean setSrcCaps(Caps caps) {
        VideoInfo info;
        try {
            info = VideoInfo.fromCaps(caps);
        } catch (IllegalArgumentException e) {
            postError(factoryName() + " " + name() + ": output caps " + caps + ": " + e.getMessage(), null, e);
            return false;
        }
        if (!setOutputInfo(info)) {
            return false;
        }
        VideoInfo old = outInfo;
        if (old != null && old.framerate().compareTo(info.framerate()) != 0 && position() != ClockTime.NONE) {
            // As GStreamer's negotiated_src_caps: count frames again from the position, or
            // the old count at the new rate would put timestamps back.
            frames = 0;
        }
        outInfo = info;
        return true;
    }

    @Override
    protected long outputSize(Caps caps) {
        VideoInfo i = outInfo;
        return i == null ? -1 : i.size();
    }

    /** Proposes {@link VideoMeta} (frames are read through their metas: padded strides are fine). */
    @Override
    protected boolean proposeAllocation(AggregatorPad pad, AllocationQuery query) {
        query.addMeta(VideoMeta.API, null);
        return true;
    }

    /** Frames of ended pads may still cover later outputs: {@link #aggregate} says when it is over. */
    @Override
    protected boolean outputAfterEos() {
        return true;
    }

    @Override
    protected void reset() {
        tsOffset = ClockTime.NONE;
        frames = 0;
        for (VideoAggregatorPad p : holding) {
            p.clearCurrent();
        }
        holding.clear();
    }

    // ---------------------------------------------------------------------------------------
    // Producing a frame

    private enum Fill { OK, NEED_DATA, EOS }

    @Override
    protected final FlowReturn aggregate(boolean timeout) {
        VideoInfo info = outInfo;
        Segment seg = srcSegment();
        Fraction fps = info.framerate().numerator() > 0 ? info.framerate() : DEFAULT_FPS;
        long outStart = position() == ClockTime.NONE || position() < seg.start() ? seg.start() : position();
        if (frames == 0) {
            tsOffset = outStart;
        }
        long outEnd = tsOffset + (frames + 1) * ClockTime.SECOND * fps.denominator() / fps.numerator();
        if (seg.stop() != ClockTime.NONE) {
            if (outStart >= seg.stop()) {
                return FlowReturn.EOS;
            }
            outEnd = Math.min(outEnd, seg.stop());
        }
        long rtStart = seg.toRunningTime(outStart);
        long rtEnd = seg.toRunningTime(outEnd);
        List<VideoAggregatorPad> pads = videoPads();
        dropReleasedPads(pads);
        Fill fill = fillQueues(pads, rtStart, rtEnd);
        if (fill == Fill.NEED_DATA && !timeout) {
            return FlowReturn.OK; // the base waits for the data the pads need
        }
        if (fill == Fill.EOS) {
            return FlowReturn.EOS;
        }
        Buffer out = aggregateFrames(pads, info);
        if (out == null) {
            return srcPadFlushing() ? FlowReturn.FLUSHING : FlowReturn.ERROR;
        }
        if (!out.isWritable()) {
            out = out.makeWritable(); // an input passed through: a new buffer sharing its memory
        }
        out.setPts(outStart);
        out.setDts(ClockTime.NONE);
        out.setDuration(outEnd - outStart);
        out.setOffset(ClockTime.NONE);
        out.setOffsetEnd(ClockTime.NONE);
        frames++;
        return finishBuffer(out);
    }

    private boolean srcPadFlushing() {
        return srcPad.isFlushing();
    }

    /** Gives back the frames of pads released since the last output. */
    private void dropReleasedPads(List<VideoAggregatorPad> active) {
        for (var it = holding.iterator(); it.hasNext(); ) {
            VideoAggregatorPad p = it.next();
            if (!active.contains(p)) {
                p.clearCurrent();
                it.remove();
            }
        }
    }

    /** Chooses each pad's frame for {@code [outStart, outEnd)} (running time); see the class comment. */
    private Fill fillQueues(List<VideoAggregatorPad> pads, long outStart, long outEnd) {
        boolean needData = false;
        boolean eos = true;
        for (VideoAggregatorPad pad : pads) {
            if (!pad.hasEnded()) {
                eos = false; // the stream ends only when every pad has
            }
            Buffer buf = pad.peekBuffer();
            if (buf != null) {
                Segment seg = pad.segment();
                long pts = buf.pts();
                if (pts == ClockTime.NONE) {
                    postError(factoryName() + " " + name() + ": " + pad.name() + " sent a buffer without timestamp",
                            null, null);
                    pad.dropBuffer();
                    needData = true;
                    continue;
                }
                long duration = buf.duration();
                if (duration == ClockTime.NONE) {
                    VideoInfo i = pad.latestInfo(); // the head buffer's caps
                    duration = i != null && i.framerate().numerator() > 0 ? i.frameDurationNanos() : ClockTime.NONE;
                }
                long end = duration == ClockTime.NONE ? ClockTime.NONE : pts + duration;
                if ((seg.stop() != ClockTime.NONE && pts >= seg.stop()) || (end != ClockTime.NONE && end < seg.start())) {
                    pad.dropBuffer(); // outside its segment
                    needData = true;
                    continue;
                }
                long start = seg.toRunningTime(Math.max(pts, seg.start()));
                long stop = end == ClockTime.NONE ? ClockTime.NONE
                        : seg.toRunningTime(seg.stop() == ClockTime.NONE ? end : Math.min(end, seg.stop()));
                if (stop == ClockTime.NONE) {
                    // No duration: shown from its start until a newer one comes.
                    if (start >= outEnd) {
                        eos = false;
                        continue;
                    }
                    take(pad, start, ClockTime.NONE);
                    eos = false;
                    continue;
                }
                if (pad.endTime() != ClockTime.NONE && pad.endTime() > stop) {
                    pad.dropBuffer(); // from the past
                    needData = true;
                    continue;
                }
                if (stop > outStart && start < outEnd) {
                    take(pad, start, stop);
                    eos = false;
                } else if (start >= outEnd) {
                    eos = false;
                } else {
                    take(pad, start, stop); // too old: shown only if nothing newer comes in time
                    needData = true;
                }
            } else if (pad.endTime() != ClockTime.NONE) {
                if (pad.endTime() <= outStart) {
                    if (pad.hasEnded()) {
                        pad.clearCurrent();
                    } else {
                        needData = true;
                    }
                } else {
                    eos = false;
                }
            } else if (pad.hasEnded()) {
                pad.clearCurrent();
            } else if (pad.hasCurrent()) {
                eos = false; // a frame without duration stays until a newer one
            }
        }
        if (needData) {
            return Fill.NEED_DATA;
        }
        return eos ? Fill.EOS : Fill.OK;
    }

    private void take(VideoAggregatorPad pad, long start, long stop) {
        Buffer b = pad.popBuffer();
        if (pad.setCurrent(b, start, stop)) {
            srcPad.markReconfigure(); // the output may change with the input's new caps
        }
        holding.add(pad);
    }
}
