package org.zeropipe.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.caps.SharedVectors;

class CapsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoCapsPrintEveryResultInCanonicalForm() {
        assertEquals(0, run("caps", "video/x-raw,format={RGBA,NV12},width=[1,4096]; video/x-raw(memory:GLMemory)",
                "video/x-raw,format=NV12,width=1920"));
        assertEquals("""
                A:              video/x-raw, format=(string){ RGBA, NV12 }, width=(int)[ 1, 4096 ]; video/x-raw(memory:GLMemory)
                B:              video/x-raw, format=(string)NV12, width=(int)1920
                A∩B:            video/x-raw, format=(string)NV12, width=(int)1920
                A∩B (first):    video/x-raw, format=(string)NV12, width=(int)1920
                A⊆B:            false
                B⊆A:            true
                can-intersect:  true
                equal:          false
                is-fixed(A∩B):  true
                fixate(A∩B):    video/x-raw, format=(string)NV12, width=(int)1920
                """, out());
    }

    @Test
    void oneCapsPrintsItsCanonicalFormAndWhetherItIsFixed() {
        assertEquals(0, run("caps", "audio/x-raw,rate=48000,channels=2"));
        assertEquals("caps:      audio/x-raw, rate=(int)48000, channels=(int)2\nis-fixed:  true\n", out());
    }

    @Test
    void anyHasNothingToFixate() {
        assertEquals(0, run("caps", "ANY", "ANY"));
        assertTrue(out().contains("fixate(A∩B):    <ANY: not fixatable>"), out());
    }

    @Test
    void invalidCapsShowWhereAndExitWithOne() {
        assertEquals(1, run("caps", "video/x-raw", "video/x-raw,width=[10,5]"));
        assertEquals("""
                zeropipe caps: invalid caps B at position 18: expected a range whose start is below its end, \
                got [ 10, 5 ] (a single value is written without brackets)
                  video/x-raw,width=[10,5]
                                    ^
                """, err());
        assertEquals("", out());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run("caps"));
        assertEquals(2, run("caps", "a", "b", "c"));
        assertEquals(2, run("caps", "--jsonl"));
        assertEquals(2, run("caps", "--frobnicate", "a"));
        assertTrue(err().contains("usage: ./zeropipe caps"), err());
    }

    @Test
    void jsonlWritesOneObjectPerPairAndAnErrorForBadLines(@TempDir Path dir) throws IOException {
        Path pairs = dir.resolve("pairs.tsv");
        Files.writeString(pairs, "# a comment\n\nvideo/x-raw\tvideo/x-raw,width=[3,1]\nno tab here\n"
                + " ANY \tvideo/x-raw,title=\"∩ é\"\n", StandardCharsets.UTF_8);
        assertEquals(0, run("caps", "--jsonl", pairs.toString()));
        assertEquals("""
                {"error": "line 3: invalid caps B at position 18: expected a range whose start is below its end, \
                got [ 3, 1 ] (a single value is written without brackets)"}
                {"error": "line 4: expected two caps separated by a TAB"}
                {"in_A": "ANY", "in_B": "video/x-raw,title=\\"∩ é\\"", "A": "ANY", \
                "B": "video/x-raw, title=(string)\\"\\\\342\\\\210\\\\251\\\\ \\\\303\\\\251\\"", \
                "A∩B": "video/x-raw, title=(string)\\"\\\\342\\\\210\\\\251\\\\ \\\\303\\\\251\\"", \
                "A∩B first": "video/x-raw, title=(string)\\"\\\\342\\\\210\\\\251\\\\ \\\\303\\\\251\\"", \
                "A⊆B": false, "B⊆A": true, "can_intersect": true, "equal": false, "A∩B is_fixed": true, \
                "fixate(A∩B)": "video/x-raw, title=(string)\\"\\\\342\\\\210\\\\251\\\\ \\\\303\\\\251\\""}
                """, out());
        assertEquals(1, run("caps", "--jsonl", dir.resolve("missing.tsv").toString()));
        assertTrue(err().contains("no such file"), err());
    }

    /** The command's output for the vectors' own pairs is the vector file, line for line. */
    @Test
    void jsonlReproducesTheGStreamerVectors(@TempDir Path dir) throws IOException {
        List<String> vectors = SharedVectors.lines(SharedVectors.ALGEBRA);
        List<String> pairs = new ArrayList<>();
        for (String line : vectors) {
            var v = SharedVectors.parse(line);
            pairs.add(v.get("in_A") + "\t" + v.get("in_B"));
        }
        Path file = dir.resolve("pairs.tsv");
        Files.write(file, pairs, StandardCharsets.UTF_8);
        assertEquals(0, run("caps", "--jsonl", file.toString()));
        List<String> lines = out().lines().toList();
        assertEquals(vectors.size(), lines.size());
        for (int i = 0; i < vectors.size(); i++) {
            assertEquals(vectors.get(i), lines.get(i), "line " + (i + 1));
        }
    }

    @Test
    void helpListsTheCapsCommand() {
        assertEquals(0, run("help", "caps"));
        assertTrue(out().contains("--jsonl FILE"), out());
    }
}
