package org.zeropipe.v4l2;

import java.util.List;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The V4L2 mem2mem elements: converter, stateful encoder and decoder. */
public final class Mem2MemElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("v4l2convert", "converts and scales raw video on a V4L2 mem2mem device (vim2m)",
                        V4l2Convert::new),
                new ElementFactory("v4l2videoenc", "encodes raw video on a V4L2 stateful encoder (vicodec: video/x-fwht)",
                        V4l2VideoEnc::new),
                new ElementFactory("v4l2videodec", "decodes video on a V4L2 stateful decoder (vicodec: video/x-fwht)",
                        V4l2VideoDec::new));
    }
}
