package org.zeropipe.core.pipeline;

import java.util.List;

/**
 * A set of element factories found through {@link java.util.ServiceLoader}, like a GStreamer
 * plugin: a module lists its provider in
 * {@code META-INF/services/org.zeropipe.core.pipeline.ElementProvider}, and putting the module
 * on the class path makes its elements available by name.
 */
public interface ElementProvider {

    /** The factories this provider offers. */
    List<ElementFactory> factories();
}
