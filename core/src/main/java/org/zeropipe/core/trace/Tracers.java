package org.zeropipe.core.trace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * The attached {@link Tracer}s, and the hook methods the runtime and the memory model call.
 *
 * <pre>{@code
 * try (Tracers.Attachment a = Tracers.attach(new LatencyTracer(pipeline))) { ... }
 * }</pre>
 *
 * <p>The list is a copy-on-write array in a volatile field: a hook site reads it once and
 * returns when it is empty, so with no tracer attached a hook costs one volatile load (a plain
 * load on x86 and ARM64) and allocates nothing. Attaching and detaching are rare.
 */
public final class Tracers {

    private static final Tracer[] NONE = new Tracer[0];
    private static volatile Tracer[] tracers = NONE;

    private Tracers() {
    }

    /** A registration; {@link #close} detaches the tracer. */
    public record Attachment(Tracer tracer) implements AutoCloseable {
        @Override
        public void close() {
            remove(tracer);
        }
    }

    /** Attaches {@code tracer} and returns a handle that detaches it. */
    public static Attachment attach(Tracer tracer) {
        add(tracer);
        return new Attachment(tracer);
    }

    /** Attaches a tracer; attaching the same one twice delivers each hook twice. */
    public static synchronized void add(Tracer tracer) {
        Objects.requireNonNull(tracer, "tracer");
        Tracer[] next = Arrays.copyOf(tracers, tracers.length + 1);
        next[next.length - 1] = tracer;
        tracers = next;
    }

    /** Detaches one registration of the tracer; returns whether it was attached. */
    public static synchronized boolean remove(Tracer tracer) {
        Tracer[] current = tracers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == tracer) {
                Tracer[] next = new Tracer[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                tracers = next.length == 0 ? NONE : next;
                return true;
            }
        }
        return false;
    }

    /** Whether any tracer is attached. */
    public static boolean active() {
        return tracers.length != 0;
    }

    /** The attached tracers, in attachment order. */
    public static List<Tracer> attached() {
        return List.of(tracers);
    }

    // ---------------------------------------------------------------------------------------
    // Hooks: called by Pad, Element, the memory model and CopyTracers. Each returns at once
    // when no tracer is attached.

    public static void padPushPre(Pad pad, Buffer buffer) {
        for (Tracer t : tracers) {
            t.padPushPre(pad, buffer);
        }
    }

    public static void padPushPost(Pad pad, FlowReturn result) {
        for (Tracer t : tracers) {
            t.padPushPost(pad, result);
        }
    }

    public static void padChainPre(Pad pad, Buffer buffer) {
        for (Tracer t : tracers) {
            t.padChainPre(pad, buffer);
        }
    }

    public static void padChainPost(Pad pad, FlowReturn result) {
        for (Tracer t : tracers) {
            t.padChainPost(pad, result);
        }
    }

    public static void padPushEventPre(Pad pad, Event event) {
        for (Tracer t : tracers) {
            t.padPushEventPre(pad, event);
        }
    }

    public static void padQueryPre(Pad pad, Query query) {
        for (Tracer t : tracers) {
            t.padQueryPre(pad, query);
        }
    }

    public static void padQueryPost(Pad pad, Query query, boolean handled) {
        for (Tracer t : tracers) {
            t.padQueryPost(pad, query, handled);
        }
    }

    public static void elementStateChangePre(Element element, StateChange transition) {
        for (Tracer t : tracers) {
            t.elementStateChangePre(element, transition);
        }
    }

    public static void elementStateChangePost(Element element, StateChange transition, StateChangeReturn result) {
        for (Tracer t : tracers) {
            t.elementStateChangePost(element, transition, result);
        }
    }

    public static void objectCreated(RefCounted object) {
        for (Tracer t : tracers) {
            t.objectCreated(object);
        }
    }

    public static void objectFreed(RefCounted object) {
        for (Tracer t : tracers) {
            t.objectFreed(object);
        }
    }

    static void copied(CopyEvent event) {
        for (Tracer t : tracers) {
            t.onCopy(event);
        }
    }

    /** The array itself, for {@link CopyTracers#record}'s early return (it must not allocate). */
    static Tracer[] current() {
        return tracers;
    }
}
