package org.zeropipe.core.pipeline;

/**
 * Told when an element gains or loses a pad (GStreamer's {@code pad-added} and
 * {@code pad-removed} signals): how an application or the launch parser links a SOMETIMES pad
 * (a demuxer's stream) once it exists. Called on the thread that added the pad, often a
 * streaming thread, after the pad was added (and activated if the element is running).
 */
public interface PadListener {

    void padAdded(Element element, Pad pad);

    default void padRemoved(Element element, Pad pad) {
    }
}
