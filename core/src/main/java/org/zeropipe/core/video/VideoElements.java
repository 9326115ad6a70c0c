package org.zeropipe.core.video;

import java.util.List;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;
import org.zeropipe.core.video.elements.MultiFileSink;
import org.zeropipe.core.video.elements.PngEnc;
import org.zeropipe.core.video.elements.RawVideoParse;
import org.zeropipe.core.video.testsrc.VideoTestSrc;

/** The raw-video elements of module core, found through {@link java.util.ServiceLoader}. */
public final class VideoElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("videotestsrc", "test patterns in any raw video format", VideoTestSrc::new),
                new ElementFactory("pngenc", "encodes RGBA, RGB or GRAY8 frames as PNG", PngEnc::new),
                new ElementFactory("multifilesink", "writes each buffer to its own numbered file",
                        MultiFileSink::new),
                new ElementFactory("rawvideoparse", "cuts a byte stream into raw video frames", RawVideoParse::new));
    }
}
