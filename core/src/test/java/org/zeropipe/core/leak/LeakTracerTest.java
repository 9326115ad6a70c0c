package org.zeropipe.core.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.trace.Tracers;

/** The leak tracer: what is still alive after a run, and where it was allocated. */
@Timeout(20)
class LeakTracerTest {

    @Test
    void anAppsinkSampleKeptPastTheRunIsReportedWithItsAllocation() {
        Pipeline p = LaunchParser.parse("fakesrc num-buffers=3 size=64 ! appsink name=out");
        AppSink sink = (AppSink) p.byName("out");
        Sample kept = null;
        try (LeakTracer leaks = LeakTracer.attach(true)) {
            p.setState(State.PLAYING);
            kept = sink.pullSample(Duration.ofSeconds(5)); // kept on purpose: the leak
            assertNotNull(kept);
            for (int i = 0; i < 2; i++) {
                sink.pullSample(Duration.ofSeconds(5)).close();
            }
            assertInstanceOf(Message.Eos.class, p.bus().pop(Duration.ofSeconds(5), Message.Eos.class,
                    Message.Error.class));
            p.setState(State.NULL);

            List<LeakTracer.Leak> found = leaks.leaks();
            assertEquals(List.of("Buffer", "SystemMemory"), found.stream().map(LeakTracer.Leak::type).toList(),
                    leaks.report());
            LeakTracer.Leak buffer = found.getFirst();
            assertTrue(Arrays.stream(buffer.allocation().frames()).anyMatch(f -> f.getClassName().endsWith("FakeSrc")),
                    "the stack names the element that allocated it: " + leaks.report());
            String report = leaks.report();
            assertTrue(report.startsWith("leaks: 2 objects still alive at exit (1 Buffer, 1 SystemMemory)"), report);
            assertTrue(report.contains("FakeSrc"), report);

            kept.close();
            kept = null;
            assertEquals(0, leaks.liveCount());
            assertTrue(leaks.report().startsWith("leaks: none"), leaks.report());
        } finally {
            if (kept != null) {
                kept.close();
            }
            p.setState(State.NULL);
        }
    }

    @Test
    void onlyWhatIsMadeWhileAttachedCountsAndDetachingStopsRecording() {
        Memory before = Allocators.defaultAllocator().alloc(8);
        LeakTracer leaks = LeakTracer.attach(false);
        Buffer during = Buffer.allocate(16);
        before.unref(); // made before: not known, freeing it is ignored
        assertEquals(2, leaks.liveCount(), "a buffer and its memory");
        assertEquals("(no stack recorded)", leaks.leaks().getFirst().where());
        leaks.close();
        assertTrue(Tracers.attached().isEmpty());
        Buffer after = Buffer.allocate(16);
        assertEquals(2, leaks.liveCount());
        during.unref();
        after.unref();
        assertEquals(2, leaks.liveCount(), "detached: frees are not seen either");
    }
}
