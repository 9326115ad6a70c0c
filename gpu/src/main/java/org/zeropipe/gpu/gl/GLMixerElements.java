package org.zeropipe.gpu.gl;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** {@code glvideomixer}, found through {@link java.util.ServiceLoader} with module gpu. */
public final class GLMixerElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("glvideomixer",
                "composes GL inputs with per-pad position, size, alpha, zorder and blend", GLVideoMixer::new));
    }
}
