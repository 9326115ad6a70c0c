package org.zeropipe.core.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The touches of one tracked object that its report shows, bounded like Netty's
 * {@code ResourceLeakDetector} records: the first touches, then a ring of later ones.
 *
 * <p>When every touch is recorded ({@code track} mode) the ring holds the latest touches. When
 * sampling, a watched object may live for the whole run (a pooled buffer is touched millions
 * of times), so past the first touches recording backs off: the gap to the next recorded touch
 * is drawn at random and doubles with each one recorded, up to about {@link #MAX_GAP}. Between
 * two recorded touches a touch costs one counter increment and one comparison, no stack walk.
 */
final class TouchHistory {

    /** When sampling, at most about one touch in this many is recorded once backed off. */
    static final int MAX_GAP = 1024;

    /** One recorded touch: its number (1 = the first touch) and where it happened. */
    record Touch(long number, LeakRecord.Site site) {
    }

    private final boolean everyTouch;
    private final Touch[] first;
    private final Touch[] ring;
    private int firstCount;
    private long ringCount;
    /** Plain fields: concurrent touchers may lose a count, which only blurs the numbers. */
    private long touches;
    private long nextRecorded = 1;
    private volatile Touch last;

    /** {@code maxRecords} (at least 2) touches are kept, half of them the first ones. */
    TouchHistory(int maxRecords, boolean everyTouch) {
        if (maxRecords < 2) {
            throw new IllegalArgumentException("maxRecords < 2: " + maxRecords);
        }
        this.everyTouch = everyTouch;
        this.first = new Touch[(maxRecords + 1) / 2];
        this.ring = new Touch[maxRecords / 2];
    }

    /** Counts a touch and records where it happened if this one is kept. */
    void touch(String what) {
        long n = ++touches;
        if (n >= nextRecorded) {
            record(n, LeakTracker.site(what));
        }
    }

    private synchronized void record(long n, LeakRecord.Site site) {
        Touch t = new Touch(n, site);
        if (firstCount < first.length) {
            first[firstCount++] = t;
        } else {
            ring[(int) (ringCount++ % ring.length)] = t;
        }
        Touch previous = last;
        if (previous == null || n > previous.number()) {
            last = t;
        }
        nextRecorded = n + gap();
    }

    /** Touches to the next recorded one: 1 until the first ones are kept, then growing. */
    private long gap() {
        if (everyTouch || firstCount < first.length) {
            return 1;
        }
        int bound = (int) Math.min(MAX_GAP, 1L << Math.min(ringCount, 30));
        return 1 + ThreadLocalRandom.current().nextInt(2 * bound);
    }

    /** The latest recorded touch, or {@code null} if none. */
    Touch last() {
        return last;
    }

    /** How many touches were recorded (each a stack walk), kept or since pushed out. */
    synchronized long recordedCount() {
        return firstCount + ringCount;
    }

    /** The number of touches counted. */
    synchronized long count() {
        return touches;
    }

    /**
     * Where the object was released: the last touch when it was recorded, else here (the
     * caller of the final release; one stack walk per released object).
     */
    synchronized LeakRecord.Site released() {
        Touch t = last;
        if (t != null && t.number() == touches) {
            return t.site();
        }
        return LeakTracker.site("released");
    }

    /** The recorded touches, oldest first. */
    synchronized List<Touch> recorded() {
        List<Touch> out = new ArrayList<>(first.length + ring.length);
        for (int i = 0; i < firstCount; i++) {
            out.add(first[i]);
        }
        long from = Math.max(0, ringCount - ring.length);
        for (long i = from; i < ringCount; i++) {
            out.add(ring[(int) (i % ring.length)]);
        }
        out.sort((a, b) -> Long.compare(a.number(), b.number()));
        return out;
    }
}
