package org.zeropipe.core.leak;

import java.lang.StackWalker.StackFrame;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds memories, buffers and buffer lists that are never released.
 *
 * <p>Three modes, chosen by the system property {@code zeropipe.leaks} and changeable at run
 * time with {@link #setMode}:
 * <ul>
 *   <li>{@code off}: nothing is recorded; tracked objects hold a {@code null} record.</li>
 *   <li>{@code sample} (the default): one object in {@code zeropipe.leaks.interval} (128) is
 *       watched through a phantom reference, like Netty's {@code ResourceLeakDetector}; if it
 *       becomes unreachable without being released, the leak is logged through
 *       {@link System.Logger} and given to the {@link LeakListener}s.</li>
 *   <li>{@code track}: every object is recorded and held until released, so a test can list
 *       what is still alive ({@link #liveSince}) and release it. Tests run in this mode.</li>
 * </ul>
 * Records keep the allocation stack and the stacks of at most {@code zeropipe.leaks.records}
 * (8) touches: the first ones, then a tail ending with the last one recorded, thinned at random
 * when sampling so that a long-lived object (a pooled buffer) costs a counter increment per
 * touch (see {@link TouchHistory}). Stacks start at the first frame outside the memory model
 * (see {@link #hideFrames}).
 */
public final class LeakTracker {

    /** How much is recorded. */
    public enum Mode {
        OFF, SAMPLE, TRACK;

        static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return SAMPLE;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.getLogger(LeakTracker.class.getName()).log(System.Logger.Level.WARNING,
                        "zeropipe.leaks=" + value + " is not off, sample or track; using sample");
                return SAMPLE;
            }
        }
    }

    /** Release order for {@link #track}: lists before buffers before memories. */
    public static final int ORDER_BUFFER_LIST = 0;
    public static final int ORDER_BUFFER = 1;
    public static final int ORDER_MEMORY = 2;

    private static final int MAX_FRAMES = 12;
    private static final System.Logger LOG = System.getLogger(LeakTracker.class.getName());

    private static volatile Mode mode = Mode.parse(System.getProperty("zeropipe.leaks"));
    private static volatile int sampleInterval = Math.max(1, Integer.getInteger("zeropipe.leaks.interval", 128));
    private static volatile int maxTouchRecords = Math.max(2, Integer.getInteger("zeropipe.leaks.records", 8));

    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, LeakRecord> LIVE = new ConcurrentHashMap<>();
    private static final List<LeakListener> LISTENERS = new CopyOnWriteArrayList<>();
    private static final List<Class<?>> HIDDEN = new CopyOnWriteArrayList<>(List.of(LeakTracker.class, LeakRecord.class, TouchHistory.class));
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Function<Stream<StackFrame>, StackTraceElement[]> CAPTURE = frames -> frames
            .dropWhile(LeakTracker::hidden)
            .takeWhile(LeakTracker::notTestRunner)
            .filter(LeakTracker::notReflection)
            .limit(MAX_FRAMES)
            .map(StackFrame::toStackTraceElement)
            .toArray(StackTraceElement[]::new);

    /** Created lazily: most programs never sample a leak. */
    private static final class Detector {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "zeropipe-leak-detector");
            t.setDaemon(true);
            return t;
        });
    }

    private LeakTracker() {
    }

    public static Mode mode() {
        return mode;
    }

    /** Changes the mode for objects created from now on. */
    public static void setMode(Mode newMode) {
        mode = Objects.requireNonNull(newMode, "mode");
    }

    /** In {@code sample} mode, one object in {@code interval} is watched. */
    public static void setSampleInterval(int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval < 1: " + interval);
        }
        sampleInterval = interval;
    }

    public static int sampleInterval() {
        return sampleInterval;
    }

    /** Each record created from now on keeps at most {@code records} (at least 2) touches. */
    public static void setMaxTouchRecords(int records) {
        if (records < 2) {
            throw new IllegalArgumentException("records < 2: " + records);
        }
        maxTouchRecords = records;
    }

    public static int maxTouchRecords() {
        return maxTouchRecords;
    }

    /**
     * Frames of this type (and its subtypes and nested classes) are skipped when recording
     * where an object was allocated or touched, so reports name the caller of the model.
     * Memory, Buffer and the other model types register themselves.
     */
    public static void hideFrames(Class<?> type) {
        if (!HIDDEN.contains(type)) {
            HIDDEN.add(type);
        }
    }

    /**
     * Starts tracking {@code object} according to the current mode; returns {@code null} when
     * it is not tracked. {@code releaser} frees the object if a test leaks it; it must not
     * capture anything (pass a method reference to a static method).
     */
    public static <T> LeakRecord track(T object, int releaseOrder, Consumer<? super T> releaser) {
        Mode m = mode;
        if (m == Mode.OFF) {
            return null;
        }
        boolean tracking = m == Mode.TRACK;
        if (!tracking && ThreadLocalRandom.current().nextInt(sampleInterval) != 0) {
            return null;
        }
        LeakRecord record = new LeakRecord(IDS.incrementAndGet(), object, tracking, releaseOrder, releaser,
                site("allocated"), maxTouchRecords);
        if (tracking) {
            LIVE.put(record.id(), record);
        } else {
            record.cleanable = Detector.CLEANER.register(object, record);
        }
        return record;
    }

    /** A mark for {@link #liveSince}: objects tracked after this call have larger ids. */
    public static long mark() {
        return IDS.get();
    }

    /** Tracked objects created after {@code mark} and not yet released, oldest first. */
    public static List<LeakRecord> liveSince(long mark) {
        List<LeakRecord> out = new ArrayList<>();
        for (LeakRecord r : LIVE.values()) {
            if (r.id() > mark && !r.isClosed()) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(LeakRecord::id));
        return out;
    }

    /** Number of tracked objects alive. */
    public static int liveCount() {
        return LIVE.size();
    }

    /**
     * Frees the given leaked objects (lists, then buffers, then memories) and stops tracking
     * them. An object that cannot be freed (a memory still mapped) stays allocated but is no
     * longer tracked, so it is reported once.
     */
    public static void releaseLeaked(List<LeakRecord> records) {
        List<LeakRecord> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingInt(LeakRecord::releaseOrder).thenComparingLong(LeakRecord::id));
        RuntimeException failure = null;
        for (LeakRecord r : ordered) {
            try {
                r.releaseLeaked();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            LIVE.remove(r.id());
        }
        if (failure != null) {
            throw failure;
        }
    }

    public static void addListener(LeakListener listener) {
        LISTENERS.add(Objects.requireNonNull(listener, "listener"));
    }

    public static void removeListener(LeakListener listener) {
        LISTENERS.remove(listener);
    }

    static void closed(LeakRecord record) {
        LIVE.remove(record.id());
    }

    static void reportUnreachable(LeakRecord record) {
        String report = "LEAK: an object was garbage-collected without being released; "
                + "its native resources are lost.\n" + record.report();
        LOG.log(System.Logger.Level.WARNING, report);
        for (LeakListener l : LISTENERS) {
            try {
                l.onLeak(record);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "leak listener failed", e);
            }
        }
    }

    static LeakRecord.Site site(String what) {
        return new LeakRecord.Site(what, Thread.currentThread().getName(), WALKER.walk(CAPTURE));
    }

    /** The test runner's frames say nothing about the leak. */
    private static boolean notTestRunner(StackFrame frame) {
        return !frame.getClassName().startsWith("org.junit.");
    }

    private static boolean notReflection(StackFrame frame) {
        String c = frame.getClassName();
        return !c.startsWith("jdk.internal.reflect.") && !c.startsWith("java.lang.reflect.");
    }

    private static boolean hidden(StackFrame frame) {
        Class<?> c = frame.getDeclaringClass();
        Class<?> host = c.getNestHost();
        for (Class<?> h : HIDDEN) {
            if (h.isAssignableFrom(c) || h.isAssignableFrom(host)) {
                return true;
            }
        }
        return false;
    }
}
