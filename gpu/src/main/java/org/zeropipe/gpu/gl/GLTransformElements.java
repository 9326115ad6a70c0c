package org.zeropipe.gpu.gl;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** {@code gltransformation} (crop, scale, rotate, translate on the GPU), found through {@link java.util.ServiceLoader}. */
public final class GLTransformElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("gltransformation",
                "crops, scales, rotates and translates video on the GPU (GStreamer's gltransformation + crop)",
                GLTransformation::new));
    }
}
