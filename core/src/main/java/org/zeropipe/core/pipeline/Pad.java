package org.zeropipe.core.pipeline;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.query.AcceptCapsQuery;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.core.query.Query;
import org.zeropipe.core.trace.CopyAttribution;
import org.zeropipe.core.trace.CopyTracers;
import org.zeropipe.core.trace.Tracers;

/**
 * A connection point of an {@link Element}: GStreamer's {@code GstPad} in push mode (design
 * docs {@code pads.md}, {@code events.md}, {@code scheduling.md}).
 *
 * <p><b>Data flow.</b> The element pushes a buffer out of its source pad with {@link #push};
 * the peer sink pad hands it to its element's {@link Element#chain} on the pusher's thread, under
 * the sink pad's <em>stream lock</em>, with {@link CopyAttribution} set to that element's name.
 * Pushing hands over the caller's reference in every case: a refused buffer is released.
 *
 * <p><b>Flushing.</b> An inactive pad is flushing: data and serialized events are refused with
 * {@link FlowReturn#FLUSHING}. {@link #setActive(boolean) Deactivating} sets flushing, lets the
 * element wake whatever its streaming thread waits on, then takes the stream lock once, which
 * waits for the streaming thread to leave the element, and stops the pad's task.
 *
 * <p><b>Sticky events.</b> A source pad keeps the last stream-start, caps, segment and EOS it
 * pushed; each is marked pending until its peer accepts it, and pending ones are sent, in order,
 * before the next buffer or serialized event (so a pad linked late still gets them). A pad that
 * saw EOS refuses data with {@link FlowReturn#EOS} until a flush-stop.
 *
 * <p><b>Properties.</b> A pad may have properties of its own (an aggregator's request pads
 * declare {@code xpos}, {@code alpha}, …): a subclass declares them with {@link #declare} in its
 * constructor; {@link #set}, {@link #setFromString} and {@link #get} work as on an element, and
 * the launch syntax reaches them as {@code element::pad::property} ({@code sink_0::xpos=10}).
 * Subclasses add state and properties only: the data flow above is not theirs to change.
 */
public class Pad {

    private static final int STICKY_KINDS = 4;
    private static final int RANK_SEGMENT = 2;
    private static final int RANK_EOS = 3;

    private final String name;
    private final PadDirection direction;
    private final PadTemplate template;
    private volatile Element element;
    private volatile Pad peer;

    private final ReentrantLock streamLock = new ReentrantLock();
    private final Object lock = new Object();
    private final Event[] sticky = new Event[STICKY_KINDS];
    // Bit i: sticky[i] is still to be sent to the peer. Written under lock; volatile so that a
    // push can see "nothing pending" (the usual case) without taking the lock.
    private volatile int stickyPending;
    private volatile boolean flushing = true;
    private volatile boolean active;
    private volatile boolean eos;
    private volatile boolean needReconfigure = true;
    private volatile Caps currentCaps;
    private volatile PadTask task;

    private record ProbeEntry(long id, java.util.Set<PadProbe.Type> types, boolean blocking, PadProbe probe,
                              java.util.concurrent.atomic.AtomicBoolean fired) {
        boolean isIdle() {
            return types.contains(PadProbe.Type.IDLE);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong PROBE_IDS = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.List<ProbeEntry> probes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ReentrantLock probeLock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition probeRemoved = probeLock.newCondition();
    private final PropertySet properties = new PropertySet(() -> "pad " + fullName());

    public Pad(String name, PadDirection direction) {
        this(name, direction, null);
    }

    public Pad(String name, PadTemplate template) {
        this(name, template.direction(), template);
    }

    private Pad(String name, PadDirection direction, PadTemplate template) {
        this.name = Objects.requireNonNull(name, "name");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.template = template;
    }

    /** A pad made from an always-present template, named after it. */
    public static Pad fromTemplate(PadTemplate template) {
        return new Pad(template.nameTemplate(), template);
    }

    public final String name() {
        return name;
    }

    // ---------------------------------------------------------------------------------------
    // Properties

    /** Declares a property (in a subclass's constructor); {@code onChange} runs after each set, may be null. */
    protected final <T> Property<T> declare(PropertySpec<T> spec, Runnable onChange) {
        return properties.declare(spec, onChange);
    }

    protected final <T> Property<T> declare(PropertySpec<T> spec) {
        return declare(spec, null);
    }

    /** The specs of this pad's properties, in declaration order (none for a plain pad). */
    public final java.util.List<PropertySpec<?>> propertySpecs() {
        return properties.specs();
    }

    /** Sets a property by name, checking type and range. Returns this pad. */
    public final Pad set(String propertyName, Object value) {
        properties.set(propertyName, value);
        return this;
    }

    /** Sets a property from its text form (as a pipeline description writes it). */
    public final Pad setFromString(String propertyName, String text) {
        properties.setFromString(propertyName, text);
        return this;
    }

    /** A property's value by name. */
    public final Object get(String propertyName) {
        return properties.get(propertyName);
    }

    /** {@code element:pad}, for messages. */
    public final String fullName() {
        Element e = element;
        return (e == null ? "?" : e.name()) + ":" + name;
    }

    public final PadDirection direction() {
        return direction;
    }

    public final boolean isSrc() {
        return direction == PadDirection.SRC;
    }

    public final boolean isSink() {
        return direction == PadDirection.SINK;
    }

    /** The template, or {@code null}. */
    public final PadTemplate template() {
        return template;
    }

    /** The caps of the template, ANY without one. */
    public final Caps templateCaps() {
        return template == null ? Caps.ANY : template.caps();
    }

    /** The element owning this pad (borrowed), {@code null} before {@link Element#addPad}. */
    public final Element element() {
        return element;
    }

    void setElement(Element owner) {
        if (element != null) {
            throw new IllegalStateException("pad " + fullName() + " already belongs to an element");
        }
        element = owner;
    }

    /** The linked pad, or {@code null}. */
    public final Pad peer() {
        return peer;
    }

    public final boolean isLinked() {
        return peer != null;
    }

    public final boolean isFlushing() {
        return flushing;
    }

    public final boolean isActive() {
        return active;
    }

    public final boolean isEos() {
        return eos;
    }

    /** The caps of the last caps event that went through this pad, or {@code null}. */
    public final Caps currentCaps() {
        return currentCaps;
    }

    /** The lock held while data or serialized events go through this pad. */
    public final ReentrantLock streamLock() {
        return streamLock;
    }

    // ---------------------------------------------------------------------------------------
    // Linking

    /**
     * Links this source pad to {@code sink}. Both must be unlinked, on elements in the same bin
     * (or both without one), and their caps (asked with a caps query on each side) must
     * intersect. Afterwards this pad's sticky events are pending for the new peer and the pad
     * needs reconfiguring.
     *
     * @throws PadLinkException saying which check failed; for caps, which field or feature
     */
    public final void link(Pad sink) {
        Objects.requireNonNull(sink, "sink");
        if (!isSrc() || !sink.isSink()) {
            throw new PadLinkException(PadLinkException.Reason.WRONG_DIRECTION,
                    "cannot link " + fullName() + " (" + direction + ") to " + sink.fullName() + " (" + sink.direction
                            + "): link a source pad to a sink pad");
        }
        Element a = element;
        Element b = sink.element;
        if (a == null || b == null || a.parent() != b.parent()) {
            throw new PadLinkException(PadLinkException.Reason.WRONG_HIERARCHY,
                    "cannot link " + fullName() + " to " + sink.fullName()
                            + ": the pads' elements must be in the same bin");
        }
        if (a == b) {
            throw new PadLinkException(PadLinkException.Reason.WRONG_HIERARCHY,
                    "cannot link " + fullName() + " to a pad of the same element");
        }
        Caps srcCaps = queryCaps(null);
        Caps sinkCaps = sink.queryCaps(null);
        if (!srcCaps.canIntersect(sinkCaps)) {
            throw new PadLinkException(PadLinkException.Reason.NOFORMAT,
                    CapsExplainer.explainLink(this, srcCaps, sink, sinkCaps));
        }
        synchronized (lock) {
            synchronized (sink.lock) {
                if (peer != null || sink.peer != null) {
                    Pad linked = peer != null ? this : sink;
                    throw new PadLinkException(PadLinkException.Reason.WAS_LINKED,
                            "cannot link " + fullName() + " to " + sink.fullName() + ": " + linked.fullName()
                                    + " is already linked to " + linked.peer.fullName());
                }
                peer = sink;
                sink.peer = this;
                int pending = 0;
                for (int i = 0; i < STICKY_KINDS; i++) {
                    if (sticky[i] != null) {
                        pending |= 1 << i;
                    }
                }
                stickyPending = pending;
                needReconfigure = true;
            }
        }
    }

    /**
     * Links a bin's ghost pad machinery across the bin boundary: only direction and existing
     * links are checked (the caps are those of the target, asked through the ghost).
     */
    void linkInternal(Pad sink) {
        if (!isSrc() || !sink.isSink()) {
            throw new IllegalArgumentException("internal link needs a source and a sink pad: " + this + ", " + sink);
        }
        synchronized (lock) {
            synchronized (sink.lock) {
                if (peer != null || sink.peer != null) {
                    Pad linked = peer != null ? this : sink;
                    throw new PadLinkException(PadLinkException.Reason.WAS_LINKED,
                            "cannot ghost " + sink.fullName() + ": " + linked.fullName() + " is already linked");
                }
                peer = sink;
                sink.peer = this;
                int pending = 0;
                for (int i = 0; i < STICKY_KINDS; i++) {
                    if (sticky[i] != null) {
                        pending |= 1 << i;
                    }
                }
                stickyPending = pending;
                needReconfigure = true;
            }
        }
    }

    /** Unlinks this pad from its peer; false if it was not linked. */
    public final boolean unlink() {
        Pad src = isSrc() ? this : peer;
        if (src == null) {
            return false;
        }
        Pad sink = src.peer;
        if (sink == null) {
            return false;
        }
        // Only the object locks, as gst_pad_unlink: a push reads the peer once, so data in flight
        // finishes at the old peer, and unlinking never waits for a blocked streaming thread.
        synchronized (src.lock) {
            synchronized (sink.lock) {
                if (src.peer != sink) {
                    return false;
                }
                src.peer = null;
                sink.peer = null;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------
    // Probes

    /**
     * Adds a probe seeing {@code types} of items leaving this pad (buffers and downstream events
     * from a source pad, upstream events from a sink pad, queries this pad sends to its peer).
     * A <em>blocking</em> probe, after its callback returned OK, holds the pushing thread
     * until the probe is removed or the pad flushes (the push then returns FLUSHING): the way
     * to change a running pipeline at a safe point. Returns the id for {@link #removeProbe}.
     */
    public final long addProbe(java.util.Set<PadProbe.Type> types, boolean blocking, PadProbe probe) {
        Objects.requireNonNull(probe, "probe");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("a probe needs at least one type");
        }
        long id = PROBE_IDS.incrementAndGet();
        ProbeEntry entry = new ProbeEntry(id, java.util.Set.copyOf(types), blocking, probe,
                new java.util.concurrent.atomic.AtomicBoolean());
        if (entry.isIdle() && types.size() != 1) {
            throw new IllegalArgumentException("an IDLE probe takes no other types: " + types);
        }
        probes.add(entry);
        if (entry.isIdle()) {
            fireIdleIfFree(entry);
        }
        return id;
    }

    /**
     * Calls an IDLE probe now if no data passes the pad: the lock data holds while it passes
     * (this sink pad's stream lock, or the peer's for a source pad) is free; it is called holding
     * that lock. Otherwise it stays pending and whoever holds the lock fires it on releasing it
     * ({@link #unlockStream}, on every path that takes the lock): the probe was added before
     * this try and the holder reads the probes after its release, so one of the two sees the
     * other (volatile order); {@code fired} makes sure only one calls it. A thread that already
     * holds the lock is passing data (or running another IDLE callback): its last release fires it.
     */
    private void fireIdleIfFree(ProbeEntry entry) {
        Pad p = isSrc() ? peer : this;
        if (p == null) {
            fireIdle(entry);
            return;
        }
        ReentrantLock dataLock = p.streamLock;
        if (!dataLock.isHeldByCurrentThread() && dataLock.tryLock()) {
            try {
                fireIdle(entry);
            } finally {
                p.unlockStream();
            }
        }
    }

    /**
     * Releases this pad's stream lock; on the outermost release, fires the IDLE probes waiting
     * for it: this sink pad's own and those of the source pad linked to it.
     */
    private void unlockStream() {
        streamLock.unlock();
        if (streamLock.isHeldByCurrentThread()) {
            return;
        }
        firePendingIdle();
        Pad p = peer;
        if (p != null) {
            p.firePendingIdle();
        }
    }

    /** Fires this pad's pending IDLE probes whose data lock is free (see {@link #fireIdleIfFree}). */
    private void firePendingIdle() {
        if (probes.isEmpty()) {
            return;
        }
        for (ProbeEntry e : probes) {
            if (e.isIdle() && !e.fired().get()) {
                fireIdleIfFree(e);
            }
        }
    }

    private void fireIdle(ProbeEntry entry) {
        if (entry.fired().compareAndSet(false, true)) {
            probes.remove(entry);
            entry.probe().probe(this, PadProbe.Type.IDLE, null);
        }
    }

    /**
     * After a source pad pushed a buffer or serialized event: IDLE probes waiting fire if the
     * peer's lock is free. The peer's release already fired them; this catches a probe whose
     * pad was relinked while it waited (the old peer's release looked at its new peer).
     */
    private void afterData() {
        firePendingIdle();
    }

    /** Removes a probe (unblocking a thread it blocks); false if there is none with that id. */
    public final boolean removeProbe(long id) {
        boolean removed = probes.removeIf(e -> e.id() == id);
        wakeProbes();
        return removed;
    }

    private void wakeProbes() {
        probeLock.lock();
        try {
            probeRemoved.signalAll();
        } finally {
            probeLock.unlock();
        }
    }

    /** Runs the probes for an item: OK to pass it, DROP to drop it, or null if flushing woke a block. */
    private PadProbe.Return runProbes(PadProbe.Type type, Object item, boolean mayBlock) {
        for (ProbeEntry e : probes) {
            if (!e.types().contains(type)) {
                continue;
            }
            PadProbe.Return r = e.probe().probe(this, type, item);
            if (r == PadProbe.Return.DROP) {
                return r;
            }
            if (r == PadProbe.Return.REMOVE) {
                removeProbe(e.id());
                continue;
            }
            if (e.blocking() && mayBlock) {
                probeLock.lock();
                try {
                    while (probes.contains(e) && !flushing) {
                        probeRemoved.awaitUninterruptibly();
                    }
                } finally {
                    probeLock.unlock();
                }
                if (flushing) {
                    return null;
                }
            }
        }
        return PadProbe.Return.OK;
    }

    // ---------------------------------------------------------------------------------------
    // Activation

    /**
     * Activates (push mode) or deactivates this pad. Deactivating sets it flushing, calls
     * {@link Element#padActivation} so the element wakes its blocked threads, waits for the
     * streaming thread to leave (takes the stream lock), stops and joins the pad's task and
     * forgets its sticky events.
     */
    public final void setActive(boolean activate) {
        Element e = element;
        if (activate) {
            if (active) {
                return;
            }
            synchronized (lock) {
                eos = false;
                flushing = false;
                active = true;
            }
            if (e != null) {
                e.padActivation(this, true);
            }
            return;
        }
        if (!active) {
            return;
        }
        synchronized (lock) {
            flushing = true;
            active = false;
        }
        wakeProbes();
        if (e != null) {
            e.padActivation(this, false);
        }
        streamLock.lock();
        unlockStream();
        stopTask();
        synchronized (lock) {
            for (int i = 0; i < STICKY_KINDS; i++) {
                sticky[i] = null;
            }
            stickyPending = 0;
            eos = false;
            currentCaps = null;
            needReconfigure = true;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Tasks

    /**
     * Starts (or resumes) this pad's streaming thread, calling {@code loop} repeatedly. Does
     * nothing on an inactive pad: checked under the lock that deactivation takes to clear
     * {@code active} before it stops the task, so a caller racing a deactivation (a seek, a
     * flush-stop) either starts a task that deactivation then stops, or none.
     */
    public final void startTask(Runnable loop) {
        synchronized (lock) {
            if (!active) {
                return;
            }
            PadTask t = task;
            if (t == null) {
                t = new PadTask(this, loop);
                task = t;
            }
            t.start();
        }
    }

    /** Pauses the task after the current iteration (call from the loop when the flow stops). */
    public final void pauseTask() {
        PadTask t = task;
        if (t != null) {
            t.pause();
        }
    }

    /** Stops the task and joins its thread. The loop must be able to return (set flushing first). */
    public final void stopTask() {
        PadTask t;
        synchronized (lock) {
            t = task;
            task = null;
        }
        if (t != null) {
            t.stopAndJoin();
        }
    }

    /** Whether the task runs (started, not paused). */
    public final boolean isTaskRunning() {
        PadTask t = task;
        return t != null && t.isStarted();
    }

    // ---------------------------------------------------------------------------------------
    // Data

    /**
     * Pushes a buffer to the peer (source pads only) and returns what the peer's chain returned.
     * Takes ownership of {@code buffer}: it is released when refused.
     */
    public final FlowReturn push(Buffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (!Tracers.active()) {
            return pushBuffer(buffer);
        }
        Tracers.padPushPre(this, buffer);
        FlowReturn result = FlowReturn.ERROR;
        try {
            result = pushBuffer(buffer);
            return result;
        } finally {
            Tracers.padPushPost(this, result); // also when it threw: tracers pair pre with post
        }
    }

    private FlowReturn pushBuffer(Buffer buffer) {
        if (!isSrc()) {
            buffer.unref();
            throw new IllegalStateException("push on sink pad " + fullName() + ": only source pads push");
        }
        FlowReturn refused = gate(buffer);
        if (refused != null) {
            return refused;
        }
        Pad p = peer;
        if (p == null) {
            buffer.unref();
            return FlowReturn.NOT_LINKED;
        }
        FlowReturn sticky = sendPendingSticky(p, Integer.MAX_VALUE);
        if (sticky != FlowReturn.OK) {
            buffer.unref();
            return sticky;
        }
        FlowReturn r = p.chainLocked(buffer);
        afterData();
        return r;
    }

    /**
     * The checks a buffer passes on either side of a link: flushing, EOS, then this pad's buffer
     * probes. Null when it may go on; otherwise the buffer is released and the outcome returned
     * (a probe that drops it gives OK, one woken by a flush gives FLUSHING).
     */
    private FlowReturn gate(Buffer buffer) {
        FlowReturn refused = flushing ? FlowReturn.FLUSHING : eos ? FlowReturn.EOS : null;
        if (refused == null && !probes.isEmpty()) {
            PadProbe.Return r = runProbes(PadProbe.Type.BUFFER, buffer, true);
            if (r != PadProbe.Return.OK) {
                refused = r == null ? FlowReturn.FLUSHING : FlowReturn.OK;
            }
        }
        if (refused != null) {
            buffer.unref();
        }
        return refused;
    }

    private FlowReturn chainLocked(Buffer buffer) {
        streamLock.lock();
        try {
            // Probes on a sink pad see the buffer arriving, under the stream lock.
            FlowReturn refused = gate(buffer);
            if (refused != null) {
                return refused;
            }
            Element e = element;
            // Attribution matters only to an attached copy tracer; without one, a thread-local
            // round trip per element per buffer is all cost.
            boolean traced = CopyTracers.active();
            String previous = traced ? CopyAttribution.enter(e.name()) : null;
            try {
                if (!Tracers.active()) {
                    return e.chain(this, buffer);
                }
                Tracers.padChainPre(this, buffer);
                FlowReturn result = FlowReturn.ERROR;
                try {
                    result = e.chain(this, buffer);
                    return result;
                } finally {
                    Tracers.padChainPost(this, result);
                }
            } catch (RuntimeException ex) {
                e.postError("chain function failed on " + fullName() + ": " + ex.getMessage(), null, ex);
                return FlowReturn.ERROR;
            } finally {
                if (traced) {
                    CopyAttribution.exit(previous);
                }
            }
        } finally {
            unlockStream();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Events

    /**
     * Sends an event out of this pad, towards its peer: downstream events from source pads,
     * upstream events from sink pads. Sticky events are stored first (and count as sent when
     * there is no peer yet). Returns whether the peer handled it.
     */
    public final boolean pushEvent(Event event) {
        Objects.requireNonNull(event, "event");
        if (event.isDownstream() != isSrc()) {
            throw new IllegalArgumentException("cannot push " + (event.isDownstream() ? "downstream" : "upstream")
                    + " event " + event.typeName() + " out of " + direction + " pad " + fullName());
        }
        Tracers.padPushEventPre(this, event);
        if (isSrc()) {
            boolean handled = pushDownstream(event);
            if (event.isSerialized()) {
                afterData();
            }
            return handled;
        }
        if (!probes.isEmpty()) {
            PadProbe.Return r = runProbes(PadProbe.Type.EVENT_UPSTREAM, event, false);
            if (r == PadProbe.Return.DROP) {
                return true; // as GStreamer: a dropped event counts as handled
            }
            if (r != PadProbe.Return.OK) {
                return false;
            }
        }
        Pad p = peer;
        return p != null && p.sendEvent(event);
    }

    private boolean pushDownstream(Event event) {
        if (!probes.isEmpty()) {
            PadProbe.Return r = runProbes(PadProbe.Type.EVENT_DOWNSTREAM, event,
                    event.isSerialized() && !(event instanceof Event.FlushStop));
            if (r == PadProbe.Return.DROP) {
                // As GStreamer: a dropped event counts as handled (a dropped caps event must not
                // fail negotiation). A sticky one is stored as already delivered, as
                // gst_pad_push_event stores it before the probes run and marks it received.
                if (event.isSticky()) {
                    synchronized (lock) {
                        if (!flushing && !eos) {
                            int rank = event.stickyRank();
                            sticky[rank] = event;
                            stickyPending &= ~(1 << rank);
                            if (event instanceof Event.Eos) {
                                eos = true;
                            }
                            if (event instanceof Event.CapsEvent c) {
                                currentCaps = c.caps();
                            }
                        }
                    }
                }
                return true;
            }
            if (r != PadProbe.Return.OK) {
                return false;
            }
        }
        switch (event) {
            case Event.FlushStart f -> {
                flushing = true;
                wakeProbes();
            }
            case Event.FlushStop f -> {
                synchronized (lock) {
                    if (active) {
                        flushing = false;
                    }
                    eos = false;
                    clearStickyOnFlush();
                }
            }
            default -> {
            }
        }
        if (event.isSticky()) {
            int rank = event.stickyRank();
            synchronized (lock) {
                if (flushing) {
                    return false;
                }
                if (eos) {
                    return false;
                }
                if ((stickyPending & (1 << rank)) == 0 && event.equals(sticky[rank]) && peer != null) {
                    return true; // the peer already has this very event (same caps again)
                }
                sticky[rank] = event;
                stickyPending |= 1 << rank;
                if (event instanceof Event.Eos) {
                    eos = true;
                }
                if (event instanceof Event.CapsEvent c) {
                    currentCaps = c.caps();
                }
            }
            Pad p = peer;
            if (p == null) {
                return true;
            }
            return sendPendingSticky(p, rank) == FlowReturn.OK;
        }
        if (event.isSerialized() && !(event instanceof Event.FlushStop) && (flushing || eos)) {
            return false;
        }
        Pad p = peer;
        if (p == null) {
            return false;
        }
        if (event.isSerialized() && !(event instanceof Event.FlushStop)) {
            FlowReturn r = sendPendingSticky(p, Integer.MAX_VALUE);
            if (r != FlowReturn.OK) {
                return false;
            }
        }
        return p.sendEvent(event);
    }

    /**
     * Stores a sticky event on this source pad as pending, without sending it: it goes to the peer
     * before the next buffer or serialized event (GStreamer's {@code gst_pad_store_sticky_event}).
     * A queue uses it to keep the sticky events it drops in a flush.
     */
    void storeSticky(Event event) {
        if (!isSrc() || !event.isSticky()) {
            throw new IllegalArgumentException("only a sticky event can be stored, on a source pad: "
                    + event.typeName() + " on " + fullName());
        }
        synchronized (lock) {
            int rank = event.stickyRank();
            if (event.equals(sticky[rank]) && (stickyPending & (1 << rank)) == 0) {
                return; // the peer already has this very event
            }
            sticky[rank] = event;
            stickyPending |= 1 << rank;
            if (event instanceof Event.CapsEvent c) {
                currentCaps = c.caps();
            }
        }
    }

    private void clearStickyOnFlush() {
        // A flush ends the stream's EOS and its segment; stream-start and caps stay.
        sticky[RANK_EOS] = null;
        stickyPending &= ~((1 << RANK_EOS) | (1 << RANK_SEGMENT));
        sticky[RANK_SEGMENT] = null;
    }

    /** Sends this source pad's pending sticky events up to {@code maxRank} to {@code p}, in order. */
    private FlowReturn sendPendingSticky(Pad p, int maxRank) {
        if (stickyPending == 0) {
            return FlowReturn.OK; // the usual case, without the lock
        }
        for (int i = 0; i < STICKY_KINDS && i <= maxRank; i++) {
            Event ev;
            synchronized (lock) {
                if ((stickyPending & (1 << i)) == 0) {
                    continue;
                }
                ev = sticky[i];
            }
            if (p.sendEvent(ev)) {
                synchronized (lock) {
                    if (sticky[i] == ev) {
                        stickyPending &= ~(1 << i);
                    }
                }
            } else if (p.flushing) {
                return FlowReturn.FLUSHING;
            } else if (ev instanceof Event.CapsEvent) {
                return FlowReturn.NOT_NEGOTIATED;
            } else if (p.eos) {
                return FlowReturn.EOS;
            } else if (ev instanceof Event.Eos) {
                return FlowReturn.ERROR;
            }
        }
        return FlowReturn.OK;
    }

    /**
     * Delivers an event arriving at this pad to its element: downstream events at sink pads,
     * upstream events at source pads. Serialized events are handled under the stream lock and
     * refused while flushing or after EOS; a caps event is first checked with an accept-caps
     * query. Elements call this to inject events into their own pads.
     */
    public final boolean sendEvent(Event event) {
        Objects.requireNonNull(event, "event");
        if (event.isDownstream() == isSrc()) {
            throw new IllegalArgumentException("a " + (event.isDownstream() ? "downstream" : "upstream") + " event ("
                    + event.typeName() + ") cannot arrive at " + direction + " pad " + fullName());
        }
        Element e = element;
        if (e == null) {
            return false;
        }
        if (!probes.isEmpty()) {
            // Probes see events arriving too (they never block here).
            PadProbe.Return pr = runProbes(isSrc() ? PadProbe.Type.EVENT_UPSTREAM : PadProbe.Type.EVENT_DOWNSTREAM,
                    event, false);
            if (pr == PadProbe.Return.DROP) {
                return true; // handled, as a dropped event leaving a pad
            }
        }
        if (isSrc()) {
            if (event instanceof Event.Reconfigure) {
                needReconfigure = true;
            }
            return callEventHandler(e, event);
        }
        switch (event) {
            case Event.FlushStart f -> {
                if (!active) {
                    return false;
                }
                flushing = true;
                wakeProbes(); // a blocking probe holding a buffer under the stream lock returns FLUSHING
                return callEventHandler(e, event);
            }
            case Event.FlushStop f -> {
                if (!active) {
                    return false;
                }
                streamLock.lock();
                try {
                    synchronized (lock) {
                        flushing = false;
                        eos = false;
                        clearStickyOnFlush();
                    }
                    return callEventHandler(e, event);
                } finally {
                    unlockStream();
                }
            }
            default -> {
            }
        }
        if (!event.isSerialized()) {
            return callEventHandler(e, event);
        }
        return deliverSerialized(e, event);
    }

    /** Delivers a serialized event under the stream lock (refused while flushing or after EOS). */
    private boolean deliverSerialized(Element e, Event event) {
        streamLock.lock();
        try {
            if (flushing || eos) {
                return false;
            }
            if (event instanceof Event.CapsEvent c && !queryAcceptCaps(c.caps())) {
                return false;
            }
            if (event.isSticky()) {
                synchronized (lock) {
                    sticky[event.stickyRank()] = event;
                }
            }
            boolean handled = callEventHandler(e, event);
            if (handled) {
                if (event instanceof Event.CapsEvent c) {
                    currentCaps = c.caps();
                }
                if (event instanceof Event.Eos) {
                    eos = true;
                }
            }
            return handled;
        } finally {
            unlockStream();
        }
    }

    private boolean callEventHandler(Element e, Event event) {
        String previous = CopyAttribution.enter(e.name());
        try {
            return e.handleEvent(this, event);
        } catch (RuntimeException ex) {
            e.postError("event handler failed on " + fullName() + " for " + event.typeName() + ": " + ex.getMessage(),
                    null, ex);
            return false;
        } finally {
            CopyAttribution.exit(previous);
        }
    }

    /** The last sticky event of the type of {@code kind} this pad stored, or {@code null}. */
    public final <E extends Event> E stickyEvent(Class<E> kind) {
        synchronized (lock) {
            for (Event ev : sticky) {
                if (kind.isInstance(ev)) {
                    return kind.cast(ev);
                }
            }
        }
        return null;
    }

    /** Whether a reconfigure arrived (or the pad was linked) since the last {@link #checkReconfigure}. */
    public final boolean needsReconfigure() {
        return needReconfigure;
    }

    /** Returns and clears the need-reconfigure flag. */
    public final boolean checkReconfigure() {
        if (!needReconfigure) {
            return false; // per buffer: a read, no write
        }
        needReconfigure = false;
        return true;
    }

    /** Marks the pad as needing renegotiation (as a reconfigure event arriving would). */
    public final void markReconfigure() {
        needReconfigure = true;
    }

    // ---------------------------------------------------------------------------------------
    // Queries

    /**
     * Asks this pad's element (the query arrived at this pad). Serialized queries are refused
     * while flushing.
     */
    public final boolean query(Query query) {
        Objects.requireNonNull(query, "query");
        Element e = element;
        if (e == null) {
            return false;
        }
        if (query.isSerialized() && flushing) {
            return false;
        }
        String previous = CopyAttribution.enter(e.name());
        try {
            return e.handleQuery(this, query);
        } catch (RuntimeException ex) {
            e.postError("query handler failed on " + fullName() + " for " + query.typeName() + ": " + ex.getMessage(),
                    null, ex);
            return false;
        } finally {
            CopyAttribution.exit(previous);
        }
    }

    /** Asks the peer; false when unlinked. */
    public final boolean peerQuery(Query query) {
        if (!Tracers.active()) {
            return askPeer(query);
        }
        Tracers.padQueryPre(this, query);
        boolean handled = askPeer(query);
        Tracers.padQueryPost(this, query, handled);
        return handled;
    }

    private boolean askPeer(Query query) {
        if (!probes.isEmpty() && runProbes(PadProbe.Type.QUERY, query, false) != PadProbe.Return.OK) {
            return false;
        }
        Pad p = peer;
        return p != null && p.query(query);
    }

    /** The caps this pad can handle (a caps query on it), restricted to {@code filter} if given. */
    public final Caps queryCaps(Caps filter) {
        CapsQuery q = new CapsQuery(filter);
        if (query(q) && q.result() != null) {
            return q.result();
        }
        Caps t = templateCaps();
        return filter == null ? t : filter.intersect(t, org.zeropipe.core.caps.IntersectMode.FIRST);
    }

    /** The caps the peer can handle; {@code filter} (or ANY) when unlinked. */
    public final Caps peerQueryCaps(Caps filter) {
        Pad p = peer;
        if (p == null) {
            return filter == null ? Caps.ANY : filter;
        }
        return p.queryCaps(filter);
    }

    /** Whether this pad accepts {@code caps} now (an accept-caps query). */
    public final boolean queryAcceptCaps(Caps caps) {
        AcceptCapsQuery q = new AcceptCapsQuery(caps);
        return query(q) && q.result();
    }

    /** Whether the peer accepts {@code caps}; false when unlinked. */
    public final boolean peerQueryAcceptCaps(Caps caps) {
        Pad p = peer;
        return p != null && p.queryAcceptCaps(caps);
    }

    @Override
    public final String toString() {
        return "Pad[" + fullName() + ", " + direction + (peer == null ? "" : " -> " + peer.fullName()) + "]";
    }
}
