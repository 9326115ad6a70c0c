package org.zeropipe.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LaunchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    /** The element objects of the stats JSON, each as its text. */
    private static List<String> elements(String json) {
        List<String> r = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"name\": [^}]*\\}").matcher(json);
        while (m.find()) {
            r.add(m.group());
        }
        return r;
    }

    @Test
    void runsToEosAndWritesTheStatsJson() throws Exception {
        Path json = dir.resolve("stats.json");
        assertEquals(0, run("launch", "--stats-json", json.toString(), "fakesrc", "num-buffers=100", "!", "fakesink"), err());
        String s = Files.readString(json);
        assertEquals(100, number(s, "frames"), s);
        assertEquals(0, number(s, "count"), s);
        assertTrue(s.contains("\"copies\": {\"count\": 0, \"bytes\": 0, \"by\": []}"), s);
        assertTrue(s.contains("\"factory\": \"fakesrc\", \"buffersIn\": 0, \"buffersOut\": 100, \"copies\": 0"), s);
        assertTrue(s.contains("\"factory\": \"fakesink\", \"buffersIn\": 100, \"buffersOut\": 0, \"copies\": 0"), s);
        assertTrue(s.matches("(?s).*\"links\": \\[\\{\"src\": \"fakesrc\\d+:src\", \"sink\": \"fakesink\\d+:sink\", "
                + "\"caps\": null, \"memory\": \"-\", \"buffers\": 100\\}\\].*"), s);
        assertTrue(out().contains("Got EOS"), out());
    }

    @Test
    void aPipelineWithoutCopiesReportsZeroEvenWithMemory() throws Exception {
        Path json = dir.resolve("stats.json");
        assertEquals(0, run("launch", "--stats", "--stats-json", json.toString(),
                "fakesrc num-buffers=50 size=1024 ! tee name=t ! queue ! fakesink t. ! queue ! fakesink"), err());
        String s = Files.readString(json);
        assertEquals(50, number(s, "frames"), s);
        assertTrue(s.contains("\"copies\": {\"count\": 0, \"bytes\": 0"), s);
        assertTrue(s.contains("\"memory\": \"SystemMemory\""), s);
        assertTrue(out().contains("copies: 0, 0 bytes — zero-copy"), out());
    }

    @Test
    void aCopyingElementIsReportedExactly() throws Exception {
        Path json = dir.resolve("stats.json");
        assertEquals(0, run("launch", "--stats", "--stats-json", json.toString(),
                "fakesrc num-buffers=10 size=100 ! identity name=pass ! testcopy name=copier ! fakesink"), err());
        String s = Files.readString(json);
        assertEquals(10, number(s, "frames"), s);
        assertTrue(s.contains("\"copies\": {\"count\": 10, \"bytes\": 1000, \"by\": [{\"element\": \"copier\", "
                + "\"reason\": \"FILL\", \"memory\": \"SystemMemory\", \"count\": 10, \"bytes\": 1000}]}"), s);
        for (String e : elements(s)) {
            boolean copier = e.contains("\"name\": \"copier\"");
            assertEquals(copier ? 10 : 0, number(e, "copies"), e);
            assertEquals(copier ? 1000 : 0, number(e, "bytesCopied"), e);
        }
        assertTrue(out().contains("copier copied 10× (1000 bytes of SystemMemory): bytes written into a buffer from elsewhere (FILL)"),
                out());
    }

    @Test
    void verbosePrintsNegotiatedCaps() {
        assertEquals(0, run("launch", "-v", "fakesrc num-buffers=2 caps=video/x-raw,format=RGBA,width=2,height=2"
                + " ! video/x-raw ! fakesink"), err());
        assertTrue(out().matches("(?s).*capsfilter\\d+:src: caps = video/x-raw, format=\\(string\\)RGBA, "
                + "width=\\(int\\)2, height=\\(int\\)2.*"), out());
    }

    @Test
    void anErrorOnTheBusIsPrintedAndExitsOne() {
        assertEquals(1, run("launch", "fakesrc num-buffers=10 ! identity name=boom error-after=3 ! fakesink"));
        assertTrue(err().contains("ERROR from element boom: identity boom: failing after 3 buffers"), err());
    }

    @Test
    void aBadDescriptionShowsWhere() {
        assertEquals(1, run("launch", "fakesrc", "!", "fakesnk"));
        assertEquals("zeropipe launch: could not build the pipeline: at position 10: no element \"fakesnk\"; "
                + "did you mean fakesink?\n  fakesrc ! fakesnk\n            ^\n", err());
    }

    @Test
    void badUsage() {
        assertEquals(2, run("launch"));
        assertEquals(2, run("launch", "--bogus", "fakesrc"));
        assertEquals(2, run("launch", "--stats-json"));
    }

    @Test
    void dotMarksTheCopyingLinkRed() throws Exception {
        Path dot = dir.resolve("p.dot");
        assertEquals(0, run("launch", "--dot", dot.toString(),
                "fakesrc num-buffers=3 size=8 name=src ! testcopy name=copier ! fakesink name=sink"), err());
        String g = Files.readString(dot);
        assertTrue(g.startsWith("digraph pipeline {"), g);
        assertTrue(g.contains("\"src\" -> \"copier\" [label=\"ANY\\nSystemMemory\", color=red];"), g);
        assertTrue(g.contains("\"copier\" -> \"sink\" [label=\"ANY\\nSystemMemory\"];"), g);
    }

    @Test
    void latencyPrintsMinMeanMaxPerElementAndFromSourceToSink() {
        assertEquals(0, run("launch", "--latency", "fakesrc", "num-buffers=5", "!", "testsleep", "name=slow",
                "sleep-us=2000", "!", "fakesink", "name=sink"), err());
        String text = out();
        assertTrue(text.contains("latency per element (sink pad in to source pad out), ms:"), text);
        Matcher slow = Pattern.compile("\\n  slow +5 +([0-9.]+) +([0-9.]+) +([0-9.]+)\\n").matcher(text);
        assertTrue(slow.find(), text);
        assertTrue(Double.parseDouble(slow.group(1)) >= 2.0, "min is at least the sleep: " + text);
        assertTrue(Pattern.compile("\\n  sink +5 ").matcher(text.substring(text.indexOf("from source to sink"))).find(),
                text);
    }

    @Test
    void leaksReportsWhatAnElementKeptAndFails() {
        try {
            assertEquals(1, run("launch", "--leaks", "fakesrc", "num-buffers=3", "size=32", "!", "testkeep", "!",
                    "fakesink"), out() + err());
            String text = out();
            assertTrue(text.contains("leaks: 2 objects still alive at exit (1 Buffer, 1 SystemMemory)"), text);
            assertTrue(text.contains("FakeSrc"), "the allocation stack names the allocating element: " + text);
        } finally {
            assertEquals(1, org.zeropipe.core.launch.TestLaunchElements.releaseKept());
        }
        out.reset();
        assertEquals(0, run("launch", "--leaks", "fakesrc", "num-buffers=3", "size=32", "!", "queue", "!", "fakesink"),
                err());
        assertTrue(out().contains("leaks: none"), out());
    }

    @Test
    void messagesArePrintedWithMAndEIsAccepted() {
        assertEquals(0, run("launch", "-e", "-m", "fakesrc", "num-buffers=2", "!", "fakesink", "name=sink"), err());
        String text = out();
        assertTrue(text.contains("Got message #1 from element "), text);
        assertTrue(text.contains("from element \"sink\" (state-changed): old-state=NULL, new-state=READY"), text);
        assertTrue(text.contains("(eos): end of stream"), text);
    }

    /** Counts buffers pushed; made by name through --tracer. */
    public static final class CountingTracer implements org.zeropipe.core.trace.Tracer {
        static final java.util.concurrent.atomic.AtomicLong PUSHED = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void padPushPre(org.zeropipe.core.pipeline.Pad pad, org.zeropipe.core.buffer.Buffer buffer) {
            PUSHED.incrementAndGet();
        }
    }

    @Test
    void tracersAttachByNameForTheRun() {
        CountingTracer.PUSHED.set(0);
        assertEquals(0, run("launch", "--tracer", CountingTracer.class.getName(), "fakesrc", "num-buffers=7", "!",
                "identity", "!", "fakesink"), err());
        assertEquals(14, CountingTracer.PUSHED.get(), "7 buffers over 2 links");
        assertTrue(org.zeropipe.core.trace.Tracers.attached().isEmpty(), "detached after the run");

        assertEquals(0, run("launch", "--tracer", "log", "fakesrc", "num-buffers=1", "!", "fakesink"), err());
        assertEquals(2, run("launch", "--tracer", "nosuch.Tracer", "fakesrc", "!", "fakesink"));
        assertTrue(err().contains("--tracer nosuch.Tracer: no such tracer (log, or a Tracer class name)"), err());
        assertEquals(2, run("launch", "--tracer", "java.lang.String", "fakesrc", "!", "fakesink"));
        assertTrue(err().contains("--tracer java.lang.String: not a org.zeropipe.core.trace.Tracer"), err());
    }
}
