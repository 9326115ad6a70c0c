package org.zeropipe.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Caps operations the conformance vectors do not cover. Expected strings are GStreamer 1.22's
 * answers to the same calls ({@code gst_caps_subtract}, {@code _simplify}, {@code _normalize},
 * {@code _merge}, {@code _fixate}).
 */
class CapsAlgebraTest {

    private static Caps caps(String s) {
        return Caps.parse(s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/x-raw, width=[1,100]|video/x-raw, width=[20,30]|video/x-raw, width=(int){ [ 1, 19 ], [ 31, 100 ] }",
        "video/x-raw, format={RGBA,BGRA,NV12}|video/x-raw, format=BGRA|video/x-raw, format=(string){ RGBA, NV12 }",
        "video/x-raw, width=[1,10]|video/x-raw, width=5|video/x-raw, width=(int){ [ 1, 4 ], [ 6, 10 ] }",
        "video/x-raw, framerate=[0/1,60/1]|video/x-raw, framerate=[25/1,30/1]|"
                + "video/x-raw, framerate=(fraction){ [ 0/1, 25/1 ], [ 30/1, 60/1 ] }",
        "video/x-raw, ratio=(double)[0,10]|video/x-raw, ratio=(double)[2,3]|video/x-raw, ratio=(double){ [ 0, 2 ], [ 3, 10 ] }",
        "video/x-raw, width=[1,10]|video/x-raw(memory:GLMemory), width=5|video/x-raw, width=(int)[ 1, 10 ]",
        "a, x=1, y=2|a, x=1|EMPTY",
        "a, x=1|a, x=1, y=2|a, x=(int)1",
        "video/x-raw, width=[2,20,2]|video/x-raw, width=[8,12,2]|video/x-raw, width=(int){ [ 2, 6, 2 ], [ 14, 20, 2 ] }",
        "video/x-raw, width=[1,10]; audio/x-raw|audio/x-raw; video/x-raw, width=[1,4]|video/x-raw, width=(int)[ 5, 10 ]",
        "a|ANY|EMPTY", "a|EMPTY|a", "EMPTY|a|EMPTY"})
    void subtract(String minuend, String subtrahend, String expected) {
        assertEquals(expected, caps(minuend).subtract(caps(subtrahend)).toString());
    }

    @Test
    void subtractingFromAnyIsUndefinedAndSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Caps.ANY.subtract(caps("a")));
        assertTrue(e.getMessage().contains("ANY"));
        assertThrows(IllegalArgumentException.class, () -> caps("a(ANY)").subtract(caps("a")));
        assertEquals(Caps.EMPTY, caps("a(ANY)").subtract(Caps.ANY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/x-raw, width=1; video/x-raw, width=2|video/x-raw, width=(int){ 1, 2 }",
        "video/x-raw, width=[1,5]; video/x-raw, width=6|video/x-raw, width=(int)[ 1, 6 ]",
        "video/x-raw, format=RGBA, width=1; video/x-raw, format=RGBA|video/x-raw, format=(string)RGBA",
        "b; a, x=1; a|a; b",
        "video/x-raw, framerate=[0/1,30/1]; video/x-raw, framerate=[20/1,60/1]|"
                + "video/x-raw, framerate=(fraction){ [ 30/1, 60/1 ], [ 0/1, 30/1 ] }",
        "a, x=1, y=1; a, x=2, y=2|a, x=(int)1, y=(int)1; a, x=(int)2, y=(int)2",
        "a, x=[1,5]; a, x=[3,10]; a(memory:G), x=1|a, x=(int)[ 1, 10 ]; a(memory:G), x=(int)1",
        "a, r=30/1; a, r=[0/1,60/1]|a, r=(fraction){ 30/1, [ 0/1, 60/1 ] }",
        "a, r=[0/1,60/1]; a, r=30/1|a, r=(fraction)[ 0/1, 60/1 ]",
        "a, w=5; a, w=[1,4]|a, w=(int)[ 1, 5 ]",
        "a, f=1:1; a, f=2:2|a, f=(flagset)3:3"})
    void simplify(String in, String expected) {
        assertEquals(expected, caps(in).simplify().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/x-raw, format={RGBA,NV12}, width={1,2}|video/x-raw, format=(string)RGBA, width=(int)1; "
                + "video/x-raw, format=(string)NV12, width=(int)1; video/x-raw, format=(string)RGBA, width=(int)2; "
                + "video/x-raw, format=(string)NV12, width=(int)2",
        "a(memory:G), x={{1,2},3}|a(memory:G), x=(int)1; a(memory:G), x=(int)3; a(memory:G), x=(int)2",
        "a, x={1}; b, y={1,2}|a, x=(int)1; b, y=(int)1; b, y=(int)2",
        "a, x={}; b|b", "ANY|ANY"})
    void normalize(String in, String expected) {
        assertEquals(expected, caps(in).normalize().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "video/x-raw, width=[1,10]|video/x-raw, width=5; audio/x-raw|video/x-raw, width=(int)[ 1, 10 ]; audio/x-raw",
        "a(ANY)|a(ANY); a(memory:G); a|a(ANY)",
        "EMPTY|a; a|a", "a|ANY|ANY", "ANY|a|ANY"})
    void merge(String a, String b, String expected) {
        assertEquals(expected, caps(a).merge(caps(b)).toString());
    }

    @Test
    void appendTruncate() {
        assertEquals("a; b; a", caps("a; b").append(caps("a")).toString());
        assertSame(Caps.ANY, caps("a").append(Caps.ANY));
        assertEquals("a", caps("a; b; c").truncate().toString());
        assertSame(Caps.EMPTY, Caps.EMPTY.truncate());
    }

    @Test
    void fixateTakesTheFirstStructureAndTheFirstOfEveryChoice() {
        assertEquals("video/x-raw, width=(int)16, framerate=(fraction)30/1, views=(int)< 1, 3 >, "
                        + "f=(flagset)1:ffffffff, d=(double)1.5",
                caps("video/x-raw(ANY), width=[16,4096], framerate={30/1,[0/1,60/1]}, views=<{1,2},[3,4]>, "
                        + "f=(flagset)1:3, d=(double)[1.5,3]; audio/x-raw").fixate().toString());
        assertSame(Caps.EMPTY, Caps.EMPTY.fixate());
        IllegalStateException e = assertThrows(IllegalStateException.class, Caps.ANY::fixate);
        assertTrue(e.getMessage().contains("ANY caps cannot be fixated"));
        assertTrue(caps("a, w=[1,2]; b").fixate().isFixed());
    }

    @Test
    void noFeaturesMeanSystemMemory() {
        Caps plain = caps("video/x-raw, width=1");
        Caps explicit = caps("video/x-raw(memory:SystemMemory), width=1");
        assertEquals(plain, explicit);
        assertEquals("video/x-raw, width=(int)1", explicit.toString());
        assertTrue(explicit.features(0).isSystemMemory());
        assertEquals(Caps.EMPTY, plain.intersect(caps("video/x-raw(memory:GLMemory)")));
    }

    @Test
    void featuresMatchAsASet() {
        Caps ab = caps("a(memory:GLMemory, meta:GstVideoOverlayComposition)");
        Caps ba = caps("a(meta:GstVideoOverlayComposition, memory:GLMemory)");
        assertEquals(ab, ba);
        assertTrue(ab.canIntersect(ba));
        assertFalse(ab.canIntersect(caps("a(memory:GLMemory)")));
        assertEquals(CapsFeatures.of("memory:GLMemory", "meta:X"), CapsFeatures.of("meta:X", "memory:GLMemory"));
    }

    @Test
    void anyFeaturesMatchAnythingAndTakeTheOtherSides() {
        Caps any = caps("a(ANY), x=1");
        assertEquals("a(memory:B), x=(int)1, y=(int)2", any.intersect(caps("a(memory:B), y=2")).toString());
        assertEquals("a(memory:B), x=(int)1, y=(int)2", caps("a(memory:B), y=2").intersect(any).toString()
                .replace("y=(int)2, x=(int)1", "x=(int)1, y=(int)2"));
        assertEquals("a(ANY), x=(int)1", any.intersect(caps("a(ANY)")).toString());
        assertFalse(any.isFixed());
        // ANY features are only a subset of ANY features
        assertFalse(any.isSubsetOf(caps("a")));
        assertTrue(caps("a, x=1").isSubsetOf(caps("a(ANY)")));
        assertEquals("a, x=(int)1", any.fixate().toString());
    }

    @Test
    void intersectionOrders() {
        Caps a = caps("x, v=1; y, v=1; z, v=1");
        Caps b = caps("z; y; x");
        // zig-zag: by the sum of the indexes on both sides; first: in the order of the first caps
        assertEquals("x, v=(int)1; y, v=(int)1; z, v=(int)1", a.intersect(b, IntersectMode.FIRST).toString());
        assertEquals("z, v=(int)1; y, v=(int)1; x, v=(int)1", a.intersect(b).toString());
        assertEquals("x, v=(int)1; z, v=(int)1; y, v=(int)1",
                a.intersect(caps("x; z; y"), IntersectMode.ZIG_ZAG).toString());
        assertSame(b, Caps.ANY.intersect(b));
        assertSame(Caps.EMPTY, Caps.EMPTY.intersect(Caps.ANY));
    }

    @Test
    void equalityIsTheSameSetOfFormats() {
        Caps list = caps("video/x-raw, width={ 1, 2 }");
        Caps range = caps("video/x-raw, width=[ 1, 2 ]");
        assertEquals(list, range);
        assertEquals(list.hashCode(), range.hashCode());
        assertTrue(list.isStrictlyEqual(range), "structures compare values the GStreamer way");
        assertNotEquals(caps("a; b"), caps("a"));
        assertEquals(caps("a; b"), caps("b; a"));
        assertFalse(caps("a; b").isStrictlyEqual(caps("b; a")));
        assertFalse(caps("a(ANY)").isStrictlyEqual(caps("a")));
        assertTrue(caps("a, x=1").isAlwaysCompatible(caps("a")));
        assertFalse(caps("a").isAlwaysCompatible(caps("a, x=1")));
        assertNotEquals(Caps.ANY, Caps.EMPTY);
    }

    @Test
    void builderMakesTheSameCapsAsTheirString() {
        Caps built = Caps.builder()
                .add(Structure.builder("video/x-raw").setList("format", "RGBA", "BGRA").setRange("width", 1, 2147483647)
                        .build())
                .add(Structure.builder("video/x-raw").set("format", "RGBA").build(), CapsFeatures.of("memory:GLMemory"))
                .build();
        assertEquals("video/x-raw, format=(string){ RGBA, BGRA }, width=(int)[ 1, 2147483647 ]; "
                + "video/x-raw(memory:GLMemory), format=(string)RGBA", built.toString());
        assertTrue(built.isStrictlyEqual(caps(built.toString())));
        assertSame(Caps.EMPTY, Caps.builder().build());
        assertEquals(2, built.size());
    }
}
