package org.zeropipe.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The caps syntax beyond the conformance vectors. Each expected string below is what
 * GStreamer 1.22's {@code gst_caps_to_string(gst_caps_from_string(input))} printed.
 */
class CapsParserTest {

    static Stream<Arguments> acceptedLikeGStreamer() {
        return Stream.of(
                // inference order int, double, fraction, flagset, boolean, string; C number syntax
                Arguments.of("a,w=0x10,x=010,y=08,z=1e5,v=inf,u=-INF,t=.5,s=-0x7fffffff",
                        "a, w=(int)16, x=(int)8, y=(double)8, z=(double)100000, v=(double)inf, u=(double)-inf, "
                                + "t=(double)0.5, s=(int)-2147483647"),
                Arguments.of("a,w=min,x=max,y=little_endian,z=big_endian",
                        "a, w=(int)-2147483648, x=(int)2147483647, y=(int)1234, z=(int)4321"),
                Arguments.of("a,b1=t,b2=yes,b3=FALSE,b4=(boolean)1,f=1:2,g=(flagset)ff:f0",
                        "a, b1=(boolean)true, b2=(boolean)true, b3=(boolean)false, b4=(boolean)true, "
                                + "f=(flagset)0:2, g=(flagset)f0:f0"),
                Arguments.of("a,x=1-2,y=00:01:00:00", "a, x=(flagset)0:fffffffe, y=(string)00:01:00:00"),
                // strings: quoting, octal escapes for bytes outside printable ASCII, NULL
                Arguments.of("a,s1=\"hello world\",s2=\"h\\303\\251\",s3=(string)NULL,s4=\"NULL\",s5=(string)\"\","
                                + "s6=\"tab\\\tx\",s7=\"a\\\\b\"",
                        "a, s1=(string)\"hello\\ world\", s2=(string)\"h\\303\\251\", s3=(string)NULL, "
                                + "s4=(string)\"NULL\", s5=(string)\"\", s6=(string)\"tab\\011x\", s7=(string)\"a\\\\b\""),
                Arguments.of("a,s=\"hé\"", "a, s=(string)\"h\\303\\251\""),
                // explicit types and their special words
                Arguments.of("a,u=(uint)5,i=(gint64)-9,g=(guint64)max,m=(bitmask)0x3,f=(fraction)5,"
                                + "h=(fraction)1/max,d=(double)max,e=(double)min",
                        "a, u=(uint)5, i=(gint64)-9, g=(guint64)18446744073709551615, m=(bitmask)0x0000000000000003, "
                                + "f=(fraction)5/1, h=(fraction)1/2147483647, d=(double)1.7976931348623157e+308, "
                                + "e=(double)-1.7976931348623157e+308"),
                Arguments.of("a,w=(gint)1,x=(i)2,y=(gdouble)1.5,z=(GstFraction)2/4,v=(s)x,t=(b)no",
                        "a, w=(int)1, x=(int)2, y=(double)1.5, z=(fraction)1/2, v=(string)x, t=(boolean)false"),
                // doubles print as C's %.17g
                Arguments.of("a,w=1.0,x=0.1,y=1e-5,z=123456789012345678,v=1e17,u=1e16,t=0.0001,s=0.00001",
                        "a, w=(double)1, x=(double)0.10000000000000001, y=(double)1.0000000000000001e-05, "
                                + "z=(double)1.2345678901234568e+17, v=(double)1e+17, u=(double)10000000000000000, "
                                + "t=(double)0.0001, s=(double)1.0000000000000001e-05"),
                // ranges, lists, arrays, nesting
                Arguments.of("a, w=(int)[ 2, 10, 2 ], x=(gint64)[ -4, 8, 4 ], y=(double)[ 0.5, 1.5 ], z=(fraction)[ 1/2, 3/1 ]",
                        "a, w=(int)[ 2, 10, 2 ], x=(gint64)[ -4, 8, 4 ], y=(double)[ 0.5, 1.5 ], z=(fraction)[ 1/2, 3/1 ]"),
                Arguments.of("a,l={},m={,1},n={1,},o=<>", "a, l=(int){  }, m=(int){ 1 }, n=(int){ 1 }, o=(int)<  >"),
                Arguments.of("a,l={{1,2},{3}},m=<<1>,<2,3>>,n={<1,{2,3}>}",
                        "a, l=(int){ { (int)1, (int)2 }, { (int)3 } }, m=(int)< < (int)1 >, < (int)2, (int)3 > >, "
                                + "n=(int){ < (int)1, (list){ (int)2, (int)3 } > }"),
                Arguments.of("a,w=(int){ { (list){ (int)1 } } }", "a, w=(int){ { (list){ (int)1 } } }"),
                Arguments.of("a,w={1,[2,5]},x={ [0/1,5/1], 30/1 }",
                        "a, w=(int){ 1, [ 2, 5 ] }, x=(fraction){ [ 0/1, 5/1 ], 30/1 }"),
                // white space, escaped white space, quoted names, repeated fields, features
                Arguments.of("a,\tw=1,\n x = 2 ,\\ y=3", "a, w=(int)1, x=(int)2, y=(int)3"),
                Arguments.of("\"video/x-raw\",w=1", "video/x-raw, w=(int)1"),
                Arguments.of("a,x=1,y=2,x=3", "a, x=(int)3, y=(int)2"),
                Arguments.of("a(memory:A,memory:A)", "a(memory:A)"),
                Arguments.of("a()", "a"),
                Arguments.of("a(memory:SystemMemory, meta:X)", "a(memory:SystemMemory, meta:X)"),
                Arguments.of("a; b;", "a; b"),
                // GStreamer prints "{ a,  }" with a critical for a NULL string in a list
                Arguments.of("a,w={a,NULL},x={ {NULL} }", "a, w=(string){ a, NULL }, x=(string){ { (string)NULL } }"),
                Arguments.of("", "EMPTY"),
                Arguments.of("NONE", "EMPTY"));
    }

    @ParameterizedTest
    @MethodSource
    void acceptedLikeGStreamer(String input, String canonical) {
        Caps caps = Caps.parse(input);
        assertEquals(canonical, caps.toString());
        assertEquals(caps, Caps.parse(canonical), "the canonical form parses back to equal caps");
    }

    @Test
    void notANumberPrintsLikeCButNeverEqualsItselfLikeInGStreamer() {
        Caps c = Caps.parse("a,x=nan,y=-nan");
        assertEquals("a, x=(double)nan, y=(double)-nan", c.toString());
        assertEquals(c.toString(), Caps.parse(c.toString()).toString());
        assertNotEquals(c, Caps.parse(c.toString()));
    }

    /** Where zeropipe reads accepted input differently from GStreamer 1.22, on purpose. */
    @Test
    void quotedValuesAreStringsEvenWhenTheyLookLikeNumbers() {
        // GStreamer 1.22 reads "2" as an int, warning that this will change; zeropipe makes the change.
        assertEquals("a, w=(string)2, x=(string)\"\"", Caps.parse("a,w=\"2\",x=\"\"").toString());
    }

    @Test
    void rangeCastsThatGStreamerPrintsAlsoParse() {
        // GStreamer prints ranges nested in lists as (GstIntRange)[ ... ] but cannot read that back.
        Caps c = Caps.parse("a,w={ {1,[2,3]}, 4}");
        assertEquals("a, w=(int){ { (int)1, (GstIntRange)[ 2, 3 ] }, 4 }", c.toString());
        assertEquals(c.toString(), Caps.parse(c.toString()).toString());
        assertEquals("a, w=(double)[ 1, 2 ]", Caps.parse("a,w=(GstDoubleRange)[1,2]").toString());
    }

    @Test
    void anyAndEmptyAreOnlyCapsOnTheirOwn() {
        assertSame(Caps.ANY, Caps.parse("ANY"));
        assertSame(Caps.EMPTY, Caps.parse("EMPTY"));
        assertSame(Caps.EMPTY, Caps.parse("  \t"));
        assertError(" ANY", 1, "ANY, EMPTY and NONE are caps on their own");
        assertError("ANY; video/x-raw", 0, "ANY, EMPTY and NONE are caps on their own");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                // syntax GStreamer rejects too
                Arguments.of("video/x-raw,width=", 18, "expected a value"),
                Arguments.of("video/x-raw,width=[1,", 21, "expected a value"),
                Arguments.of("video/x-raw,format={RGBA,", 25, "expected '}' to close the list"),
                Arguments.of(",width=1", 0, "expected a structure name"),
                Arguments.of("1video", 0, "starting with an ASCII letter"),
                Arguments.of("video/x-raw,=1", 12, "expected a field name"),
                Arguments.of("video/x-raw,width=(int)abc", 23, "expected an int"),
                Arguments.of("video/x-raw,width=(fraction)abc", 28, "expected a fraction"),
                Arguments.of("video/x-raw,format=RGBA;;video/x-raw", 24, "expected a structure name"),
                Arguments.of("video/x-raw,title=\"unterminated", 18, "expected a closing '\"'"),
                Arguments.of("a,w=1 x", 6, "expected ',' before the next field"),
                Arguments.of("a,w={1,,2}", 7, "expected a value between the commas"),
                Arguments.of("a,w=(int)\"2\"", 9, "not a quoted string"),
                Arguments.of("a,w=[1, 2.5]", 8, "the end of the range to have the type of its start (int)"),
                Arguments.of("a,w=[a,b]", 5, "expected int, gint64, double or fraction bounds"),
                Arguments.of("a,w=[1,2,3,4]", 10, "expected ']' to close the range"),
                Arguments.of("a,w=\"\\1\"", 5, "expected three octal digits"),
                Arguments.of("a,w=(foo)1", 5, "expected a known type"),
                Arguments.of("video/x-raw (memory:GLMemory)", 12, "expected ',' before the next field"),
                // what GStreamer turns into garbage with a critical
                Arguments.of("video/x-raw,width=[10,5]", 18, "start is below its end, got [ 10, 5 ]"),
                Arguments.of("video/x-raw,width=[5,5]", 18, "start is below its end"),
                Arguments.of("video/x-raw,width=[1,100,2]", 19, "range start that is a multiple of the step 2, got 1"),
                Arguments.of("video/x-raw,width=[0,99,2]", 21, "range end that is a multiple of the step 2, got 99"),
                Arguments.of("video/x-raw,width=[0,10,0]", 24, "expected a positive step"),
                Arguments.of("a,x=(gint64)[1,10,2]", 13, "multiple of the step 2"),
                Arguments.of("a,r=[1/2,1/2]", 4, "start is below its end"),
                Arguments.of("a,d=[0.5,0.5]", 4, "start is below its end"),
                // what GStreamer accepts but silently wraps, truncates or drops
                Arguments.of("a,w=2147483648", 4, "GStreamer would wrap it to -2147483648"),
                Arguments.of("a,w=(int)3000000000", 9, "expected an int within"),
                Arguments.of("a,w=(uint)-1", 10, "expected a uint within 0..4294967295"),
                Arguments.of("a,w=(guint64)-1", 13, "expected a guint64"),
                Arguments.of("a,w=30000000000/1001", 4, "numerator and denominator are within"),
                Arguments.of("a,w=(bitmask)0x3zz", 13, "expected a hexadecimal bitmask"),
                Arguments.of("a,w=\"x\\000y\"", 6, "other than NUL"),
                Arguments.of("video/x-raw(memory:GLMemory", 27, "expected ')' to close the caps features"),
                Arguments.of("video/x-raw(memory:GLMemory,format=RGBA", 39, "expected ')'"),
                Arguments.of("video/x-raw(memory:GL-Memory)", 12, "namespace:Name"),
                Arguments.of("video/x-raw(memory:A )", 20, "no space may follow a feature"),
                // what GStreamer keeps but then prints in a form it cannot read back
                Arguments.of("a,w={1,a}", 7, "expected a value of the list's type, (int) like its first element, got (string)"),
                Arguments.of("a,w=<1,2.5>", 7, "expected a value of the array's type"),
                Arguments.of("a,w={ <\"a\">, 1 }", 13, "(string) like its first element, got (int)"),
                Arguments.of("a,w=<1, {a, b}>", 8, "(int) like its first element, got (string)"),
                Arguments.of("a,w={ <>, <\"a\"> }", 10, "(int) like its first element, got (string)"),
                // types zeropipe does not carry
                Arguments.of("a,w=(float)1.5", 5, "expected a type zeropipe caps support"),
                Arguments.of("a,w=[x, y=1]", 9, "expected ']' to close the range"));
    }

    @ParameterizedTest
    @MethodSource
    void rejected(String input, int position, String expected) {
        assertError(input, position, expected);
    }

    @Test
    void theMessageShowsTheInputWithACaretUnderTheProblem() {
        CapsParseException e = assertThrows(CapsParseException.class, () -> Caps.parse("video/x-raw,width=[10,5]"));
        assertEquals("""
                at position 18: expected a range whose start is below its end, got [ 10, 5 ] \
                (a single value is written without brackets)
                  video/x-raw,width=[10,5]
                                    ^""", e.getMessage());
        assertEquals("video/x-raw,width=[10,5]", e.input());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void aCaretAtTheEndPointsPastTheLastCharacter() {
        CapsParseException e = assertThrows(CapsParseException.class, () -> Caps.parse("a,w=[1,"));
        assertTrue(e.getMessage().endsWith("a,w=[1,\n         ^"), e.getMessage());
    }

    private static void assertError(String input, int position, String expected) {
        CapsParseException e = assertThrows(CapsParseException.class, () -> Caps.parse(input), input);
        assertEquals(position, e.position(), () -> input + " -> " + e.getMessage());
        assertTrue(e.expected().contains(expected), () -> input + " -> " + e.expected());
    }
}
