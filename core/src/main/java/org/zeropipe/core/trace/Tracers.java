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
 * load on x86 and ARM64) and allocates nothing. Attaching and detaching are rare. Each hook
 * calls only the tracers that override it (found by reflection when they are attached), so a
 * tracer that counts pushes does not make every chain call go through the others' no-ops.
 */
public final class Tracers {

    private static final Tracer[] NONE = new Tracer[0];
    private static volatile Tracer[] tracers = NONE;
    private static volatile Hooks hooks = new Hooks(NONE);

    /** Per hook, the attached tracers that override it. */
    private static final class Hooks {
        final Tracer[] pushPre;
        final Tracer[] pushPost;
        final Tracer[] chainPre;
        final Tracer[] chainPost;
        final Tracer[] event;
        final Tracer[] queryPre;
        final Tracer[] queryPost;
        final Tracer[] statePre;
        final Tracer[] statePost;
        final Tracer[] created;
        final Tracer[] freed;
        final Tracer[] copy;

        Hooks(Tracer[] all) {
            pushPre = overriding(all, "padPushPre", Pad.class, Buffer.class);
            pushPost = overriding(all, "padPushPost", Pad.class, FlowReturn.class);
            chainPre = overriding(all, "padChainPre", Pad.class, Buffer.class);
            chainPost = overriding(all, "padChainPost", Pad.class, FlowReturn.class);
            event = overriding(all, "padPushEventPre", Pad.class, Event.class);
            queryPre = overriding(all, "padQueryPre", Pad.class, Query.class);
            queryPost = overriding(all, "padQueryPost", Pad.class, Query.class, boolean.class);
            statePre = overriding(all, "elementStateChangePre", Element.class, StateChange.class);
            statePost = overriding(all, "elementStateChangePost", Element.class, StateChange.class,
                    StateChangeReturn.class);
            created = overriding(all, "objectCreated", RefCounted.class);
            freed = overriding(all, "objectFreed", RefCounted.class);
            copy = overriding(all, "onCopy", CopyEvent.class);
        }

        private static Tracer[] overriding(Tracer[] all, String hook, Class<?>... parameters) {
            return Arrays.stream(all).filter(t -> overrides(t, hook, parameters)).toArray(Tracer[]::new);
        }

        private static boolean overrides(Tracer t, String hook, Class<?>... parameters) {
            try {
                return t.getClass().getMethod(hook, parameters).getDeclaringClass() != Tracer.class;
            } catch (NoSuchMethodException e) {
                throw new AssertionError("Tracer has no hook " + hook, e);
            }
        }
    }

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
        set(next);
    }

    private static void set(Tracer[] all) {
        hooks = new Hooks(all); // before the list: a hook site that sees the tracer active finds its hooks
        tracers = all;
    }

    /** Detaches one registration of the tracer; returns whether it was attached. */
    public static synchronized boolean remove(Tracer tracer) {
        Tracer[] current = tracers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == tracer) {
                Tracer[] next = new Tracer[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                set(next.length == 0 ? NONE : next);
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
        for (Tracer t : hooks.pushPre) {
            t.padPushPre(pad, buffer);
        }
    }

    public static void padPushPost(Pad pad, FlowReturn result) {
        for (Tracer t : hooks.pushPost) {
            t.padPushPost(pad, result);
        }
    }

    public static void padChainPre(Pad pad, Buffer buffer) {
        for (Tracer t : hooks.chainPre) {
            t.padChainPre(pad, buffer);
        }
    }

    public static void padChainPost(Pad pad, FlowReturn result) {
        for (Tracer t : hooks.chainPost) {
            t.padChainPost(pad, result);
        }
    }

    public static void padPushEventPre(Pad pad, Event event) {
        for (Tracer t : hooks.event) {
            t.padPushEventPre(pad, event);
        }
    }

    public static void padQueryPre(Pad pad, Query query) {
        for (Tracer t : hooks.queryPre) {
            t.padQueryPre(pad, query);
        }
    }

    public static void padQueryPost(Pad pad, Query query, boolean handled) {
        for (Tracer t : hooks.queryPost) {
            t.padQueryPost(pad, query, handled);
        }
    }

    public static void elementStateChangePre(Element element, StateChange transition) {
        for (Tracer t : hooks.statePre) {
            t.elementStateChangePre(element, transition);
        }
    }

    public static void elementStateChangePost(Element element, StateChange transition, StateChangeReturn result) {
        for (Tracer t : hooks.statePost) {
            t.elementStateChangePost(element, transition, result);
        }
    }

    public static void objectCreated(RefCounted object) {
        for (Tracer t : hooks.created) {
            t.objectCreated(object);
        }
    }

    public static void objectFreed(RefCounted object) {
        for (Tracer t : hooks.freed) {
            t.objectFreed(object);
        }
    }

    static void copied(CopyEvent event) {
        for (Tracer t : hooks.copy) {
            t.onCopy(event);
        }
    }

    /** Whether a tracer watches copies, for {@link CopyTracers#record}'s early return (it must not allocate). */
    static boolean copiesWatched() {
        return hooks.copy.length != 0;
    }
}
