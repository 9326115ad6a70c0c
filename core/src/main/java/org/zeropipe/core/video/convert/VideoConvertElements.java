package org.zeropipe.core.video.convert;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The raw-video converters: videoconvert, videoscale, videocrop. */
public final class VideoConvertElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("videoconvert", "converts raw video between formats and colorimetries",
                        VideoConvert::new),
                new ElementFactory("videoscale", "resizes raw video (nearest-neighbour, bilinear)", VideoScale::new),
                new ElementFactory("videocrop", "crops raw video (VideoCropMeta when downstream takes it)",
                        VideoCrop::new));
    }
}
