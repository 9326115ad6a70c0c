package org.zeropipe.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.Memory;

/** Copy tracers: attach/detach at run time, events with type, size, reason and who. */
class CopyTracerTest {

    @Test
    void tracersSeeEveryModelCopyWhileAttached() {
        List<CopyEvent> events = new ArrayList<>();
        CopyTracer tracer = events::add;
        assertFalse(CopyTracers.active());
        CopyTracers.add(tracer);
        try {
            assertTrue(CopyTracers.active());
            Memory mem = Allocators.defaultAllocator().alloc(100);
            mem.copy(10, 50).unref();
            assertEquals(List.of(new CopyEvent("SystemMemory", 50, CopyReason.MEMORY_COPY, null)), events);
            mem.unref();
        } finally {
            assertTrue(CopyTracers.remove(tracer));
        }
        assertFalse(CopyTracers.remove(tracer));
        Memory mem = Allocators.defaultAllocator().alloc(10);
        mem.copy(0, -1).unref();
        mem.unref();
        assertEquals(1, events.size(), "detached: nothing more");
    }

    @Test
    void severalTracersEachSeeTheEvent() {
        try (CopyCounter a = CopyCounter.attach(); CopyCounter b = CopyCounter.attach()) {
            Buffer buf = Buffer.allocate(8);
            buf.extract(0, new byte[8]);
            buf.fill(0, new byte[4]);
            assertEquals(8, a.bytes(CopyReason.EXTRACT));
            assertEquals(4, b.bytes(CopyReason.FILL));
            assertEquals(2, a.count());
            buf.unref();
        }
    }

    @Test
    void attributionNamesWhoCopiedAndNests() {
        assertNull(CopyAttribution.current());
        String outer = CopyAttribution.enter("queue0");
        try (CopyCounter counter = CopyCounter.attach()) {
            String inner = CopyAttribution.enter("videoconvert0");
            try {
                Memory mem = Allocators.defaultAllocator().alloc(4);
                mem.copy(0, -1).unref();
                mem.unref();
            } finally {
                CopyAttribution.exit(inner);
            }
            assertEquals("queue0", CopyAttribution.current());
            assertEquals(1, counter.totals().size());
            assertEquals("videoconvert0", counter.totals().keySet().iterator().next().who());
            assertTrue(counter.describe().getFirst().contains("by videoconvert0"), counter.describe().toString());
            counter.reset();
            assertEquals(0, counter.count());
        } finally {
            CopyAttribution.exit(outer);
        }
        assertNull(CopyAttribution.current());
    }

    @Test
    void eventsAreValidated() {
        assertThrows(NullPointerException.class, () -> new CopyEvent(null, 1, CopyReason.MERGE, null));
        assertThrows(IllegalArgumentException.class, () -> new CopyEvent("SystemMemory", -1, CopyReason.MERGE, null));
    }

    @Test
    void aBufferWhoseMemoriesAreNeverWrittenCopiesNothing() {
        try (CopyCounter counter = CopyCounter.attach()) {
            Buffer a = Buffer.allocate(1024);
            Buffer b = a.copy();
            Buffer region = b.copyRegion(org.zeropipe.core.buffer.BufferCopyFlag.ALL, 100, 200);
            Buffer w = region.ref().makeWritable();
            w.setPts(1);
            w.unref();
            region.unref();
            b.unref();
            a.unref();
            assertEquals(0, counter.count(), counter.toString());
        }
    }
}
