package org.zeropipe.core.trace;

import java.util.Objects;
import java.util.function.Consumer;

import org.zeropipe.core.RefCounted;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.Query;

/**
 * Writes one line per hook (GStreamer's {@code log} tracer): {@code launch --tracer log}. For
 * following what a small pipeline does; it formats a string per hook, so it is slow.
 */
public final class LogTracer implements Tracer {

    private final Consumer<String> out;

    /** Writes to standard error. */
    public LogTracer() {
        this(System.err::println);
    }

    public LogTracer(Consumer<String> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    private void log(String hook, String what) {
        out.accept(String.format(java.util.Locale.ROOT, "%.6f %s %s: %s", System.nanoTime() / 1e9, Thread.currentThread().getName(), hook,
                what));
    }

    @Override
    public void padPushPre(Pad pad, Buffer buffer) {
        log("pad-push-pre", pad.fullName() + " buffer pts=" + ClockTime.toString(buffer.pts()) + " size="
                + buffer.size());
    }

    @Override
    public void padPushPost(Pad pad, FlowReturn result) {
        log("pad-push-post", pad.fullName() + " " + result);
    }

    @Override
    public void padChainPre(Pad pad, Buffer buffer) {
        log("pad-chain-pre", pad.fullName() + " buffer pts=" + ClockTime.toString(buffer.pts()));
    }

    @Override
    public void padChainPost(Pad pad, FlowReturn result) {
        log("pad-chain-post", pad.fullName() + " " + result);
    }

    @Override
    public void padPushEventPre(Pad pad, Event event) {
        log("pad-push-event-pre", pad.fullName() + " " + event.typeName());
    }

    @Override
    public void padQueryPre(Pad pad, Query query) {
        log("pad-query-pre", pad.fullName() + " " + query.typeName());
    }

    @Override
    public void padQueryPost(Pad pad, Query query, boolean handled) {
        log("pad-query-post", pad.fullName() + " " + query.typeName() + (handled ? " handled" : " not handled"));
    }

    @Override
    public void elementStateChangePre(Element element, StateChange transition) {
        log("element-change-state-pre", element.name() + " " + transition);
    }

    @Override
    public void elementStateChangePost(Element element, StateChange transition, StateChangeReturn result) {
        log("element-change-state-post", element.name() + " " + transition + " " + result);
    }

    @Override
    public void objectCreated(RefCounted object) {
        log("object-created", object.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(object)));
    }

    @Override
    public void objectFreed(RefCounted object) {
        log("object-freed", object.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(object)));
    }

    @Override
    public void onCopy(CopyEvent event) {
        log("copy", event.who() + " " + event.bytes() + " bytes of " + event.memoryType() + " (" + event.reason() + ")");
    }
}
