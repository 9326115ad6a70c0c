package org.zeropipe.core.video;

import java.util.List;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;
import org.zeropipe.core.video.testsrc.VideoTestSrc;

/** The raw-video elements of module core, found through {@link java.util.ServiceLoader}. */
public final class VideoElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("videotestsrc", "test patterns in any raw video format", VideoTestSrc::new));
    }
}
