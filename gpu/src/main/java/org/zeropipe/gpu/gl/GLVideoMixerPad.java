package org.zeropipe.gpu.gl;

import org.zeropipe.core.aggregate.AggregatorPad;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.gpu.gl.GLCompositor.Blend;
import org.zeropipe.gpu.gl.GLCompositor.Layer;

/**
 * A sink pad of {@code glvideomixer}: where and how its input is drawn (GStreamer's
 * {@code GstGLVideoMixerPad} properties {@code xpos}, {@code ypos}, {@code width},
 * {@code height} (0: the input's), {@code alpha}, {@code zorder}, plus {@code blend}), and the
 * frame it shows now: the last input buffer whose time reached the output's, kept (and drawn
 * again) until a newer one is due.
 */
final class GLVideoMixerPad extends AggregatorPad {

    private final Property<Integer> xpos;
    private final Property<Integer> ypos;
    private final Property<Integer> width;
    private final Property<Integer> height;
    private final Property<Double> alpha;
    private final Property<Integer> zorder;
    private final Property<Blend> blend;

    private final Object frameLock = new Object();
    private Buffer frame; // the frame shown now (owned), or null
    private GLVideoInfo frameInfo;
    private long frameEnd = ClockTime.NONE; // its end as running time, NONE when unknown

    GLVideoMixerPad(String name, PadTemplate template, int defaultZorder) {
        super(name, template);
        xpos = declare(PropertySpec.ofInt("xpos", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "x of the picture's left edge"));
        ypos = declare(PropertySpec.ofInt("ypos", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "y of the picture's top row"));
        width = declare(PropertySpec.ofInt("width", 0, 0, Integer.MAX_VALUE, "width drawn (scaled), 0: the input's"));
        height = declare(PropertySpec.ofInt("height", 0, 0, Integer.MAX_VALUE, "height drawn (scaled), 0: the input's"));
        alpha = declare(PropertySpec.ofDouble("alpha", 1.0, 0.0, 1.0, "multiplies the picture's alpha; 0: not drawn"));
        zorder = declare(PropertySpec.ofInt("zorder", defaultZorder, 0, 10000, "stacking: higher is drawn later, on top"));
        blend = declare(PropertySpec.ofEnum("blend", Blend.class, Blend.OVER,
                "over (straight alpha, glvideomixer's default), source (replace) or add"));
    }

    /** The size drawn for an input of {@code in}: the width/height properties, 0 meaning the input's. */
    int drawnWidth(GLVideoInfo in) {
        int w = width.get();
        return w > 0 ? w : in.width();
    }

    int drawnHeight(GLVideoInfo in) {
        int h = height.get();
        return h > 0 ? h : in.height();
    }

    /** Right and bottom edges of the picture for an input of {@code in} (for the output size). */
    int right(GLVideoInfo in) {
        return drawnWidth(in) + Math.max(xpos.get(), 0);
    }

    int bottom(GLVideoInfo in) {
        return drawnHeight(in) + Math.max(ypos.get(), 0);
    }

    /** The layer drawing the current frame's {@code texture}. */
    Layer layer(int texture, GLVideoInfo in) {
        return new Layer(texture, xpos.get(), ypos.get(), drawnWidth(in), drawnHeight(in), alpha.get(), zorder.get(),
                blend.get());
    }

    /**
     * Brings the frame shown up to the output frame [{@code start}, {@code end}) (running
     * times): takes queued buffers that start before its middle (the newest wins), keeps the
     * current one while none is due, and lets it go once its end passed and the stream ended.
     * Task thread.
     */
    void advance(long start, long end) {
        while (true) {
            Buffer head = peekBuffer();
            if (head == null) {
                break;
            }
            long pts = head.pts() == ClockTime.NONE ? ClockTime.NONE : toRunningTime(head.pts());
            // Due when it starts before the middle of the output frame: an input at the output's
            // rate whose timestamps were rounded a nanosecond either way still maps 1:1.
            if (pts != ClockTime.NONE && end != ClockTime.NONE && pts >= start + (end - start) / 2) {
                break; // not due yet: the current frame stays
            }
            Caps caps = caps();
            Buffer b = popBuffer();
            long d = b.duration();
            show(b, GLVideoInfo.of(caps), pts == ClockTime.NONE || d == ClockTime.NONE ? ClockTime.NONE : pts + d);
        }
        synchronized (frameLock) {
            if (frame != null && hasEnded() && (frameEnd == ClockTime.NONE || frameEnd <= start)) {
                clear(); // GStreamer's default: an ended input is not drawn past its last frame
            }
        }
    }

    private void show(Buffer b, GLVideoInfo info, long endTime) {
        synchronized (frameLock) {
            if (frame != null) {
                frame.unref();
            }
            frame = b;
            frameInfo = info;
            frameEnd = endTime;
        }
    }

    /** The frame shown now with a reference for the caller, or null. */
    Frame takeFrame() {
        synchronized (frameLock) {
            return frame == null ? null : new Frame(this, frame.ref(), frameInfo);
        }
    }

    /** Lets the frame go (a reset, the pad released, the stream ended). */
    void clear() {
        synchronized (frameLock) {
            if (frame != null) {
                frame.unref();
                frame = null;
            }
            frameEnd = ClockTime.NONE;
        }
    }

    /** A pad's frame for one output: the caller unrefs {@code buffer}. */
    record Frame(GLVideoMixerPad pad, Buffer buffer, GLVideoInfo info) {
    }
}
