package org.zeropipe.v4l2;

import java.util.List;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** {@code v4l2sink}: its own provider, so that other v4l2 elements register without touching this file. */
public final class V4l2SinkElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("v4l2sink", "plays raw video on a V4L2 output device (mmap pool or DMABuf import)",
                V4l2Sink::new));
    }
}
