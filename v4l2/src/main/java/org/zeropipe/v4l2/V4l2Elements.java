package org.zeropipe.v4l2;

import java.util.List;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The elements of module v4l2. */
public final class V4l2Elements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("v4l2src", "captures from a V4L2 device (mmap or DMABuf export)",
                V4l2Src::new));
    }
}
