package org.zeropipe.core.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferList;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The leak checker: the test extension really fails leaking tests, and the run-time detectors. */
class LeakCheckTest {

    private static final String FIXTURES = "zeropipe.leakcheck.fixtures";

    /** Leaks on purpose; run only through the launcher below. */
    @EnabledIfSystemProperty(named = FIXTURES, matches = "run")
    static class LeakingFixture {
        @Test
        void leaksABuffer() {
            Buffer b = Buffer.allocate(64);
            b.ref();
            b.unref();
        }

        @Test
        void releasesEverything() {
            Buffer b = Buffer.allocate(64);
            b.unref();
        }

        @Test
        void leaksAMappedMemory() {
            Memory m = Allocators.defaultAllocator().alloc(8);
            m.map(MapFlags.READ); // never closed
            m.unref();
        }

        @Test
        @NoLeakCheck
        void leaksButOptedOut() {
            BufferList list = BufferList.create();
            list.add(Buffer.allocate(8));
        }
    }

    /** Leaks in @BeforeAll; run only through the launcher below. */
    @EnabledIfSystemProperty(named = FIXTURES, matches = "run")
    static class ClassLeakFixture {
        static Memory shared;

        @BeforeAll
        static void allocate() {
            shared = Allocators.defaultAllocator().alloc(4);
        }

        @AfterAll
        static void forget() {
            shared = null;
        }

        @Test
        void usesIt() {
            assertEquals(4, shared.size());
        }
    }

    private static TestExecutionSummary run(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        String previous = System.setProperty(FIXTURES, "run");
        try {
            launcher.execute(request, listener);
        } finally {
            if (previous == null) {
                System.clearProperty(FIXTURES);
            } else {
                System.setProperty(FIXTURES, previous);
            }
        }
        return listener.getSummary();
    }

    private static String failureOf(TestExecutionSummary summary, String name) {
        for (TestExecutionSummary.Failure f : summary.getFailures()) {
            if (f.getTestIdentifier().getDisplayName().startsWith(name)) {
                return f.getException().getMessage();
            }
        }
        return null;
    }

    @Test
    void theExtensionFailsALeakingTestAndNamesWhereTheObjectWasAllocatedAndTouched() {
        long mark = LeakTracker.mark();
        TestExecutionSummary summary = run(LeakingFixture.class);
        assertEquals(4, summary.getTestsStartedCount());
        assertEquals(2, summary.getTestsFailedCount(), "leaksABuffer and leaksAMappedMemory");

        String buffer = failureOf(summary, "leaksABuffer");
        assertNotNull(buffer);
        assertTrue(buffer.contains("leaked 2 objects"), buffer); // the buffer and the memory it holds
        assertTrue(buffer.contains("1) Buffer@"), buffer);
        assertTrue(buffer.contains("2) SystemMemory@"), buffer);
        assertTrue(buffer.contains("allocated at org.zeropipe.core.leak.LeakCheckTest$LeakingFixture.leaksABuffer(LeakCheckTest.java:"),
                buffer);
        assertTrue(buffer.contains("last touched (unref"), buffer);

        String mapped = failureOf(summary, "leaksAMappedMemory");
        assertNotNull(mapped);
        assertTrue(mapped.contains("LeakingFixture.leaksAMappedMemory(LeakCheckTest.java:"), mapped);
        assertTrue(mapped.contains("mapped READ x1, released (freed when unmapped)"), mapped);

        assertNull(failureOf(summary, "releasesEverything"));
        assertNull(failureOf(summary, "leaksButOptedOut"));
        assertEquals(List.of(), LeakTracker.liveSince(mark), "the extension released what the fixture leaked");
    }

    @Test
    void objectsLeakedInBeforeAllFailTheClass() {
        long mark = LeakTracker.mark();
        TestExecutionSummary summary = run(ClassLeakFixture.class);
        assertEquals(1, summary.getTestsSucceededCount());
        assertEquals(1, summary.getContainersFailedCount());
        String message = summary.getFailures().getFirst().getException().getMessage();
        assertTrue(message.contains("@BeforeAll/@AfterAll"), message);
        assertTrue(message.contains("ClassLeakFixture.allocate(LeakCheckTest.java:"), message);
        assertEquals(List.of(), LeakTracker.liveSince(mark));
    }

    @Test
    void trackingListsLiveObjectsWithTheirLastTouch() {
        long mark = LeakTracker.mark();
        Memory mem = Allocators.defaultAllocator().alloc(8);
        List<LeakRecord> live = LeakTracker.liveSince(mark);
        assertEquals(1, live.size());
        LeakRecord record = live.getFirst();
        assertNull(record.lastTouch());
        assertTrue(record.allocation().where().contains("trackingListsLiveObjectsWithTheirLastTouch"),
                record.allocation().where());
        mem.ref();
        assertEquals("ref", record.lastTouch().what());
        mem.unref();
        mem.unref();
        assertTrue(record.isClosed());
        assertEquals("unref", record.closedAt().what());
        assertEquals(List.of(), LeakTracker.liveSince(mark));
    }

    @Test
    void offModeTracksNothing() {
        LeakTracker.setMode(LeakTracker.Mode.OFF);
        long mark = LeakTracker.mark();
        try {
            Buffer b = Buffer.allocate(8);
            assertEquals(List.of(), LeakTracker.liveSince(mark));
            b.unref();
        } finally {
            LeakTracker.setMode(LeakTracker.Mode.TRACK);
        }
    }

    @Test
    void modesParseFromTheProperty() {
        assertSame(LeakTracker.Mode.TRACK, LeakTracker.Mode.parse("track"));
        assertSame(LeakTracker.Mode.OFF, LeakTracker.Mode.parse(" OFF "));
        assertSame(LeakTracker.Mode.SAMPLE, LeakTracker.Mode.parse(null));
        assertSame(LeakTracker.Mode.SAMPLE, LeakTracker.Mode.parse("bogus"));
    }

    @Test
    @NoLeakCheck
    void theSamplingDetectorReportsAnObjectCollectedWithoutRelease() throws InterruptedException {
        CountDownLatch reported = new CountDownLatch(1);
        AtomicReference<String> report = new AtomicReference<>();
        LeakListener listener = record -> {
            if (record.allocation().where().contains("allocateAndForget")) {
                report.set(record.report());
                reported.countDown();
            }
        };
        LeakTracker.addListener(listener);
        int interval = LeakTracker.sampleInterval();
        LeakTracker.setMode(LeakTracker.Mode.SAMPLE);
        LeakTracker.setSampleInterval(1);
        try {
            allocateAndForget();
            for (int i = 0; i < 100 && reported.getCount() > 0; i++) {
                System.gc();
                reported.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            LeakTracker.setMode(LeakTracker.Mode.TRACK);
            LeakTracker.setSampleInterval(interval);
            LeakTracker.removeListener(listener);
        }
        assertEquals(0, reported.getCount(), "the detector saw the leak");
        assertTrue(report.get().contains("SystemMemory@"), report.get());
        assertTrue(report.get().contains("LeakCheckTest.allocateAndForget(LeakCheckTest.java:"), report.get());
    }

    private static void allocateAndForget() {
        Allocators.defaultAllocator().alloc(16).ref();
    }

    @Test
    void aReleasedSampledObjectIsNotReported() throws InterruptedException {
        CountDownLatch reported = new CountDownLatch(1);
        LeakListener listener = record -> {
            if (record.allocation().where().contains("allocateAndRelease")) {
                reported.countDown();
            }
        };
        LeakTracker.addListener(listener);
        LeakTracker.setMode(LeakTracker.Mode.SAMPLE);
        int interval = LeakTracker.sampleInterval();
        LeakTracker.setSampleInterval(1);
        try {
            allocateAndRelease();
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
            }
        } finally {
            LeakTracker.setMode(LeakTracker.Mode.TRACK);
            LeakTracker.setSampleInterval(interval);
            LeakTracker.removeListener(listener);
        }
        assertEquals(1, reported.getCount());
    }

    private static void allocateAndRelease() {
        Buffer.allocate(16).unref();
    }
}
