package org.zeropipe.core.video.convert;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The raw-video converters: videoconvert, videoscale, videocrop. */
public final class VideoConvertElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("videoconvert", "Filter/Converter/Video",
                        "converts raw video between formats and colorimetries",
                        "Converts between the 20 raw formats, colorimetries and chroma sitings with GStreamer's "
                                + "arithmetic (within one step of its videoconvert). SystemMemory in and out; equal "
                                + "caps are passthrough; converting computes new pixels (no copy), a same-format "
                                + "conversion that changes no pixel is a row copy the tracer reports (ROW_COPY).",
                        VideoConvert::new),
                new ElementFactory("videoscale", "Filter/Converter/Video/Scaler",
                        "resizes raw video (nearest-neighbour, bilinear)",
                        "Resizes raw video, format kept, sampling at pixel centres. SystemMemory in and out; "
                                + "equal caps are passthrough; scaling computes new pixels (no copy).",
                        VideoScale::new),
                new ElementFactory("videocrop", "Filter/Effect/Video",
                        "crops raw video (VideoCropMeta when downstream takes it)",
                        "Removes top/bottom/left/right pixels. SystemMemory in and out. When downstream accepts "
                                + "VideoCropMeta the buffer goes on uncopied with a VideoMeta and a VideoCropMeta; "
                                + "otherwise the visible rows are copied (CROP_COPY: downstream does not accept "
                                + "VideoCropMeta).",
                        VideoCrop::new));
    }
}
