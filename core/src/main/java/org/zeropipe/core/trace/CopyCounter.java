package org.zeropipe.core.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CopyTracer} that adds copies up by (who, memory type, reason). Attach it for a scope
 * and read the totals:
 *
 * <pre>{@code
 * try (CopyCounter copies = CopyCounter.attach()) {
 *     ...
 *     assertEquals(0, copies.bytes());
 * }
 * }</pre>
 */
public final class CopyCounter implements CopyTracer, AutoCloseable {

    /** One row of the totals. {@code who} may be {@code null}. */
    public record Key(String who, String memoryType, CopyReason reason) {
    }

    /** Count and bytes of one row. */
    public record Totals(long count, long bytes) {
    }

    private final Map<Key, long[]> totals = new HashMap<>();

    /** Creates a counter and attaches it to {@link CopyTracers}; {@link #close} detaches it. */
    public static CopyCounter attach() {
        CopyCounter counter = new CopyCounter();
        CopyTracers.add(counter);
        return counter;
    }

    @Override
    public synchronized void onCopy(CopyEvent event) {
        long[] row = totals.computeIfAbsent(new Key(event.who(), event.memoryType(), event.reason()),
                k -> new long[2]);
        row[0]++;
        row[1] += event.bytes();
    }

    /** Number of copies seen. */
    public synchronized long count() {
        long n = 0;
        for (long[] row : totals.values()) {
            n += row[0];
        }
        return n;
    }

    /** Bytes copied in all. */
    public synchronized long bytes() {
        long n = 0;
        for (long[] row : totals.values()) {
            n += row[1];
        }
        return n;
    }

    /** Number of copies made for {@code reason}. */
    public synchronized long count(CopyReason reason) {
        long n = 0;
        for (Map.Entry<Key, long[]> e : totals.entrySet()) {
            if (e.getKey().reason() == reason) {
                n += e.getValue()[0];
            }
        }
        return n;
    }

    /** Bytes copied for {@code reason}. */
    public synchronized long bytes(CopyReason reason) {
        long n = 0;
        for (Map.Entry<Key, long[]> e : totals.entrySet()) {
            if (e.getKey().reason() == reason) {
                n += e.getValue()[1];
            }
        }
        return n;
    }

    /** Bytes of {@code memoryType} copied for {@code reason}. */
    public synchronized long bytes(String memoryType, CopyReason reason) {
        long n = 0;
        for (Map.Entry<Key, long[]> e : totals.entrySet()) {
            if (e.getKey().reason() == reason && e.getKey().memoryType().equals(memoryType)) {
                n += e.getValue()[1];
            }
        }
        return n;
    }

    /** A snapshot of all rows. */
    public synchronized Map<Key, Totals> totals() {
        Map<Key, Totals> copy = new HashMap<>();
        totals.forEach((k, v) -> copy.put(k, new Totals(v[0], v[1])));
        return Map.copyOf(copy);
    }

    /** The rows as lines, for failure messages. */
    public synchronized List<String> describe() {
        List<String> lines = new ArrayList<>();
        totals.forEach((k, v) -> lines.add(k.reason() + " " + k.memoryType() + " by " + k.who()
                + ": " + v[0] + " copies, " + v[1] + " bytes"));
        lines.sort(null);
        return lines;
    }

    /** Forgets everything counted so far. */
    public synchronized void reset() {
        totals.clear();
    }

    /** Detaches this counter from {@link CopyTracers}. */
    @Override
    public void close() {
        CopyTracers.remove(this);
    }

    @Override
    public synchronized String toString() {
        return "CopyCounter" + describe();
    }
}
