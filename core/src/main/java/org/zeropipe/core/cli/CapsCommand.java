package org.zeropipe.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsParseException;

/** {@code ./zeropipe caps}: a caps calculator for people debugging negotiation. */
public final class CapsCommand implements CliCommand {

    @Override
    public String name() {
        return "caps";
    }

    @Override
    public String summary() {
        return "caps calculator: canonical form, intersection, subset and fixation, as GStreamer computes them";
    }

    @Override
    public String usage() {
        return """
                usage: ./zeropipe caps CAPS
                       ./zeropipe caps A B
                       ./zeropipe caps --jsonl FILE

                With one caps: its canonical form (as gst_caps_to_string prints it) and whether it is fixed.
                With two: A, B, A∩B, A∩B (first), A⊆B, B⊆A, can-intersect, equal, is-fixed(A∩B) and
                fixate(A∩B), each caps in canonical form.
                --jsonl FILE: one A<TAB>B pair per line (blank lines and lines starting with # are skipped);
                writes one JSON object per line with the keys of the GStreamer conformance vectors
                (in_A, in_B, A, B, A∩B, A∩B first, A⊆B, B⊆A, can_intersect, equal, A∩B is_fixed,
                fixate(A∩B)), or {"error": "..."} for a line that does not parse.

                Example: ./zeropipe caps 'video/x-raw, format={ RGBA, NV12 }, width=[ 1, 4096 ]' \\
                                         'video/x-raw, format=NV12, width=1920'
                Exit status: 0 done, 1 invalid caps (the message shows where), 2 bad usage.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        // Caps and labels use non-ASCII characters (∩, ⊆, é): always write UTF-8.
        PrintStream utf8Out = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream utf8Err = new PrintStream(err, true, StandardCharsets.UTF_8);
        if (!args.isEmpty() && args.getFirst().equals("--jsonl")) {
            if (args.size() != 2) {
                utf8Err.println("zeropipe caps: --jsonl takes one FILE\n" + usage());
                return 2;
            }
            return jsonl(Path.of(args.get(1)), utf8Out, utf8Err);
        }
        if (args.isEmpty() || args.size() > 2 || args.stream().anyMatch(a -> a.startsWith("--"))) {
            utf8Err.println(usage());
            return 2;
        }
        Caps a;
        Caps b = null;
        try {
            a = parse(args.get(0), args.size() == 1 ? "" : " A");
            if (args.size() == 2) {
                b = parse(args.get(1), " B");
            }
        } catch (InvalidCaps e) {
            utf8Err.println("zeropipe caps: " + e.getMessage());
            return 1;
        }
        if (b == null) {
            utf8Out.println("caps:      " + a);
            utf8Out.println("is-fixed:  " + a.isFixed());
        } else {
            utf8Out.println(CapsReport.of(a, b).toText());
        }
        return 0;
    }

    /** Reads the whole file in this one JVM; every line gets one output line. */
    private static int jsonl(Path file, PrintStream out, PrintStream err) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                out.println(jsonLine(line, number));
            }
        } catch (NoSuchFileException e) {
            err.println("zeropipe caps: no such file: " + file);
            return 1;
        }
        return 0;
    }

    static String jsonLine(String line, int number) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            return new Json().put("error", "line " + number + ": expected two caps separated by a TAB").toString();
        }
        // Like the GStreamer oracle (caps_oracle.py), the caps are stripped of surrounding white space.
        String inA = line.substring(0, tab).strip();
        String inB = line.substring(tab + 1).strip();
        try {
            return CapsReport.of(parse(inA, " A"), parse(inB, " B")).toJson(inA, inB);
        } catch (InvalidCaps e) {
            return new Json().put("error", "line " + number + ": " + e.getMessage().lines().findFirst().orElse(""))
                    .toString();
        }
    }

    /** Parses one argument; {@code which} is "", " A" or " B", for the message. */
    private static Caps parse(String text, String which) throws InvalidCaps {
        try {
            return Caps.parse(text);
        } catch (CapsParseException e) {
            throw new InvalidCaps("invalid caps" + which + " " + e.getMessage());
        }
    }

    /** A caps argument that does not parse; the message names which one and shows where. */
    private static final class InvalidCaps extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidCaps(String message) {
            super(message);
        }
    }
}
