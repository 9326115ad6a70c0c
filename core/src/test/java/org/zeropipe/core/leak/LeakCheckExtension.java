package org.zeropipe.core.leak;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.zeropipe.core.trace.Tracer;
import org.zeropipe.core.trace.Tracers;

/**
 * Fails a test that leaves alive a Memory, Buffer or BufferList it allocated, naming where each
 * was allocated and last touched, then releases them so the next test starts clean.
 *
 * <p>Registered for every test class of every module through {@code META-INF/services} in
 * core's test jar and {@code junit.jupiter.extensions.autodetection.enabled=true} in each
 * module's {@code junit-platform.properties}. It switches the {@link LeakTracker} to
 * {@code TRACK} (surefire also sets {@code zeropipe.leaks=track}). Objects allocated in
 * {@code @BeforeEach} must be released by {@code @AfterEach}; those allocated in
 * {@code @BeforeAll} by {@code @AfterAll}. {@link NoLeakCheck} opts a test out.
 *
 * <p>A test that leaves a {@link Tracer} attached fails too (the tracer is detached): tracers
 * are process-wide, and one left behind would slow or distort every later test.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final String MARK = "mark";
    private static final String TRACERS = "tracers";
    private static volatile String watching;

    /** The unique id of the test being watched now, or null: lets a module check it is wired. */
    public static String watching() {
        return watching;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakTracker.setMode(LeakTracker.Mode.TRACK);
        context.getStore(NS).put(MARK, LeakTracker.mark());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        watching = context.getUniqueId();
        LeakTracker.setMode(LeakTracker.Mode.TRACK);
        context.getStore(NS).put(MARK, LeakTracker.mark());
        context.getStore(NS).put(TRACERS, Tracers.attached());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        watching = null;
        try {
            check(context, "test " + context.getDisplayName());
        } finally {
            checkTracers(context);
        }
    }

    /** Detaches the tracers the test attached and left, and fails it. */
    private static void checkTracers(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<Tracer> before = context.getStore(NS).get(TRACERS, List.class);
        List<Tracer> left = new ArrayList<>(Tracers.attached());
        if (before != null) {
            before.forEach(left::remove);
        }
        if (left.isEmpty()) {
            return;
        }
        left.forEach(Tracers::remove);
        throw new AssertionError("test " + context.getDisplayName() + " left " + left.size()
                + " tracer(s) attached: " + left);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context, "class " + context.getDisplayName() + " (@BeforeAll/@AfterAll)");
    }

    private static void check(ExtensionContext context, String scope) {
        Long mark = context.getStore(NS).get(MARK, Long.class);
        if (mark == null) {
            return;
        }
        List<LeakRecord> leaked = LeakTracker.liveSince(mark);
        if (leaked.isEmpty()) {
            return;
        }
        String report = report(scope, leaked);
        LeakTracker.releaseLeaked(leaked);
        if (!optedOut(context)) {
            throw new AssertionError(report);
        }
    }

    static String report(String scope, List<LeakRecord> leaked) {
        StringBuilder out = new StringBuilder();
        out.append(scope).append(" leaked ").append(leaked.size()).append(leaked.size() == 1 ? " object" : " objects")
                .append(" (allocated during it and never released):\n");
        int n = 1;
        for (LeakRecord r : leaked) {
            out.append(n++).append(") ").append(r.report());
        }
        return out.toString();
    }

    private static boolean optedOut(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get().isAnnotationPresent(NoLeakCheck.class)) {
                return true;
            }
        }
        return false;
    }
}
