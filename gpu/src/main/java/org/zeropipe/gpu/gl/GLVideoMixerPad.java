package org.zeropipe.gpu.gl;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.core.video.aggregate.VideoAggregatorPad;
import org.zeropipe.gpu.gl.GLCompositor.Blend;
import org.zeropipe.gpu.gl.GLCompositor.Layer;

/**
 * A sink pad of {@code glvideomixer}: where and how its input is drawn, GStreamer's
 * {@code GstGLVideoMixerPad} properties {@code xpos}, {@code ypos}, {@code width},
 * {@code height} (0: the input's), {@code alpha}, plus {@code blend}; {@code zorder} and the
 * frame to draw come from {@link VideoAggregatorPad}. A system-memory input is uploaded here
 * ({@link GLFrameUploader}), as GStreamer's glvideomixer bin puts a glupload in front of each pad.
 */
final class GLVideoMixerPad extends VideoAggregatorPad {

    private final Property<Integer> xpos;
    private final Property<Integer> ypos;
    private final Property<Integer> width;
    private final Property<Integer> height;
    private final Property<Double> alpha;
    private final Property<Blend> blend;
    private GLFrameUploader uploader; // system-memory input only
    private Caps uploaderCaps;
    private boolean released;

    GLVideoMixerPad(String name, PadTemplate template) {
        super(name, template);
        xpos = declare(PropertySpec.ofInt("xpos", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "x of the picture's left edge"));
        ypos = declare(PropertySpec.ofInt("ypos", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "y of the picture's top row"));
        width = declare(PropertySpec.ofInt("width", 0, 0, Integer.MAX_VALUE, "width drawn (scaled), 0: the input's"));
        height = declare(PropertySpec.ofInt("height", 0, 0, Integer.MAX_VALUE, "height drawn (scaled), 0: the input's"));
        alpha = declare(PropertySpec.ofDouble("alpha", 1.0, 0.0, 1.0, "multiplies the picture's alpha; 0: not drawn"));
        blend = declare(PropertySpec.ofEnum("blend", Blend.class, Blend.OVER,
                "over (straight alpha, glvideomixer's default), source (replace) or add"));
    }

    /** The size drawn for an input of {@code in}: the width/height properties, 0 meaning the input's. */
    private int drawnWidth(VideoInfo in) {
        int w = width.get();
        return w > 0 ? w : in.width();
    }

    private int drawnHeight(VideoInfo in) {
        int h = height.get();
        return h > 0 ? h : in.height();
    }

    /** Right and bottom edges of the picture for an input of {@code in} (negative positions count 0), for the output size. */
    int right(VideoInfo in) {
        return drawnWidth(in) + Math.max(xpos.get(), 0);
    }

    int bottom(VideoInfo in) {
        return drawnHeight(in) + Math.max(ypos.get(), 0);
    }

    /** The layer drawing {@code texture}, a frame of {@code in}. */
    Layer layer(int texture, VideoInfo in) {
        return new Layer(texture, xpos.get(), ypos.get(), drawnWidth(in), drawnHeight(in), alpha.get(), zorder(),
                blend.get());
    }

    /**
     * The current frame in GL memory with a reference for the caller: itself when it is GL
     * memory, else uploaded (once per input frame); null once the pad was released. Task thread.
     */
    synchronized Buffer glFrame(GLContext context) {
        Buffer b = currentBuffer();
        if (released || b == null) {
            return null;
        }
        Caps caps = caps();
        if (b.peekMemory(0) instanceof GLMemory || GLCaps.isGL(caps)) {
            return b.ref(); // GL memory (or caps that say so: the mixer checks the memory)
        }
        if (uploader == null || !caps.equals(uploaderCaps)) {
            closeUploader(false);
            uploader = new GLFrameUploader(context, caps);
            uploaderCaps = caps;
        }
        return uploader.upload(b);
    }

    /** Gives back the upload frames (stopping; {@code forever}: the pad was released). */
    synchronized void closeUploader(boolean forever) {
        released |= forever;
        if (uploader != null) {
            uploader.close();
            uploader = null;
        }
    }
}
