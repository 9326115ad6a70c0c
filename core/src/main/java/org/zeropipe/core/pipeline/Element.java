package org.zeropipe.core.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.query.AcceptCapsQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.trace.CopyAttribution;
import org.zeropipe.core.trace.Tracers;

/**
 * A processing step of a pipeline: GStreamer's {@code GstElement} (design doc {@code states.md}).
 *
 * <p><b>States.</b> {@link #setState} walks one step at a time between NULL, READY, PAUSED and
 * PLAYING, calling {@link #changeState} for each step. The base implementation activates the pads
 * going READY→PAUSED and deactivates them (flushing, tasks joined) going PAUSED→READY; subclasses
 * open and close their resources around it. A step may answer {@link StateChangeReturn#ASYNC}
 * (a sink waiting for its first buffer): going up, the walk stops there and continues when the
 * element calls {@link #commitAsync()}; going down, the step counts as done (as
 * {@code gst_element_change_state}). A step that fails going up stops the walk; one that fails
 * going down is reported (ERROR, FAILURE returned) but the walk goes on, so shutting down always
 * reaches the target and joins every streaming thread. One lock serializes {@code setState} calls; commits from
 * streaming threads never take it, and the walk continues on a separate thread, so a streaming
 * thread never waits for a state change.
 *
 * <p><b>Data.</b> Subclasses override {@link #chain}, {@link #handleEvent} and
 * {@link #handleQuery}; the defaults forward events and queries to the other side, and answer
 * caps queries with the pad's template caps.
 *
 * <p><b>Errors.</b> Run-time failures go to {@link #postError}: an ERROR message on the bus with
 * this element as source.
 */
public abstract class Element {

    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();

    private final String name;
    private final List<Pad> pads = new CopyOnWriteArrayList<>();
    private final List<PadListener> padListeners = new CopyOnWriteArrayList<>();
    private volatile Bin parent;

    // STATE_LOCK: one setState at a time. objLock guards the fields below it.
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Object objLock = new Object();
    private State current = State.NULL;
    private State next = State.NULL;
    private State target = State.NULL;
    private boolean asyncPending;
    private StateChangeReturn lastReturn = StateChangeReturn.SUCCESS;
    private long generation;
    private boolean failPending; // an ERROR arrived while a change was under way
    // A step's changeState is running (set before it is called, cleared when walk has recorded its
    // result): a commitAsync in that window cannot find asyncPending set yet and is recorded in
    // earlyCommit instead, which walk reads in the same lock as it would set asyncPending.
    private boolean stepping;
    private boolean earlyCommit;

    private final PropertySet properties = new PropertySet(() -> factoryName() + " " + name());
    private volatile Clock clock;
    private volatile long baseTime;
    private volatile Bus bus;

    /** @param name the element's name; {@code null} makes one from the factory name and a counter */
    // Pads and properties are registered with this element while it is built; nothing calls
    // back into the subclass before its constructor ran, except factoryName() (a constant).
    @SuppressWarnings("this-escape")
    protected Element(String name) {
        this.name = name != null ? name : autoName(factoryName());
    }

    private static String autoName(String factory) {
        return factory + NAME_COUNTERS.computeIfAbsent(factory, k -> new AtomicInteger()).getAndIncrement();
    }

    public final String name() {
        return name;
    }

    /** The element kind, as in a pipeline description ({@code "fakesrc"}). Default: the class name in lower case. */
    public String factoryName() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** The bin holding this element, or {@code null}. */
    public Bin parent() {
        return parent;
    }

    void setParent(Bin bin) {
        if (bin != null && parent != null) {
            throw new IllegalStateException(name + " is already in bin " + parent.name());
        }
        parent = bin;
    }

    /** Whether the element consumes the stream (posts EOS, prerolls). */
    public boolean isSink() {
        return false;
    }

    /** Whether the element produces the stream. */
    public boolean isSource() {
        return false;
    }

    // ---------------------------------------------------------------------------------------
    // Shared contexts (GStreamer's GstContext: a GL display, …), keyed by context type

    private final Map<String, Object> contexts = new ConcurrentHashMap<>();

    /**
     * Gives this element a shared context of {@code contextType} (the application's, or one a
     * bin passes down from a HAVE_CONTEXT message). An element that uses it reads it back
     * with {@link #context}; a bin also hands it to its children.
     */
    public void setContext(String contextType, Object context) {
        contexts.put(Objects.requireNonNull(contextType, "contextType"), Objects.requireNonNull(context, "context"));
    }

    /** The context of {@code contextType} set on this element, or {@code null}. */
    public final Object context(String contextType) {
        return contexts.get(contextType);
    }

    /** Every context set on this element, by type (a snapshot). */
    protected final Map<String, Object> contexts() {
        return Map.copyOf(contexts);
    }

    // ---------------------------------------------------------------------------------------
    // Properties

    /** Declares a property (in a constructor); {@code onChange} runs after each set, may be null. */
    protected final <T> Property<T> declare(PropertySpec<T> spec, Runnable onChange) {
        return properties.declare(spec, onChange);
    }

    protected final <T> Property<T> declare(PropertySpec<T> spec) {
        return declare(spec, null);
    }

    /** The specs of this element's properties, in declaration order. */
    public final List<PropertySpec<?>> propertySpecs() {
        return properties.specs();
    }

    /** Sets a property by name, checking type and range. Returns this element. */
    public final Element set(String propertyName, Object value) {
        properties.set(propertyName, value);
        return this;
    }

    /** Sets a property from its text form (as a pipeline description writes it). */
    public final Element setFromString(String propertyName, String text) {
        properties.setFromString(propertyName, text);
        return this;
    }

    /** A property's value by name. */
    public final Object get(String propertyName) {
        return properties.get(propertyName);
    }

    // ---------------------------------------------------------------------------------------
    // Pads

    /** Adds a pad; its name must be unique in this element. */
    public final void addPad(Pad pad) {
        Objects.requireNonNull(pad, "pad");
        synchronized (pads) {
            if (staticPad(pad.name()) != null) {
                throw new IllegalArgumentException(name + " already has a pad named " + pad.name());
            }
            pad.setElement(this);
            pads.add(pad);
        }
        State s = currentState();
        if (s == State.PAUSED || s == State.PLAYING) {
            pad.setActive(true);
        }
        for (PadListener l : padListeners) {
            l.padAdded(this, pad);
        }
    }

    /** Adds a listener told about pads added and removed from now on. */
    public final void addPadListener(PadListener listener) {
        padListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public final void removePadListener(PadListener listener) {
        padListeners.remove(listener);
    }

    /** Removes a pad: unlinks and deactivates it. */
    public final void removePad(Pad pad) {
        if (!pads.contains(pad)) {
            throw new IllegalArgumentException(pad + " is not a pad of " + name);
        }
        pad.unlink();
        pad.setActive(false);
        pads.remove(pad);
        for (PadListener l : padListeners) {
            l.padRemoved(this, pad);
        }
    }

    /** All pads, in the order added (a snapshot). */
    public final List<Pad> pads() {
        return List.copyOf(pads);
    }

    public final List<Pad> srcPads() {
        List<Pad> r = new ArrayList<>();
        for (Pad p : pads) {
            if (p.isSrc()) {
                r.add(p);
            }
        }
        return r;
    }

    public final List<Pad> sinkPads() {
        List<Pad> r = new ArrayList<>();
        for (Pad p : pads) {
            if (p.isSink()) {
                r.add(p);
            }
        }
        return r;
    }

    /** The pad named {@code padName}, or {@code null}. */
    public final Pad staticPad(String padName) {
        for (Pad p : pads) {
            if (p.name().equals(padName)) {
                return p;
            }
        }
        return null;
    }

    /** The pad templates of this element (for request pads and the registry). */
    public List<PadTemplate> padTemplates() {
        return List.of();
    }

    /**
     * Makes a new pad from a REQUEST template ({@code "src_%u"}), or throws if the element has none.
     */
    public Pad requestPad(String templateName) {
        throw new UnsupportedOperationException(name + " (" + factoryName() + ") has no request pads");
    }

    /**
     * Makes a new pad from a REQUEST template, named {@code padName} ({@code "src_5"} for
     * {@code "src_%u"}), as {@code gst_element_request_pad} with a name; {@code null} lets the
     * element choose ({@link #requestPad(String)}). Elements that cannot name their request
     * pads throw {@link UnsupportedOperationException} for a name.
     *
     * @throws IllegalArgumentException if the name does not fit the template or is taken
     */
    public Pad requestPad(String templateName, String padName) {
        if (padName == null) {
            return requestPad(templateName);
        }
        throw new UnsupportedOperationException(name + " (" + factoryName() + ") cannot name its request pads");
    }

    /** Gives back a pad from {@link #requestPad}. */
    public void releaseRequestPad(Pad pad) {
        removePad(pad);
    }

    /** Links this element's first free source pad to {@code downstream}'s first free sink pad; returns downstream. */
    public final Element link(Element downstream) {
        Pad src = null;
        for (Pad p : srcPads()) {
            if (!p.isLinked()) {
                src = p;
                break;
            }
        }
        if (src == null) {
            src = tryRequest(this, PadDirection.SRC);
        }
        Pad sink = null;
        for (Pad p : downstream.sinkPads()) {
            if (!p.isLinked()) {
                sink = p;
                break;
            }
        }
        if (sink == null) {
            sink = tryRequest(downstream, PadDirection.SINK);
        }
        if (src == null || sink == null) {
            throw new PadLinkException(PadLinkException.Reason.WAS_LINKED, "cannot link " + name + " to "
                    + downstream.name() + ": " + (src == null ? name + " has no free source pad"
                    : downstream.name() + " has no free sink pad"));
        }
        src.link(sink);
        return downstream;
    }

    /**
     * Links this element to {@code downstream} through a {@code capsfilter} with {@code filter}
     * ({@code gst_element_link_filtered}), added to the same bin and named after both; a null
     * filter links directly. Returns downstream.
     *
     * @throws PadLinkException when a link fails (the capsfilter is removed again)
     */
    public final Element link(Element downstream, Caps filter) {
        if (filter == null) {
            return link(downstream);
        }
        Bin bin = parent;
        if (bin == null || downstream.parent() != bin) {
            throw new PadLinkException(PadLinkException.Reason.WRONG_HIERARCHY, "cannot link " + name + " to "
                    + downstream.name() + " with a filter: both must be in the same bin");
        }
        Element capsfilter = ElementRegistry.make("capsfilter", name + "-" + downstream.name() + "-filter");
        capsfilter.set("caps", filter);
        bin.add(capsfilter);
        try {
            link(capsfilter).link(downstream);
        } catch (RuntimeException e) {
            for (Pad p : capsfilter.pads()) {
                p.unlink();
            }
            bin.remove(capsfilter);
            throw e;
        }
        State s = bin.currentState();
        if (s != State.NULL) {
            capsfilter.syncStateWithParent();
        }
        return downstream;
    }

    private static Pad tryRequest(Element e, PadDirection dir) {
        for (PadTemplate t : e.padTemplates()) {
            if (t.direction() == dir && t.presence() == PadPresence.REQUEST) {
                return e.requestPad(t.nameTemplate());
            }
        }
        return null;
    }

    /** Links a chain of elements in order. */
    public static void linkMany(Element first, Element... rest) {
        Element e = first;
        for (Element r : rest) {
            e = e.link(r);
        }
    }

    // ---------------------------------------------------------------------------------------
    // States

    /** The current state. */
    public final State currentState() {
        synchronized (objLock) {
            return current;
        }
    }

    /**
     * Brings this element to its parent's state (its target, if the parent is changing), for
     * elements added to a running pipeline (GStreamer's {@code gst_element_sync_state_with_parent}).
     * Add and link the element first, downstream elements before upstream ones.
     */
    public final StateChangeReturn syncStateWithParent() {
        Bin p = parent;
        if (p == null) {
            throw new IllegalStateException(name + " has no parent to sync its state with");
        }
        Clock c = p.clock();
        if (c != null) {
            setClock(c);
            setBaseTime(p.baseTime());
        }
        return setState(p.targetState());
    }

    /** The state the last {@link #setState} asked for. */
    public final State targetState() {
        synchronized (objLock) {
            return target;
        }
    }

    /**
     * Changes the state, one step at a time, and returns how it went: SUCCESS, ASYNC (it completes
     * later; {@link #getState} waits), NO_PREROLL (live) or FAILURE (an ERROR was posted).
     */
    public final StateChangeReturn setState(State newTarget) {
        Objects.requireNonNull(newTarget, "state");
        stateLock.lock();
        try {
            long gen;
            synchronized (objLock) {
                gen = ++generation;
                failPending = false;
            }
            return walk(newTarget, gen);
        } finally {
            stateLock.unlock();
        }
    }

    private StateChangeReturn walk(State newTarget, long gen) {
        State cur;
        synchronized (objLock) {
            if (gen != generation) {
                return lastReturn;
            }
            target = newTarget;
            if (asyncPending) {
                if (next.ordinal() > current.ordinal() && newTarget.ordinal() >= next.ordinal()) {
                    // Still going up: the commit continues to the new target.
                    return StateChangeReturn.ASYNC;
                }
                // Abort the async change: the element is (as far as its pads go) in the next state.
                asyncPending = false;
                current = next;
            }
            cur = current;
            if (cur == newTarget) {
                lastReturn = StateChangeReturn.SUCCESS;
                objLock.notifyAll();
            }
        }
        StateChangeReturn overall = StateChangeReturn.SUCCESS;
        boolean downFailed = false;
        while (cur != newTarget) {
            State step = cur.stepTowards(newTarget);
            StateChange transition = StateChange.of(cur, step);
            synchronized (objLock) {
                next = step;
                stepping = true;
                earlyCommit = false;
            }
            StateChangeReturn ret;
            String previous = CopyAttribution.enter(name);
            try {
                Tracers.elementStateChangePre(this, transition);
                ret = changeState(transition);
            } catch (RuntimeException e) {
                postError("state change " + transition + " failed: " + e.getMessage(), null, e);
                ret = StateChangeReturn.FAILURE;
            } finally {
                CopyAttribution.exit(previous);
            }
            Tracers.elementStateChangePost(this, transition, ret);
            if (ret == null) {
                synchronized (objLock) {
                    stepping = false;
                }
                throw new NullPointerException("changeState returned null");
            }
            boolean committedEarly = false;
            synchronized (objLock) {
                stepping = false;
                if (transition.isUpward() && ret != StateChangeReturn.FAILURE && failPending) {
                    ret = StateChangeReturn.FAILURE; // a child failed while we were changing
                }
                if (ret == StateChangeReturn.ASYNC) {
                    if (earlyCommit) {
                        // The element committed (prerolled) before changeState returned: the
                        // step is done; the commit must not be lost.
                        committedEarly = true;
                        ret = StateChangeReturn.SUCCESS;
                    } else {
                        // Set in the same lock that commitAsync takes, so a commit from now on
                        // finds it.
                        asyncPending = true;
                        if (transition.isUpward()) {
                            lastReturn = StateChangeReturn.ASYNC;
                        } else {
                            current = step; // the step down counts as done, the preroll is owed
                            next = step;
                        }
                    }
                }
                earlyCommit = false;
            }
            if (ret == StateChangeReturn.FAILURE && !transition.isUpward()) {
                // Going down never stops: the failure is reported, but the element counts as
                // having reached the lower state, so a shutdown always completes.
                commitStep(transition, newTarget);
                downFailed = true;
                cur = step;
                continue;
            }
            switch (ret) {
                case FAILURE -> {
                    synchronized (objLock) {
                        next = current;
                        lastReturn = StateChangeReturn.FAILURE;
                        objLock.notifyAll();
                    }
                    return StateChangeReturn.FAILURE;
                }
                case ASYNC -> {
                    if (transition.isUpward()) {
                        postMessage(new Message.AsyncStart(this));
                        asyncStarted();
                        return StateChangeReturn.ASYNC;
                    }
                    // Downwards the step counts as done; the element still owes a preroll
                    // (asyncPending was set above, and a commit may already have paid it).
                    commitStep(transition, newTarget);
                    overall = StateChangeReturn.ASYNC;
                    if (step == newTarget) {
                        asyncStarted(); // a child may have prerolled again already
                    }
                }
                case NO_PREROLL -> {
                    commitStep(transition, newTarget);
                    overall = StateChangeReturn.NO_PREROLL;
                }
                case SUCCESS -> {
                    commitStep(transition, newTarget);
                    if (committedEarly) {
                        postMessage(new Message.AsyncDone(this));
                    }
                    overall = StateChangeReturn.SUCCESS; // the last step's result counts
                }
            }
            cur = step;
            if (overall == StateChangeReturn.ASYNC && cur != newTarget) {
                // Going further down aborts the owed preroll.
                synchronized (objLock) {
                    asyncPending = false;
                }
                overall = StateChangeReturn.SUCCESS;
            }
        }
        if (downFailed) {
            overall = StateChangeReturn.FAILURE;
        }
        synchronized (objLock) {
            lastReturn = overall;
            objLock.notifyAll();
        }
        return overall;
    }

    private void commitStep(StateChange transition, State finalTarget) {
        synchronized (objLock) {
            current = transition.next();
            next = current;
            objLock.notifyAll();
        }
        postMessage(new Message.StateChanged(this, transition.current(), transition.next(),
                transition.next() == finalTarget ? transition.next() : finalTarget));
    }

    /**
     * Completes an ASYNC state change (a sink got its preroll buffer): the element reaches the
     * state it was heading to, posts STATE_CHANGED and ASYNC_DONE, and, if its target lies
     * further, continues there on another thread. Does nothing if no change is pending (it was
     * aborted). Safe to call from a streaming thread.
     */
    protected final void commitAsync() {
        State old;
        State now;
        State tgt;
        long gen;
        synchronized (objLock) {
            if (!asyncPending) {
                if (stepping) {
                    // The step that will return ASYNC is still running: walk sees this and
                    // completes the step itself (it would otherwise wait for this commit forever).
                    earlyCommit = true;
                }
                return;
            }
            old = current;
            current = next;
            now = current;
            asyncPending = false;
            lastReturn = StateChangeReturn.SUCCESS;
            tgt = target;
            gen = generation;
            objLock.notifyAll();
        }
        if (old != now) {
            postMessage(new Message.StateChanged(this, old, now, tgt));
        }
        postMessage(new Message.AsyncDone(this));
        if (tgt != now) {
            continueStateLater(gen);
        }
    }

    /**
     * Fails an ASYNC state change (the preroll failed): {@link #getState} reports FAILURE.
     */
    protected final void abortAsync() {
        synchronized (objLock) {
            if (!asyncPending) {
                return;
            }
            asyncPending = false;
            next = current;
            lastReturn = StateChangeReturn.FAILURE;
            objLock.notifyAll();
        }
    }

    /**
     * An ERROR was posted inside this element (a bin's child): if a state change is under way,
     * it fails, as GStreamer's bin fails its pending state on ERROR.
     */
    final void failPendingChange() {
        synchronized (objLock) {
            if (!asyncPending && next == current) {
                return;
            }
            failPending = true;
            if (asyncPending) {
                asyncPending = false;
                next = current;
                lastReturn = StateChangeReturn.FAILURE;
                objLock.notifyAll();
            }
        }
    }

    /** Whether an ASYNC change is under way (or a preroll is owed after a downward step). */
    protected final boolean isAsyncPending() {
        synchronized (objLock) {
            return asyncPending;
        }
    }

    /** Marks that this element owes a preroll in its current state (a sink that lost it). */
    protected final void markAsyncPending() {
        synchronized (objLock) {
            asyncPending = true;
            next = current;
            lastReturn = StateChangeReturn.ASYNC;
        }
    }

    /** Called after an upward step went ASYNC (a bin checks whether its children already finished). */
    void asyncStarted() {
    }

    /** Continues towards the target on a short-lived thread, unless a newer setState came first. */
    final void continueStateLater(long gen) {
        Thread.ofPlatform().daemon().name(name + ":state").start(() -> {
            stateLock.lock();
            try {
                State tgt;
                synchronized (objLock) {
                    if (gen != generation) {
                        return;
                    }
                    tgt = target;
                }
                walk(tgt, gen);
            } finally {
                stateLock.unlock();
            }
        });
    }

    /**
     * Waits at most {@code timeout} for a pending state change to complete, and returns the
     * result with the current and pending state.
     */
    public final StateResult getState(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (objLock) {
            while (true) {
                boolean done = lastReturn == StateChangeReturn.FAILURE || (!asyncPending && current == target);
                if (done) {
                    return new StateResult(lastReturn == StateChangeReturn.ASYNC ? StateChangeReturn.SUCCESS : lastReturn,
                            current, current);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new StateResult(StateChangeReturn.ASYNC, current, target);
                }
                try {
                    objLock.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new StateResult(StateChangeReturn.ASYNC, current, target);
                }
            }
        }
    }

    /**
     * Performs one state step. The base implementation activates all pads (source pads first)
     * going READY→PAUSED and deactivates them going PAUSED→READY. Subclasses open resources
     * before calling it going up and close them after it going down.
     */
    protected StateChangeReturn changeState(StateChange transition) {
        switch (transition) {
            case READY_TO_PAUSED -> activatePads(true);
            case PAUSED_TO_READY -> activatePads(false);
            default -> {
            }
        }
        return StateChangeReturn.SUCCESS;
    }

    /** Activates or deactivates every pad: source pads first, then sink pads (as gstelement.c). */
    protected final void activatePads(boolean active) {
        for (Pad p : srcPads()) {
            p.setActive(active);
        }
        for (Pad p : sinkPads()) {
            p.setActive(active);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Clock

    public final Clock clock() {
        return clock;
    }

    /** Sets the clock (the pipeline distributes one before PLAYING). */
    public void setClock(Clock newClock) {
        clock = newClock;
    }

    /** The clock time at which running time 0 is: running time = clock time - base time. */
    public final long baseTime() {
        return baseTime;
    }

    public void setBaseTime(long time) {
        baseTime = time;
    }

    /** The clock this element provides (a live source's or an audio sink's), or {@code null}. */
    public Clock provideClock() {
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Messages

    /** Sets the bus this element posts to when it has no parent (the pipeline's own). */
    final void setBus(Bus b) {
        bus = b;
    }

    /** The bus messages end up on (the top-level bin's), or {@code null}. */
    public Bus bus() {
        Bin p = parent;
        return p != null ? p.bus() : bus;
    }

    /** Posts a message towards the application: through the parent bins, then the bus. */
    public void postMessage(Message message) {
        Bin p = parent;
        if (p != null) {
            p.handleChildMessage(message);
            return;
        }
        Bus b = bus;
        if (b != null) {
            b.post(message);
        }
    }

    /**
     * Says that this sink's EOS no longer holds (a flush went through it): the bins above
     * forget that it reached EOS, so the pipeline's EOS waits for it again, whoever flushed.
     */
    protected final void eosReset() {
        Bin p = parent;
        if (p != null) {
            p.childEosReset(this);
        }
    }

    /**
     * Asks the top-level pipeline to start its running time again at 0 now (GStreamer's
     * RESET_TIME, which a sink posts on a flush-stop with {@code resetTime}): after a flushing
     * seek the new segment's running time 0 is the present, not the past.
     */
    protected final void resetTime() {
        Bin p = parent;
        if (p != null) {
            p.childResetTime();
        }
    }

    /** Posts an ERROR message naming this element. */
    public final void postError(String text, String debug, Throwable cause) {
        postMessage(new Message.Error(this, text, debug, cause));
    }

    /** Posts a WARNING message naming this element. */
    public final void postWarning(String text, String debug) {
        postMessage(new Message.Warning(this, text, debug));
    }

    /**
     * Asks this element a query from the application (position, duration, latency …): its own
     * source pads first, then its sink pads, as if the query arrived there. A bin asks its sinks.
     */
    public boolean query(Query q) {
        for (Pad p : srcPads()) {
            if (p.query(q)) {
                return true;
            }
        }
        for (Pad p : sinkPads()) {
            if (p.query(q)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends an event into this element from the application: upstream events (seek,
     * reconfigure) leave through its sink pads, downstream ones (EOS, flush) through its
     * source pads. A bin sends upstream events to its sinks, downstream ones to its sources.
     */
    public boolean sendEvent(Event event) {
        boolean any = false;
        for (Pad p : event.isUpstream() ? sinkPads() : srcPads()) {
            any |= p.pushEvent(event);
        }
        return any;
    }

    // ---------------------------------------------------------------------------------------
    // Data, events and queries (pads call these)

    /**
     * Handles a buffer arriving at sink pad {@code pad}; owns {@code buffer}. Called on the
     * streaming thread under the pad's stream lock.
     */
    protected FlowReturn chain(Pad pad, Buffer buffer) {
        buffer.unref();
        postError(name + " (" + factoryName() + ") cannot take buffers on " + pad.name(), null, null);
        return FlowReturn.ERROR;
    }

    /** Handles an event arriving at {@code pad}. Default: {@link #forwardEvent}. */
    protected boolean handleEvent(Pad pad, Event event) {
        return forwardEvent(pad, event);
    }

    /**
     * Stores a sticky event on one of this element's source pads as pending, without sending it:
     * the pad sends it before its next buffer or serialized event (GStreamer's
     * {@code gst_pad_store_sticky_event}). A queue flushing its content keeps the sticky events it
     * held this way, so downstream still gets the caps upstream renegotiated to.
     */
    protected final void storeStickyEvent(Pad srcPad, Event event) {
        if (srcPad.element() != this) {
            throw new IllegalArgumentException(srcPad + " is not a pad of " + name);
        }
        srcPad.storeSticky(Objects.requireNonNull(event, "event"));
    }

    /**
     * Pushes an event that arrived at {@code pad} out of every pad on the other side; true if
     * there is none or one of them handled it (as {@code gst_pad_event_default}).
     */
    protected final boolean forwardEvent(Pad pad, Event event) {
        boolean any = false;
        boolean result = false;
        for (Pad p : pads) {
            if (p.direction() != pad.direction()) {
                any = true;
                result |= p.pushEvent(event);
            }
        }
        return !any || result;
    }

    /**
     * Answers a query arriving at {@code pad}. Default: caps queries get the template caps
     * (or the current caps when set), accept-caps checks against them, everything else is
     * {@linkplain #forwardQuery forwarded}.
     */
    protected boolean handleQuery(Pad pad, Query query) {
        return switch (query) {
            case CapsQuery q -> {
                Caps c = pad.currentCaps();
                q.setResult(c != null && fixedCaps(pad) ? c : pad.templateCaps());
                yield true;
            }
            case AcceptCapsQuery q -> {
                q.setResult(q.caps().isSubsetOf(pad.queryCaps(null)));
                yield true;
            }
            default -> forwardQuery(pad, query);
        };
    }

    /** Whether {@code pad} answers caps queries with its current caps once set (fixed caps). */
    protected boolean fixedCaps(Pad pad) {
        return false;
    }

    /** Asks the peers of the pads on the other side; true at the first that answers. */
    protected final boolean forwardQuery(Pad pad, Query query) {
        for (Pad p : pads) {
            if (p.direction() != pad.direction() && p.peerQuery(query)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answers a caps query at {@code pad} by asking the peers on the other side, through both
     * template caps (GStreamer's {@code gst_pad_proxy_query_caps}): for elements that do not
     * change the format.
     */
    protected final boolean proxyCapsQuery(Pad pad, CapsQuery query) {
        Caps filter = query.filter();
        Caps tmpl = pad.templateCaps();
        Caps f = filter == null ? tmpl : filter.intersect(tmpl, IntersectMode.FIRST);
        Caps result = tmpl;
        for (Pad p : pads) {
            if (p.direction() != pad.direction()) {
                Caps other = p.peerQueryCaps(f.intersect(p.templateCaps(), IntersectMode.FIRST));
                result = result.intersect(other, IntersectMode.FIRST);
            }
        }
        query.setResult(result.intersect(tmpl, IntersectMode.FIRST));
        return true;
    }

    /** Called when a pad of this element is (de)activated: start tasks, or wake blocked threads. */
    protected void padActivation(Pad pad, boolean active) {
    }

    @Override
    public String toString() {
        return factoryName() + "[" + name + ", " + currentState() + "]";
    }
}
