package org.zeropipe.core.video.compositor;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The CPU video mixer: compositor. */
public final class CompositorElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(new ElementFactory("compositor", "Filter/Editor/Video/Compositor",
                "composes several raw video inputs into one picture (CPU)",
                "An aggregator (request pads sink_%u with xpos, ypos, width, height, alpha, operator, zorder): "
                        + "background, then each input in zorder, GStreamer's arithmetic for RGBA, BGRA, ARGB, ABGR "
                        + "and I420. SystemMemory in and out; proposes a pool and VideoMeta upstream, draws into "
                        + "downstream's pool. Drawing is rendering, not a copy; a single opaque input covering the "
                        + "whole output goes downstream as it is.",
                Compositor::new));
    }
}
