package org.zeropipe.gpu.gl;

import java.util.function.Function;

import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.StateChange;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.query.ContextQuery;
import org.zeropipe.core.query.Query;

/**
 * The GL context of one element, found the way GStreamer's {@code gst_gl_ensure_element_data}
 * finds it, at NULL→READY:
 * <ol>
 *   <li>a context set on the element ({@link Element#setContext}: by the application, or by a
 *       bin that saw another element's HAVE_CONTEXT);</li>
 *   <li>a {@link ContextQuery} to the peers of its pads (a neighbour that has one answers);</li>
 *   <li>a NEED_CONTEXT message (a bus sync handler may call {@code setContext} at once);</li>
 *   <li>else a new context on the display set on the element, or {@link GLDisplay#open()}'s,
 *       announced with HAVE_CONTEXT so the pipeline hands it to every other element.</li>
 * </ol>
 * The holder keeps one reference from {@link #acquire} to {@link #release}, and answers context
 * queries from neighbours while it has one.
 */
public final class GLContextHolder {

    private final Element element;
    private volatile GLContext context;

    public GLContextHolder(Element element) {
        this.element = element;
    }

    /** The context (null outside READY..PLAYING). */
    public GLContext context() {
        return context;
    }

    /** The context, or an error naming the element when it has none yet. */
    public GLContext require() {
        GLContext c = context;
        if (c == null) {
            throw new IllegalStateException(element.name() + " has no GL context (it is not READY yet)");
        }
        return c;
    }

    /**
     * Finds or makes the context (see the class comment); idempotent.
     *
     * @throws GLException when none exists and none can be made (no EGL)
     */
    public GLContext acquire() {
        GLContext c = context;
        if (c != null) {
            return c;
        }
        c = tryRef(element.context(GLContext.CONTEXT_TYPE));
        if (c == null) {
            ContextQuery q = new ContextQuery(GLContext.CONTEXT_TYPE);
            for (Pad p : element.pads()) {
                if (p.peerQuery(q)) {
                    c = tryRef(q.context());
                    if (c != null) {
                        break;
                    }
                }
            }
        }
        if (c == null) {
            element.postMessage(new Message.NeedContext(element, GLContext.CONTEXT_TYPE));
            c = tryRef(element.context(GLContext.CONTEXT_TYPE));
        }
        if (c == null) {
            Object d = element.context(GLDisplay.CONTEXT_TYPE);
            c = d instanceof GLDisplay display ? GLContext.create(display) : GLContext.create();
            element.setContext(GLContext.CONTEXT_TYPE, c);
            element.postMessage(new Message.HaveContext(element, GLContext.CONTEXT_TYPE, c));
        }
        context = c;
        return c;
    }

    private static GLContext tryRef(Object o) {
        if (o instanceof GLContext c) {
            try {
                return c.ref();
            } catch (IllegalStateException destroyed) {
                return null; // a context whose users all stopped: make a new one
            }
        }
        return null;
    }

    /**
     * Runs an element's state change with the context around it: acquired before NULL→READY
     * (a failure, e.g. no EGL, posts an ERROR naming the element and why and fails the
     * change), given back after READY→NULL. Use as
     * {@code return gl.changeState(transition, super::changeState);}.
     */
    public StateChangeReturn changeState(StateChange transition, Function<StateChange, StateChangeReturn> element) {
        if (transition == StateChange.NULL_TO_READY) {
            try {
                acquire();
            } catch (GLException e) {
                this.element.postError(this.element.name() + ": " + e.getMessage(), null, e);
                return StateChangeReturn.FAILURE;
            }
        }
        StateChangeReturn r = element.apply(transition);
        if (transition == StateChange.READY_TO_NULL) {
            release();
        }
        return r;
    }

    /** Gives the reference back (READY→NULL). */
    public void release() {
        GLContext c = context;
        context = null;
        if (c != null) {
            c.unref();
        }
    }

    /** Answers a neighbour's context query for a GL context; false for any other query. */
    public boolean answer(Query query) {
        GLContext c = context;
        if (query instanceof ContextQuery q && q.contextType().equals(GLContext.CONTEXT_TYPE) && c != null) {
            q.setContext(c);
            return true;
        }
        return false;
    }
}
