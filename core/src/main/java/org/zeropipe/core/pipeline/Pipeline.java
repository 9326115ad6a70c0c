package org.zeropipe.core.pipeline;

import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.query.LatencyQuery;

/**
 * The top-level bin: it owns the {@link Bus}, selects the clock and distributes it with a base
 * time (design doc {@code gstpipeline.md}).
 *
 * <p>Running time is the time spent in PLAYING: going PAUSED→PLAYING the pipeline sets
 * {@code baseTime = clock.time() - runningTime}, going PLAYING→PAUSED it remembers
 * {@code runningTime = clock.time() - baseTime}, and READY→PAUSED resets it to 0. The bus is
 * flushed when the pipeline leaves NULL (GStreamer flushes on reaching NULL, which loses the
 * errors of a failed shutdown).
 */
public class Pipeline extends Bin {

    private final Bus bus = new Bus();
    private volatile Clock fixedClock;
    private volatile long runningTimeAtPause;
    private volatile long latency;

    // Pads and properties are registered with this element while it is built; nothing calls
    // back into the subclass before its constructor ran, except factoryName() (a constant).
    @SuppressWarnings("this-escape")
    public Pipeline(String name) {
        super(name);
        setBus(bus);
    }

    public Pipeline() {
        this(null);
    }

    @Override
    public final Bus bus() {
        return bus;
    }

    /** Uses {@code clock} instead of selecting one ({@code null}: select again). */
    public void useClock(Clock clock) {
        fixedClock = clock;
    }

    /** The running time now: clock time minus base time in PLAYING, the paused time otherwise. */
    public long runningTime() {
        Clock c = clock();
        if (currentState() == State.PLAYING && c != null) {
            return c.time() - baseTime();
        }
        return runningTimeAtPause;
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        switch (transition) {
            case NULL_TO_READY -> {
                // Drop what a previous run left; after NULL its last messages stay readable.
                bus.setFlushing(true);
                bus.setFlushing(false);
            }
            case READY_TO_PAUSED -> runningTimeAtPause = 0;
            case PAUSED_TO_PLAYING -> {
                selectClockAndBaseTime();
                distributeLatency();
            }
            default -> {
            }
        }
        StateChangeReturn r = super.changeState(transition);
        switch (transition) {
            case PLAYING_TO_PAUSED -> {
                Clock c = clock();
                if (c != null) {
                    runningTimeAtPause = c.time() - baseTime();
                }
            }
            default -> {
            }
        }
        return r;
    }

    /**
     * In a live pipeline, asks the sinks for the latency upstream of them (a latency query) and
     * tells every sink the largest minimum with a latency event, as {@code gst_bin_do_latency}.
     * A maximum below the minimum cannot be honoured: a WARNING says to add queues.
     */
    private void distributeLatency() {
        LatencyQuery q = new LatencyQuery();
        if (query(q) && q.live()) {
            if (q.max() != ClockTime.NONE && q.max() < q.min()) {
                postMessage(new Message.Warning(this, "impossible to configure latency: max " + ClockTime.toString(q.max())
                        + " < min " + ClockTime.toString(q.min()) + "; add queues or other buffering elements", null));
            }
            latency = q.min();
            sendEvent(new org.zeropipe.core.event.Event.Latency(q.min()));
        }
    }

    /**
     * Computes the latency again and tells the sinks (GStreamer's
     * {@code gst_bin_recalculate_latency}); the pipeline does it itself going to PLAYING and
     * when an element posts a LATENCY message (its latency changed). Returns the new latency.
     */
    public long recalculateLatency() {
        distributeLatency();
        return latency;
    }

    /** The latency computed the last time this (live) pipeline went to PLAYING, in ns. */
    public long latency() {
        return latency;
    }

    /**
     * Running time starts again at 0 now (a flushing seek reached a sink): the base time becomes
     * the clock's time, for every element, and a later PAUSED→PLAYING starts from 0 too. Not
     * only in PLAYING: a sink renders as soon as it is PLAYING, before the pipeline above it
     * has committed that state. Several sinks asking in one seek each move it to their "now",
     * microseconds apart.
     */
    @Override
    void childResetTime() {
        runningTimeAtPause = 0;
        Clock c = clock();
        if (c != null) {
            setBaseTime(c.time());
        }
    }

    /** A LATENCY message from an element: in PLAYING, recompute and distribute, then tell the application. */
    @Override
    void handleChildMessage(Message message) {
        if (message instanceof Message.Latency && currentState() == State.PLAYING) {
            distributeLatency();
        }
        super.handleChildMessage(message);
    }

    private void selectClockAndBaseTime() {
        Clock c = fixedClock;
        if (c == null) {
            c = provideClock();
        }
        if (c == null) {
            c = SystemClock.get();
        }
        if (c != clock()) {
            setClock(c);
            postMessage(new Message.NewClock(this, c));
        }
        setBaseTime(c.time() - runningTimeAtPause);
    }
}
