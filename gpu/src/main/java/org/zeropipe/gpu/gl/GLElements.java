package org.zeropipe.gpu.gl;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The GL elements, found through {@link java.util.ServiceLoader} when module gpu is on the class path. */
public final class GLElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("glupload", "uploads raw video to GL memory (PBO pool upstream)", GLUpload::new),
                new ElementFactory("gldownload", "downloads GL memory to system memory (pack PBO + fence)", GLDownload::new),
                new ElementFactory("glcolorconvert", "converts RGB, gray and YUV formats with shaders", GLColorConvert::new),
                new ElementFactory("glshader", "a user GLSL shader as a filter", GLShaderElement::new),
                new ElementFactory("gleffects", "invert, sepia, grayscale, mirror, blur on the GPU", GLEffects::new),
                new ElementFactory("gltestsrc", "videotestsrc patterns drawn on the GPU", GLTestSrc::new),
                new ElementFactory("glimagesink", "shows GL frames in an X11 window (offscreen without a display)", GLImageSink::new));
    }
}
