package org.zeropipe.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsTheBuildVersionAndJava() {
        assertEquals(0, run("version"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("zeropipe 0."), text);
        assertTrue(text.contains("java " + Runtime.version().feature()), text);
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (CliCommand c : Main.commands()) {
            assertTrue(text.contains(c.name()), text);
        }
    }

    @Test
    void unknownCommandIsAUsageErrorThatNamesTheCommands() {
        assertEquals(2, run("lunch"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("unknown command 'lunch'"), text);
        assertTrue(text.contains("version"), text);
    }

    @Test
    void noCommandPrintsTheOverviewAsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: ./zeropipe COMMAND"));
    }
}
