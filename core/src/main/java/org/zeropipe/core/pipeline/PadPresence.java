package org.zeropipe.core.pipeline;

/** When pads of a template exist: GStreamer's {@code GstPadPresence}. */
public enum PadPresence {
    /** Created with the element and always there. */
    ALWAYS,
    /** Appear when the element knows the stream (a demuxer's streams). */
    SOMETIMES,
    /** Created when the application asks ({@link Element#requestPad}), e.g. tee's src_%u. */
    REQUEST
}
