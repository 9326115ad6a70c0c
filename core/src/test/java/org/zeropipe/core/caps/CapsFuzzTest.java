package org.zeropipe.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Random and mutated caps strings: parsing may only fail with a {@link CapsParseException}, never
 * hang, and whatever parses must print, parse back and go through the algebra without exceptions.
 * Deterministic: {@code -Dzeropipe.fuzz.seed=N} replays a run, {@code -Dzeropipe.fuzz.count=N}
 * sets its length (100,000 by default); a failure names the seed and the input.
 */
class CapsFuzzTest {

    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final String[] NAMES = {"video/x-raw", "audio/x-raw", "image/jpeg", "a", "\"b/c\""};
    private static final String[] FEATURES = {"", "", "", "(memory:GLMemory)", "(ANY)",
        "(memory:GLMemory, meta:GstVideoOverlayComposition)", "(memory:SystemMemory)", "()", "(memory:DMABuf)"};
    private static final String[] FIELDS = {"width", "height", "format", "framerate", "x", "y"};
    private static final String[] SCALARS = {"1", "-7", "320", "1920", "0x1F", "010", "08", "2147483647", "min", "max",
        "4294967296", "1.5", "0.1", "1e-5", "-0.0", "inf", "nan", "30/1", "30000/1001", "0/1", "1/max", "RGBA", "NV12",
        "I420", "true", "no", "t", "1:3", "a-b", "NULL", "\"NULL\"", "\"hello world\"", "\"a,b;c\"", "\"q\\\"x\"",
        "\"h\\303\\251\"", "\"\"", "(string)\"\"", "(uint)5", "(gint64)-9", "(guint64)max", "(bitmask)0x3",
        "(fraction)5", "(double)2", "(boolean)1", "(flagset)ff:f0", "(int)[ 1, 4 ]", "(GstIntRange)[ 2, 8, 2 ]"};
    private static final String SYNTAX = ",;=()[]{}<>\"\\ \t/:.-+0123456789abcxyzAVNULL";

    @Test
    void parserAndAlgebraSurviveRandomAndMutatedCaps() throws InterruptedException {
        long seed = Long.getLong("zeropipe.fuzz.seed", 20_261_123L);
        int count = Integer.getInteger("zeropipe.fuzz.count", 100_000);
        List<String> corpus = corpus();
        AtomicReference<String> current = new AtomicReference<>();
        AtomicLong startedAt = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> failedInput = new AtomicReference<>();
        int[] parsed = new int[1];
        Thread worker = Thread.ofPlatform().daemon().name("caps-fuzz").start(() -> {
            Random random = new Random(seed);
            List<Caps> pool = new ArrayList<>(List.of(Caps.ANY, Caps.EMPTY, Caps.parse("video/x-raw")));
            for (int i = 0; i < count; i++) {
                String input = next(random, corpus);
                current.set(input);
                startedAt.set(System.nanoTime());
                try {
                    Caps caps = check(input, pool.get(random.nextInt(pool.size())));
                    if (caps != null) {
                        parsed[0]++;
                        pool.set(pool.size() < 64 ? pool.size() - 1 : random.nextInt(64), caps);
                        if (pool.size() < 64) {
                            pool.add(caps);
                        }
                    }
                } catch (Throwable t) {
                    failedInput.set(input);
                    failure.set(t);
                    return;
                }
            }
            startedAt.set(0);
        });
        while (worker.isAlive()) {
            worker.join(100);
            long started = startedAt.get();
            if (started != 0 && worker.isAlive() && System.nanoTime() - started > HANG_NANOS) {
                fail("seed " + seed + ": no answer after 5 s for input " + quote(current.get()));
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("seed " + seed + ", input " + quote(failedInput.get()) + ": " + failure.get(),
                    failure.get());
        }
        // Both paths must have been exercised, or the generator has gone blind.
        assertTrue(parsed[0] > count / 5, "only " + parsed[0] + " of " + count + " inputs parsed");
        assertTrue(parsed[0] < count * 9 / 10, "only " + (count - parsed[0]) + " of " + count + " inputs rejected");
    }

    /** Parses one input and checks everything the result must satisfy; null when it was rejected. */
    private static Caps check(String input, Caps other) {
        Caps caps;
        try {
            caps = Caps.parse(input);
        } catch (CapsParseException e) {
            assertTrue(e.position() >= 0 && e.position() <= input.length());
            assertTrue(e.getMessage().contains("^"));
            return null;
        }
        String text = caps.toString();
        Caps again = Caps.parse(text);
        assertEquals(text, again.toString(), "printing is stable");
        if (!text.contains("nan")) { // NaN never equals itself, in GStreamer as here
            assertEquals(caps, again, "parse(toString(c)) equals c");
            assertEquals(caps.hashCode(), again.hashCode());
        }
        // Except for empty lists, which GStreamer finds equal but without a common value
        boolean emptyList = text.contains("{  }") || other.toString().contains("{  }");
        for (IntersectMode mode : IntersectMode.values()) {
            Caps common = caps.intersect(other, mode);
            if (!emptyList) {
                assertEquals(!common.isEmpty(), caps.canIntersect(other),
                        () -> "canIntersect agrees with intersect, with " + other);
            }
            Caps.parse(common.toString());
        }
        caps.isSubsetOf(other);
        caps.equals(other);
        caps.merge(other).toString();
        caps.simplify().toString();
        if (!caps.isAny()) {
            Caps fixed = caps.fixate();
            assertTrue(fixed.isEmpty() || fixed.isFixed() || fixed.toString().contains("{  }"), fixed::toString);
        }
        if (!caps.isAny() && !hasAnyFeatures(caps)) {
            Caps.parse(caps.subtract(other).toString());
        }
        if (listChoices(caps) <= 256) {
            caps.normalize().toString();
        }
        return caps;
    }

    private static boolean hasAnyFeatures(Caps caps) {
        for (int i = 0; i < caps.size(); i++) {
            if (caps.features(i).isAny()) {
                return true;
            }
        }
        return false;
    }

    /** How many structures normalizing would make, to skip the (GStreamer-faithful) combinatorial cases. */
    private static long listChoices(Caps caps) {
        long total = 0;
        for (int i = 0; i < caps.size(); i++) {
            long n = 1;
            for (int f = 0; f < caps.structure(i).size(); f++) {
                if (caps.structure(i).value(f) instanceof ValueList l) {
                    n = Math.min(n * Math.max(1, l.size()), 1 << 20);
                }
            }
            total += n;
        }
        return total;
    }

    private static String next(Random r, List<String> corpus) {
        String s = r.nextInt(3) == 0 && !corpus.isEmpty() ? corpus.get(r.nextInt(corpus.size())) : generate(r);
        int mutations = r.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            s = mutate(r, s);
        }
        return s;
    }

    private static String generate(Random r) {
        if (r.nextInt(30) == 0) {
            return pick(r, new String[] {"ANY", "EMPTY", "NONE", ""});
        }
        StringBuilder sb = new StringBuilder();
        int structures = 1 + r.nextInt(3);
        for (int i = 0; i < structures; i++) {
            if (i > 0) {
                sb.append(pick(r, new String[] {"; ", ";", " ;\t"}));
            }
            sb.append(pick(r, NAMES)).append(pick(r, FEATURES));
            int fields = r.nextInt(5);
            for (int f = 0; f < fields; f++) {
                sb.append(pick(r, new String[] {",", ", ", " , "})).append(pick(r, FIELDS)).append('=')
                        .append(value(r, 0));
            }
        }
        return sb.toString();
    }

    private static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 1 ? 3 : 7);
        return switch (kind) {
            case 0, 1, 2 -> pick(r, SCALARS);
            case 3 -> {
                int a = r.nextInt(40) - 10;
                int step = 1 + r.nextInt(3);
                yield r.nextBoolean() ? "[" + a + ", " + (a + 1 + r.nextInt(50)) + "]"
                        : "[" + a * step + "," + (a + 1 + r.nextInt(9)) * step + "," + step + "]";
            }
            case 4 -> "[" + r.nextInt(30) + "/1, " + (30 + r.nextInt(90)) + "/" + (1 + r.nextInt(2)) + "]";
            default -> {
                boolean list = kind == 5;
                StringBuilder sb = new StringBuilder(list ? "{" : "<");
                int n = r.nextInt(5);
                String first = null;
                for (int i = 0; i < n; i++) {
                    String v = first != null && r.nextInt(4) != 0 ? first : value(r, depth + 1);
                    first = first == null ? v : first;
                    sb.append(i > 0 ? ", " : "").append(v);
                }
                yield sb.append(list ? "}" : ">").toString();
            }
        };
    }

    private static String mutate(Random r, String s) {
        int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
        char c = SYNTAX.charAt(r.nextInt(SYNTAX.length()));
        return switch (r.nextInt(6)) {
            case 0 -> s.substring(0, at) + c + s.substring(at);
            case 1 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
            case 2 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
            case 3 -> s.substring(0, at);
            case 4 -> {
                int end = Math.min(s.length(), at + 1 + r.nextInt(12));
                yield s.substring(0, end) + s.substring(at, end) + s.substring(end);
            }
            default -> s.substring(0, at) + pick(r, SCALARS) + s.substring(at);
        };
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    /** The vectors' inputs when the shared folder is there, to mutate real-world caps. */
    private static List<String> corpus() {
        List<String> corpus = new ArrayList<>();
        try {
            for (String line : SharedVectors.lines(SharedVectors.ALGEBRA)) {
                Map<String, Object> v = SharedVectors.parse(line);
                corpus.add((String) v.get("in_A"));
                corpus.add((String) v.get("in_B"));
            }
            for (String line : SharedVectors.lines(SharedVectors.PARSE)) {
                corpus.add((String) SharedVectors.parse(line).get("in"));
            }
        } catch (TestAbortedException noSharedFolder) {
            // the generated inputs alone still cover the syntax
        }
        return corpus;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\n", "\\n") + "\"";
    }
}
