package org.zeropipe.v4l2;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.v4l2.V4l2Device.Format;

/**
 * {@code v4l2convert}: format conversion and scaling on a V4L2 mem2mem converter (vim2m by
 * default, as GStreamer's {@code v4l2convert}). The output caps are downstream's first choice
 * among what the device's CAPTURE queue offers, fixated to the input's size and frame rate
 * where it can. One frame out per frame in: EOS waits until as many frames came out as went in.
 */
public final class V4l2Convert extends V4l2Mem2Mem {

    public V4l2Convert(String name) {
        super(name, "vim2m", RAW, RAW);
    }

    public V4l2Convert() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "v4l2convert";
    }

    @Override
    protected Setup configure(V4l2Device d, Caps in) {
        VideoInfo info = VideoInfo.fromCaps(in);
        Format output = M2mFormats.set(d, d.outputType(), in.structure(0));
        Caps downstream = srcPad.peerQueryCaps(srcProbedCaps());
        if (downstream.isEmpty()) {
            throw new IllegalArgumentException(d.path() + " produces " + srcProbedCaps() + ", downstream takes none of it");
        }
        Caps first = Caps.of(downstream.structure(0), downstream.features(0));
        Structure s = first.structure(0).fixateFieldNearestInt("width", info.width())
                .fixateFieldNearestInt("height", info.height());
        if (s.has("framerate")) {
            s = s.fixateFieldNearestFraction("framerate", info.framerate());
        } else {
            s = s.with("framerate", info.framerate());
        }
        s = Caps.of(s).fixate().structure(0);
        Format capture = M2mFormats.set(d, d.captureType(), s);
        Caps out = Caps.of(s, downstream.features(0));
        return new Setup(output, capture, out);
    }
}
