package org.zeropipe.core.trace;

import org.zeropipe.core.RefCounted;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.Query;

/**
 * Watches what a pipeline does, as GStreamer's tracers ({@code GstTracer} hooks): attach one
 * with {@link Tracers#attach} and override the hooks it needs; the others do nothing.
 *
 * <p>Tracers are process-wide, like {@code GST_TRACERS}: a tracer sees every pipeline of the
 * JVM; one that reports on a single pipeline filters by element (see {@link PipelineStats},
 * {@link LatencyTracer}). Hooks run on the thread doing the work (streaming threads, the
 * thread changing states, whoever frees a buffer), concurrently: they must be thread-safe,
 * quick, and must not throw, push, or change states. Objects passed in are borrowed for the
 * call: a tracer that keeps a buffer must not use it after the hook returned, except to
 * compare identities.
 *
 * <p>With no tracer attached every hook site costs one volatile read (see {@link Tracers}).
 */
public interface Tracer {

    /** A source pad is about to push {@code buffer} to its peer ({@code pad-push-pre}). */
    default void padPushPre(Pad pad, Buffer buffer) {
    }

    /** The push from {@code pad} returned {@code result} ({@code pad-push-post}). */
    default void padPushPost(Pad pad, FlowReturn result) {
    }

    /** {@code buffer} arrived at sink pad {@code pad}; its element's chain is next ({@code pad-chain-pre}). */
    default void padChainPre(Pad pad, Buffer buffer) {
    }

    /** The element's chain for sink pad {@code pad} returned {@code result} ({@code pad-chain-post}). */
    default void padChainPost(Pad pad, FlowReturn result) {
    }

    /** {@code event} is about to leave {@code pad} (downstream from a source pad, upstream from a sink pad). */
    default void padPushEventPre(Pad pad, Event event) {
    }

    /** {@code pad} is about to ask its peer {@code query} ({@code pad-query-pre}). */
    default void padQueryPre(Pad pad, Query query) {
    }

    /** The peer answered {@code query} asked from {@code pad}: {@code handled} ({@code pad-query-post}). */
    default void padQueryPost(Pad pad, Query query, boolean handled) {
    }

    /** {@code element} is about to make one state step ({@code element-change-state-pre}). */
    default void elementStateChangePre(Element element, StateChange transition) {
    }

    /** {@code element} made one state step with {@code result} ({@code element-change-state-post}). */
    default void elementStateChangePost(Element element, StateChange transition, StateChangeReturn result) {
    }

    /** A buffer, memory or buffer list was made ({@code mini-object-created}). */
    default void objectCreated(RefCounted object) {
    }

    /** A buffer, memory or buffer list was freed: its last reference went and it is not pooled ({@code mini-object-destroyed}). */
    default void objectFreed(RefCounted object) {
    }

    /** The memory model or a transfer element copied bytes; {@link CopyEvent#who()} names the element. */
    default void onCopy(CopyEvent event) {
    }
}
