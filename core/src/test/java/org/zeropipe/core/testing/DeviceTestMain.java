package org.zeropipe.core.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the {@link DeviceTest device} tests found under the given test-class directories and
 * exits non-zero if one failed or none ran: the VM tier's entry point (a JVM in a TCG guest is
 * slow to start Maven; this runs the already compiled tests directly). Prints one line per test.
 *
 * <p>Arguments: test-class directories; {@code -Dzeropipe.device.filter=Substring} keeps only
 * the tests whose class or method name contains it.
 */
public final class DeviceTestMain {

    private DeviceTestMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: DeviceTestMain <test-classes dir>...");
            System.exit(2);
        }
        Set<Path> roots = Arrays.stream(args).map(Path::of).collect(Collectors.toSet());
        String filter = System.getProperty("zeropipe.device.filter", "");
        PostDiscoveryFilter byName = d -> !d.isTest() || d.getUniqueId().toString().contains(filter)
                ? FilterResult.included("matches " + filter) : FilterResult.excluded("does not match " + filter);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(roots))
                .filters(TagFilter.includeTags(DeviceTest.TAG), byName)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener lines = new TestExecutionListener() {
            private long start;

            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    start = System.nanoTime();
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                System.out.println("SKIPPED " + name(id) + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.println(result.getStatus() + " " + name(id) + (id.isTest() ? " (" + ms + " ms)" : ""));
                result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
            }
        };
        launcher.execute(request, summary, lines);
        TestExecutionSummary s = summary.getSummary();
        s.printTo(new PrintWriter(System.out, true));
        s.printFailuresTo(new PrintWriter(System.out, true), 30);
        if (s.getTestsFoundCount() == 0) {
            System.out.println("DeviceTestMain: no device test found under " + roots + " (filter '" + filter + "')");
            System.exit(1);
        }
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsSucceededCount() > 0 ? 0 : 1);
    }

    /** {@code [engine:junit-jupiter]/[class:a.B]/[method:m()]} as {@code a.B/m()}. */
    private static String name(TestIdentifier id) {
        return id.getUniqueId().replaceAll("\\[engine:[^]]*]/?", "").replaceAll("\\[[a-z-]+:", "").replace("]", "");
    }
}
