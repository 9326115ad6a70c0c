package org.zeropipe.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.pipeline.ElementFactory;

@Timeout(30)
class InspectCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryElementWithKlassAndDescription() {
        assertEquals(0, run("inspect"));
        String text = out();
        assertTrue(text.contains("fakesrc        Source           produces empty or sized buffers\n"), text);
        assertTrue(text.contains("queue          Generic          thread boundary with limits\n"), text);
        assertTrue(text.contains("filesink       Sink/File        writes a file\n"), text);
        assertTrue(text.contains("testdemux      Filter (derived) a SOMETIMES source pad appears"), "a provider "
                + "that declares no klass gets one from the element's pads, marked: " + text);
        assertTrue(text.matches("(?s).*\nTotal: \\d+ elements\n"), text);
    }

    @Test
    void everyCoreElementDeclaresItsKlassAndLongDescription() {
        for (ElementFactory f : new org.zeropipe.core.elements.CoreElements().factories()) {
            assertTrue(f.klass() != null && f.klass().matches("[A-Z][a-z]+(/[A-Z][a-z]+)*"), f.name() + ": " + f.klass());
            assertTrue(f.longDescription() != null && f.longDescription().length() > f.description().length(), f.name());
        }
        assertThrows(IllegalArgumentException.class, () -> new ElementFactory("x", "Source/", "d", null, n -> null));
    }

    @Test
    void showsTheRequestPadsPropertiesOfAnAggregator() {
        assertEquals(0, run("inspect", "compositor"));
        String text = out();
        assertTrue(text.contains("\nPad Properties ('sink_%u'):\n  zorder "), text);
        assertTrue(text.contains("\n  xpos                : x position of the picture\n"), text);
        out.reset();
        assertEquals(0, run("inspect", "tee"));
        assertTrue(!out().contains("Pad Properties"), "tee's request pads have no properties: no section");
    }

    @Test
    void showsKlassAndLongDescriptionOfAppsink() {
        assertEquals(0, run("inspect", "appsink"));
        String text = out();
        assertTrue(text.contains("\n  Klass                    Generic/Sink\n"), text);
        assertTrue(text.contains("\n  Long description         Hands each buffer to the application as a sample"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 100, "wrapped: " + line);
        }
    }

    @Test
    void showsPadsTemplatesAndPropertiesOfQueue() {
        assertEquals(0, run("inspect", "queue"));
        String text = out();
        assertTrue(text.startsWith("Factory Details:\n  Name                     queue\n"), text);
        assertTrue(text.contains("  SINK template: 'sink'\n    Availability: Always\n    Capabilities:\n      ANY\n"), text);
        assertTrue(text.contains("  max-size-buffers    : most buffers queued (0: no limit)\n"
                + "                        Integer. Range: 0 - 2147483647 Default: 200\n"), text);
        assertTrue(text.contains("Enum \"Leaky\". Values: no, upstream, downstream Default: no"), text);
    }

    @Test
    void showsRequestTemplatesOfTee() {
        assertEquals(0, run("inspect", "tee"));
        assertTrue(out().contains("  SRC template: 'src_%u'\n    Availability: Request\n"), out());
    }

    @Test
    void unknownNameSuggestsAndExitsOne() {
        assertEquals(1, run("inspect", "queu"));
        assertEquals("zeropipe inspect: no element \"queu\"; did you mean queue?\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out());
    }

    @Test
    void badUsage() {
        assertEquals(2, run("inspect", "a", "b"));
    }
}
