package org.zeropipe.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.elements.Queue;

class ElementRegistryTest {

    @Test
    void coreElementsAreFoundByName() {
        Element q = ElementRegistry.make("queue", "q1");
        assertInstanceOf(Queue.class, q);
        assertEquals("q1", q.name());
        for (String n : new String[] {"fakesrc", "fakesink", "identity", "capsfilter", "queue", "tee", "appsrc",
                "appsink", "filesrc", "filesink"}) {
            Element e = ElementRegistry.make(n, null);
            assertEquals(n, e.factoryName());
            assertTrue(e.name().startsWith(n), e.name());
        }
    }

    @Test
    void anUnknownElementIsNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElementRegistry.make("nosuch", null));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("queue"), e.getMessage());
    }
}
