package org.zeropipe.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The structure API elements use instead of building caps strings by hand. */
class CapsStructureTest {

    private static final Structure VIDEO = Caps.parse("video/x-raw, format=(string)NV12, width=(int)1920, "
            + "height=(int)1080, framerate=(fraction)30000/1001, interlaced=(boolean)false, "
            + "ratio=(double)1.5, mask=(bitmask)0x3, big=(guint64)18446744073709551615, id=(gint64)-9, "
            + "u=(uint)7, flags=(flagset)1:1, title=(string)NULL").structure(0);

    @Test
    void typedAccessors() {
        assertEquals("video/x-raw", VIDEO.name());
        assertEquals("NV12", VIDEO.getString("format"));
        assertEquals(1920, VIDEO.getInt("width"));
        assertEquals(new Fraction(30000, 1001), VIDEO.getFraction("framerate"));
        assertFalse(VIDEO.getBoolean("interlaced"));
        assertEquals(1.5, VIDEO.getDouble("ratio"));
        assertEquals(3, VIDEO.getBitmask("mask"));
        assertEquals("18446744073709551615", Long.toUnsignedString(VIDEO.getUInt64("big")));
        assertEquals(-9, VIDEO.getInt64("id"));
        assertEquals(7, VIDEO.getUInt("u"));
        assertEquals(new FlagSet(1, 1), VIDEO.getFlagSet("flags"));
        assertNull(VIDEO.getString("title"));
        assertTrue(VIDEO.has("width", ValueType.INT));
        assertEquals(Optional.empty(), VIDEO.find("depth"));
        assertEquals(List.of("format", "width", "height", "framerate", "interlaced", "ratio", "mask", "big", "id", "u",
                "flags", "title"), VIDEO.fieldNames());
    }

    @Test
    void accessorsSayWhatIsWrong() {
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> VIDEO.getInt("depth"));
        assertEquals("structure video/x-raw has no field 'depth'", missing.getMessage());
        Structure open = Caps.parse("video/x-raw, width=[1, 4096]").structure(0);
        IllegalStateException notFixed = assertThrows(IllegalStateException.class, () -> open.getInt("width"));
        assertEquals("field 'width' of video/x-raw is (int)[ 1, 4096 ], not a fixed int", notFixed.getMessage());
        assertThrows(IllegalStateException.class, () -> VIDEO.getInt("format"));
    }

    @Test
    void builderKeepsFieldOrderAndReplacesInPlace() {
        Structure s = Structure.builder("video/x-raw").set("format", "RGBA").set("width", 320)
                .set("framerate", new Fraction(30, 1)).set("width", 640).build();
        assertEquals("video/x-raw, format=(string)RGBA, width=(int)640, framerate=(fraction)30/1;", s.toString());
        Structure t = s.with("height", 480).without("format").withName("image/x-raw");
        assertEquals("image/x-raw, width=(int)640, framerate=(fraction)30/1, height=(int)480;", t.toString());
        assertEquals("video/x-raw, format=(string)RGBA, width=(int)640, framerate=(fraction)30/1;", s.toString(),
                "structures are immutable");
    }

    @Test
    void builderRejectsNamesThatWouldNotPrintBack() {
        assertThrows(IllegalArgumentException.class, () -> Structure.builder("1video"));
        assertThrows(IllegalArgumentException.class, () -> Structure.builder("video raw"));
        assertThrows(IllegalArgumentException.class, () -> Structure.builder("ANY"));
        assertThrows(IllegalArgumentException.class, () -> Structure.builder("a").set("bad name", 1));
        assertThrows(IllegalArgumentException.class, () -> Structure.builder("a").set("", 1));
        assertThrows(NullPointerException.class, () -> Structure.builder("a").set("x", (Value) null));
        assertThrows(IllegalArgumentException.class, () -> CapsFeatures.of("GLMemory"));
        assertTrue(Structure.isValidName("video/x-raw+x.y:z_1"));
    }

    @Test
    void equalityIgnoresFieldOrderAndComparesValuesTheGStreamerWay() {
        Structure a = Caps.parse("a, x=1, y={ 1, 2 }").structure(0);
        Structure b = Caps.parse("a, y=[ 1, 2 ], x={ 1 }").structure(0);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(Caps.parse("a, x=1").structure(0)));
    }

    @Test
    void structureAlgebra() {
        Structure a = Caps.parse("video/x-raw, format={ RGBA, NV12 }, width=[ 1, 4096 ]").structure(0);
        Structure b = Caps.parse("video/x-raw, width=1920, height=1080").structure(0);
        assertEquals("video/x-raw, format=(string){ RGBA, NV12 }, width=(int)1920, height=(int)1080;",
                a.intersect(b).orElseThrow().toString());
        assertTrue(a.canIntersect(b));
        assertFalse(a.canIntersect(b.with("width", 8192)));
        assertTrue(a.intersect(b).orElseThrow().isSubsetOf(a));
        assertEquals("video/x-raw, format=(string)RGBA, width=(int)1;", a.fixate().toString());
        assertSame(b, b.fixate());
        assertTrue(b.isFixed());
    }

    @Test
    void fixationToTheNearestValue() {
        // each expectation is gst_structure_fixate_field_nearest_* / _boolean / _string on GStreamer 1.22
        Structure s = Caps.parse("a, w=[16,4096,16], h={240,480,720}, r=[0/1,60/1], q={15/1,30/1,60/1}, "
                + "d=(double)[0.5,2.5], b={false,true}, f={RGBA,NV12}").structure(0);
        assertEquals(992, s.fixateFieldNearestInt("w", 1000).getInt("w"));
        assertEquals(1008, s.fixateFieldNearestInt("w", 1001).getInt("w"));
        assertEquals(480, s.fixateFieldNearestInt("h", 600).getInt("h"));
        assertEquals(720, s.fixateFieldNearestInt("h", 601).getInt("h"));
        assertEquals(new Fraction(60, 1), s.fixateFieldNearestFraction("r", Fraction.of(100)).getFraction("r"));
        assertEquals(new Fraction(30, 1), s.fixateFieldNearestFraction("q", Fraction.of(24)).getFraction("q"));
        assertEquals(2.5, s.fixateFieldNearestDouble("d", 9.0).getDouble("d"));
        assertTrue(s.fixateFieldBoolean("b", true).getBoolean("b"));
        assertEquals("NV12", s.fixateFieldString("f", "NV12").getString("f"));
        assertEquals("RGBA", s.fixateFieldString("f", "I420").getString("f"));
        Structure fixed = s.fixateFieldNearestInt("h", 600);
        assertSame(fixed, fixed.fixateFieldNearestInt("h", 100), "a fixed field is left alone");
    }

    @Test
    void capsFeatures() {
        CapsFeatures gl = CapsFeatures.of("memory:GLMemory", "meta:GstVideoOverlayComposition", "memory:GLMemory");
        assertEquals(List.of("memory:GLMemory", "meta:GstVideoOverlayComposition"), gl.names());
        assertEquals("memory:GLMemory, meta:GstVideoOverlayComposition", gl.toString());
        assertSame(CapsFeatures.SYSTEM_MEMORY, CapsFeatures.of("memory:SystemMemory"));
        assertTrue(CapsFeatures.SYSTEM_MEMORY.contains(CapsFeatures.MEMORY_SYSTEM_MEMORY));
        assertTrue(CapsFeatures.ANY.matches(gl));
        assertFalse(CapsFeatures.ANY.equals(gl));
        assertFalse(gl.matches(CapsFeatures.SYSTEM_MEMORY));
    }
}
