package org.zeropipe.core.caps;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every vector GStreamer 1.22 produced, checked against zeropipe. Each vector is one dynamic
 * test named after its line, so a failure says which line and which key.
 */
class CapsConformanceTest {

    @TestFactory
    Stream<DynamicTest> algebraMatchesGStreamer() {
        List<String> lines = SharedVectors.lines(SharedVectors.ALGEBRA);
        return IntStream.range(0, lines.size()).mapToObj(i -> DynamicTest.dynamicTest(
                SharedVectors.ALGEBRA + ":" + (i + 1), () -> checkAlgebra(SharedVectors.parse(lines.get(i)))));
    }

    private static void checkAlgebra(Map<String, Object> v) {
        Caps a = Caps.parse((String) v.get("in_A"));
        Caps b = Caps.parse((String) v.get("in_B"));
        Caps ab = a.intersect(b);
        assertAll(
                () -> assertEquals(v.get("A"), a.toString(), "A"),
                () -> assertEquals(v.get("B"), b.toString(), "B"),
                () -> assertEquals(v.get("A∩B"), ab.toString(), "A∩B"),
                () -> assertEquals(v.get("A∩B first"), a.intersect(b, IntersectMode.FIRST).toString(), "A∩B first"),
                () -> assertEquals(v.get("A⊆B"), a.isSubsetOf(b), "A⊆B"),
                () -> assertEquals(v.get("B⊆A"), b.isSubsetOf(a), "B⊆A"),
                () -> assertEquals(v.get("can_intersect"), a.canIntersect(b), "can_intersect"),
                () -> assertEquals(v.get("equal"), a.equals(b), "equal"),
                () -> assertEquals(v.get("A∩B is_fixed"), ab.isFixed(), "A∩B is_fixed"),
                () -> assertEquals(v.get("fixate(A∩B)"), ab.isAny() ? "<ANY: not fixatable>" : ab.fixate().toString(),
                        "fixate(A∩B)"));
    }

    /**
     * The parse vectors. Where GStreamer printed a critical ({@code [10,5]}, a bound that is not
     * a multiple of the step) zeropipe rejects the string. Of the malformed strings GStreamer
     * accepts, zeropipe accepts a trailing comma ({@code video/x-raw,}) like GStreamer, and
     * rejects caps features without their closing parenthesis ({@code video/x-raw(memory:GLMemory}),
     * because GStreamer would then swallow the rest of the string as feature names.
     */
    @TestFactory
    Stream<DynamicTest> parsingMatchesGStreamer() {
        List<String> lines = SharedVectors.lines(SharedVectors.PARSE);
        return IntStream.range(0, lines.size()).mapToObj(i -> DynamicTest.dynamicTest(
                SharedVectors.PARSE + ":" + (i + 1), () -> checkParse(SharedVectors.parse(lines.get(i)))));
    }

    private static void checkParse(Map<String, Object> v) {
        String in = (String) v.get("in");
        if (v.get("canonical") == null || v.containsKey("criticals") || in.equals("video/x-raw(memory:GLMemory")) {
            assertThrows(CapsParseException.class, () -> Caps.parse(in), in);
            return;
        }
        Caps c = Caps.parse(in);
        assertAll(
                () -> assertEquals(v.get("canonical"), c.toString(), "canonical"),
                () -> assertEquals(v.get("is_fixed"), c.isFixed(), "is_fixed"),
                () -> assertEquals(v.get("is_any"), c.isAny(), "is_any"),
                () -> assertEquals(v.get("is_empty"), c.isEmpty(), "is_empty"),
                () -> assertEquals(((Number) v.get("size")).intValue(), c.size(), "size"));
    }

    /** Printing any vector's caps and parsing the text gives back equal caps, printed the same. */
    @TestFactory
    Stream<DynamicTest> everyVectorRoundTrips() {
        List<String> algebra = SharedVectors.lines(SharedVectors.ALGEBRA);
        List<String> parse = SharedVectors.lines(SharedVectors.PARSE);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < algebra.size(); i++) {
            Map<String, Object> v = SharedVectors.parse(algebra.get(i));
            List<Executable> checks = new ArrayList<>();
            for (String key : List.of("in_A", "in_B", "A∩B", "A∩B first")) {
                String text = (String) v.get(key);
                checks.add(() -> roundTrip(key, text));
            }
            tests.add(DynamicTest.dynamicTest(SharedVectors.ALGEBRA + ":" + (i + 1), () -> assertAll(checks)));
        }
        for (int i = 0; i < parse.size(); i++) {
            Map<String, Object> v = SharedVectors.parse(parse.get(i));
            String in = (String) v.get("in");
            if (v.get("canonical") != null && !v.containsKey("criticals")
                    && !in.equals("video/x-raw(memory:GLMemory")) {
                tests.add(DynamicTest.dynamicTest(SharedVectors.PARSE + ":" + (i + 1), () -> roundTrip("in", in)));
            }
        }
        return tests.stream();
    }

    private static void roundTrip(String key, String text) {
        Caps c = Caps.parse(text);
        Caps again = Caps.parse(c.toString());
        assertEquals(c, again, key + ": " + text);
        assertEquals(c.toString(), again.toString(), key + ": " + text);
    }
}
