package org.zeropipe.core.pipeline;

import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.query.LatencyQuery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An element made of elements: GStreamer's {@code GstBin} (design doc {@code gstbin.md}).
 *
 * <p>A state step is applied to the children from the sinks to the sources, so a consumer is
 * ready before its producer starts, and stops (joining its streaming threads) before its
 * producer does. The bin is ASYNC while any child is; it commits when the last child posts
 * ASYNC_DONE, and fails the pending change when a child posts an ERROR. It posts one EOS when
 * every sink in it has posted EOS.
 */
public class Bin extends Element {

    private final List<Element> children = new CopyOnWriteArrayList<>();
    private final Object asyncLock = new Object();
    private final Set<Element> asyncChildren = new HashSet<>();
    private final Set<Element> eosChildren = new HashSet<>();

    public Bin(String name) {
        super(name);
    }

    /** Adds elements; each name must be unique in the bin, and an element has one parent. */
    public final void add(Element... elements) {
        for (Element e : elements) {
            Objects.requireNonNull(e, "element");
            synchronized (children) {
                if (byName(e.name()) != null) {
                    throw new IllegalArgumentException("bin " + name() + " already has an element named " + e.name());
                }
                e.setParent(this);
                children.add(e);
            }
            contexts().forEach(e::setContext);
            Clock c = clock();
            if (c != null) {
                e.setClock(c);
                e.setBaseTime(baseTime());
            }
        }
    }

    // Ghost pads: an external pad of this bin and an internal proxy pad linked to the target.
    private final java.util.Map<Pad, Pad> ghostCounterpart = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Exposes {@code target}, an unlinked pad of a child, as a pad of this bin named {@code name}
     * (GStreamer's ghost pad). Data, events and queries pass through unchanged in both
     * directions; the ghost pad is activated with the bin. Returns the ghost pad.
     */
    public final Pad addGhostPad(String name, Pad target) {
        Objects.requireNonNull(target, "target");
        Element owner = target.element();
        if (owner == null || owner.parent() != this) {
            throw new IllegalArgumentException("ghost target " + target.fullName() + " is not a pad of a child of " + name());
        }
        if (target.isLinked()) {
            throw new IllegalArgumentException("ghost target " + target.fullName() + " is already linked");
        }
        Pad ghost = new Pad(name, new PadTemplate(name, target.direction(), PadPresence.ALWAYS, target.templateCaps()));
        Pad proxy = new Pad(name + "-proxy", target.direction().opposite());
        proxy.setElement(this); // owned by the bin, but not one of its pads: never linked from outside
        if (target.isSink()) {
            proxy.linkInternal(target);
        } else {
            target.linkInternal(proxy);
        }
        ghostCounterpart.put(ghost, proxy);
        ghostCounterpart.put(proxy, ghost);
        addPad(ghost);
        return ghost;
    }

    /**
     * Points a ghost pad at another unlinked pad of a child, of the same direction
     * ({@code gst_ghost_pad_set_target}): the internal proxy is unlinked from the old target and
     * linked to the new one; the ghost's outside link stays. The proxy's sticky events go to the
     * new target before the next buffer. Best done while no data flows (block or idle-probe the
     * ghost's peer first).
     */
    public final void setGhostTarget(Pad ghost, Pad target) {
        Pad proxy = proxyOf(ghost);
        Objects.requireNonNull(target, "target");
        Element owner = target.element();
        if (owner == null || owner.parent() != this) {
            throw new IllegalArgumentException("ghost target " + target.fullName() + " is not a pad of a child of " + name());
        }
        if (target.direction() != ghost.direction()) {
            throw new IllegalArgumentException("ghost " + ghost.fullName() + " is a " + ghost.direction()
                    + " pad; target " + target.fullName() + " is a " + target.direction() + " pad");
        }
        if (target.isLinked()) {
            throw new IllegalArgumentException("ghost target " + target.fullName() + " is already linked");
        }
        proxy.unlink();
        if (target.isSink()) {
            proxy.linkInternal(target);
        } else {
            target.linkInternal(proxy);
        }
    }

    /** The pad a ghost pad of this bin leads to, or {@code null} after its target was unlinked. */
    public final Pad ghostTarget(Pad ghost) {
        return proxyOf(ghost).peer();
    }

    /**
     * Removes a ghost pad: it is unlinked outside, its proxy is unlinked from the target (which
     * becomes free to link again) and deactivated, and the pad is gone from the bin.
     */
    public final void removeGhostPad(Pad ghost) {
        Pad proxy = proxyOf(ghost);
        removePad(ghost); // unlinks and deactivates the ghost (and, through padActivation, the proxy)
        proxy.unlink();
        proxy.setActive(false);
        ghostCounterpart.remove(ghost);
        ghostCounterpart.remove(proxy);
    }

    private Pad proxyOf(Pad ghost) {
        Objects.requireNonNull(ghost, "ghost");
        Pad proxy = ghostCounterpart.get(ghost);
        if (proxy == null || !pads().contains(ghost)) {
            throw new IllegalArgumentException(ghost.fullName() + " is not a ghost pad of " + name());
        }
        return proxy;
    }

    @Override
    protected FlowReturn chain(Pad pad, org.zeropipe.core.buffer.Buffer buffer) {
        Pad other = ghostCounterpart.get(pad);
        if (other == null) {
            return super.chain(pad, buffer);
        }
        return other.push(buffer);
    }

    @Override
    protected boolean handleEvent(Pad pad, org.zeropipe.core.event.Event event) {
        Pad other = ghostCounterpart.get(pad);
        return other == null ? super.handleEvent(pad, event) : other.pushEvent(event);
    }

    @Override
    protected boolean handleQuery(Pad pad, org.zeropipe.core.query.Query query) {
        Pad other = ghostCounterpart.get(pad);
        return other == null ? super.handleQuery(pad, query) : other.peerQuery(query);
    }

    @Override
    protected void padActivation(Pad pad, boolean active) {
        Pad proxy = ghostCounterpart.get(pad);
        if (proxy != null && pads().contains(pad)) {
            proxy.setActive(active);
        }
    }

    /** Removes an element (unlinking its pads); it must be set to NULL by the caller afterwards. */
    public final void remove(Element e) {
        synchronized (children) {
            if (!children.remove(e)) {
                throw new IllegalArgumentException(e.name() + " is not in bin " + name());
            }
        }
        for (Pad p : e.pads()) {
            p.unlink();
        }
        e.setParent(null);
        synchronized (asyncLock) {
            asyncChildren.remove(e);
            eosChildren.remove(e);
        }
    }

    /** The direct child named {@code childName}, or {@code null}. */
    public final Element byName(String childName) {
        for (Element e : children) {
            if (e.name().equals(childName)) {
                return e;
            }
        }
        return null;
    }

    /** The children, in the order added (a snapshot). */
    public final List<Element> children() {
        return List.copyOf(children);
    }

    @Override
    public boolean isSink() {
        for (Element e : children) {
            if (e.isSink()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isSource() {
        for (Element e : children) {
            if (e.isSource()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The children ordered sinks first: an element comes after every child it feeds
     * (GStreamer's {@code gst_bin_sort_iterator}); cycles fall back to insertion order.
     */
    final List<Element> sortedSinksFirst() {
        List<Element> all = new ArrayList<>(children);
        LinkedHashSet<Element> out = new LinkedHashSet<>();
        boolean progress = true;
        while (out.size() < all.size() && progress) {
            progress = false;
            for (Element e : all) {
                if (out.contains(e)) {
                    continue;
                }
                boolean ready = true;
                for (Pad p : e.srcPads()) {
                    Pad peer = p.peer();
                    Element d = peer == null ? null : peer.element();
                    if (d != null && d != e && d.parent() == this && !out.contains(d)) {
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    out.add(e);
                    progress = true;
                }
            }
        }
        out.addAll(all);
        return new ArrayList<>(out);
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        synchronized (asyncLock) {
            asyncChildren.clear();
            if (transition == StateChange.READY_TO_PAUSED || transition == StateChange.PAUSED_TO_READY) {
                eosChildren.clear();
            }
        }
        if (transition == StateChange.READY_TO_PAUSED) {
            // Ghost pads before the children: an inner source pushes as soon as its task starts,
            // and an inactive proxy would answer FLUSHING and stop the stream without EOS.
            activatePads(true);
        }
        StateChangeReturn result = StateChangeReturn.SUCCESS;
        boolean downFailed = false;
        List<Element> async = new ArrayList<>();
        for (Element child : sortedSinksFirst()) {
            StateChangeReturn r = child.setState(transition.next());
            if (r == StateChangeReturn.FAILURE) {
                if (transition.isUpward()) {
                    return StateChangeReturn.FAILURE;
                }
                // Going down, the other children still stop (see Element#setState).
                downFailed = true;
                continue;
            }
            if (r == StateChangeReturn.ASYNC) {
                async.add(child);
            }
            result = StateChangeReturn.combine(result, r);
        }
        StateChangeReturn own = super.changeState(transition);
        if (own == StateChangeReturn.FAILURE || downFailed) {
            return StateChangeReturn.FAILURE;
        }
        if (result == StateChangeReturn.ASYNC) {
            synchronized (asyncLock) {
                for (Element c : async) {
                    if (c.isAsyncPending()) {
                        asyncChildren.add(c);
                    }
                }
                if (asyncChildren.isEmpty()) {
                    result = StateChangeReturn.SUCCESS;
                }
            }
        }
        return result;
    }

    @Override
    void asyncStarted() {
        boolean done;
        synchronized (asyncLock) {
            done = asyncChildren.isEmpty();
        }
        if (done) {
            commitAsync();
        }
    }

    /** Receives a message a child posted: keeps what drives the bin's state, passes the rest up. */
    void handleChildMessage(Message message) {
        switch (message) {
            case Message.AsyncStart m -> {
                // The bin posts its own when it goes ASYNC.
            }
            case Message.AsyncDone m -> {
                boolean done;
                synchronized (asyncLock) {
                    done = asyncChildren.remove(m.source()) && asyncChildren.isEmpty();
                }
                if (done && isAsyncPending()) {
                    commitAsync();
                }
            }
            case Message.Eos m -> {
                boolean all;
                synchronized (asyncLock) {
                    eosChildren.add(m.source());
                    all = true;
                    for (Element c : children) {
                        if (c.isSink() && !eosChildren.contains(c)) {
                            all = false;
                            break;
                        }
                    }
                }
                if (all) {
                    super.postMessage(new Message.Eos(this));
                }
            }
            case Message.Error m -> {
                failPendingChange();
                super.postMessage(m);
            }
            case Message.HaveContext m -> {
                setContext(m.contextType(), m.context());
                super.postMessage(m);
            }
            case Message.NeedContext m -> {
                Object known = context(m.contextType());
                if (known != null) {
                    m.source().setContext(m.contextType(), known); // GstBin answers from what it keeps
                } else {
                    super.postMessage(m);
                }
            }
            default -> super.postMessage(message);
        }
    }

    /** A child asked for its running time to start again: the pipeline at the top does it. */
    void childResetTime() {
        resetTime();
    }

    /** A child's EOS was flushed away: it owes a new one, and so does this bin to its parent. */
    void childEosReset(Element child) {
        synchronized (asyncLock) {
            eosChildren.remove(child);
        }
        eosReset();
    }

    /** Keeps the context and hands it to every child (GStreamer's gst_bin_set_context). */
    @Override
    public void setContext(String contextType, Object context) {
        super.setContext(contextType, context);
        for (Element e : children) {
            e.setContext(contextType, context);
        }
    }

    /**
     * Asks the sink children first (position, duration), then the sources; the first answer
     * wins. A latency query asks every sink and combines the live answers (gstbin.c
     * {@code bin_query_latency_fold}): live if any sink is, the largest minimum, the smallest
     * maximum.
     */
    @Override
    public boolean query(org.zeropipe.core.query.Query q) {
        if (q instanceof LatencyQuery lq) {
            return queryLatency(lq);
        }
        for (Element e : sortedSinksFirst()) {
            if (e.query(q)) {
                return true;
            }
        }
        return false;
    }

    private boolean queryLatency(LatencyQuery q) {
        boolean answered = false;
        boolean live = false;
        long min = 0;
        long max = ClockTime.NONE;
        for (Element e : children) {
            if (!e.isSink()) {
                continue;
            }
            LatencyQuery one = new LatencyQuery();
            if (!e.query(one)) {
                continue;
            }
            answered = true;
            if (one.live()) {
                live = true;
                min = Math.max(min, one.min());
                if (one.max() != ClockTime.NONE && (max == ClockTime.NONE || one.max() < max)) {
                    max = one.max();
                }
            }
        }
        if (answered) {
            q.setResult(live, min, max);
        }
        return answered;
    }

    @Override
    public boolean sendEvent(org.zeropipe.core.event.Event event) {
        if (event instanceof org.zeropipe.core.event.Event.Seek seek && seek.flush()) {
            // A flushing seek starts the stream again: every sink owes a new EOS. Cleared before
            // the seek runs, since a sink may reach the new EOS before sendEvent returns.
            synchronized (asyncLock) {
                eosChildren.clear();
            }
        }
        boolean any = false;
        for (Element e : children) {
            if (event.isUpstream() ? e.isSink() : e.isSource()) {
                any |= e.sendEvent(event);
            }
        }
        return any;
    }

    @Override
    public void setClock(Clock newClock) {
        super.setClock(newClock);
        for (Element e : children) {
            e.setClock(newClock);
        }
    }

    @Override
    public void setBaseTime(long time) {
        super.setBaseTime(time);
        for (Element e : children) {
            e.setBaseTime(time);
        }
    }

    @Override
    public Clock provideClock() {
        for (Element e : sortedSinksFirst()) {
            Clock c = e.provideClock();
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
