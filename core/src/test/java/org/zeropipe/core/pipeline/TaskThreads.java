package org.zeropipe.core.pipeline;

import java.time.Duration;

/**
 * Waits until a pad's streaming thread is blocked at a known place, so a test can then check
 * that nothing happens (a paused live source produces nothing, a full queue takes nothing)
 * without guessing how long a sleep is enough on a loaded machine.
 */
public final class TaskThreads {

    private TaskThreads() {
    }

    /**
     * Waits (up to {@code limit}) until the task thread of {@code pad} waits inside
     * one of {@code places} ({@code "SimpleClassName.method"}, e.g. {@code "Queue.chain"});
     * throws an AssertionError naming where it is otherwise.
     */
    public static void awaitBlockedIn(Pad pad, Duration limit, String... places) throws InterruptedException {
        String name = pad.fullName() + ":task";
        long deadline = System.nanoTime() + limit.toNanos();
        String seen = "no thread named " + name;
        while (System.nanoTime() < deadline) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name) && t.isAlive()) {
                    Thread.State state = t.getState();
                    StackTraceElement[] stack = t.getStackTrace();
                    if (blocked(state) && blocked(t.getState()) && inside(stack, places)) {
                        return;
                    }
                    seen = name + " " + state + (stack.length > 0 ? " at " + stack[0] : "");
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError(name + " did not block in " + String.join(" or ", places)
                + " within " + limit + "; last seen: " + seen);
    }

    /**
     * Waits (up to {@code limit}) until {@code thread} waits inside one of {@code places} (true)
     * or has ended (false): for a test that must not hang when a fix it checks is missing.
     */
    public static boolean awaitBlockedOrEnded(Thread thread, Duration limit, String... places) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                return false;
            }
            if (blocked(thread.getState()) && inside(thread.getStackTrace(), places) && blocked(thread.getState())) {
                return true;
            }
            Thread.sleep(1);
        }
        throw new AssertionError(thread.getName() + " neither blocked in " + String.join(" or ", places)
                + " nor ended within " + limit + "; last seen " + thread.getState());
    }

    /** Waiting, not BLOCKED: entering a monitor is a passing state, not a place it stays. */
    private static boolean blocked(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static boolean inside(StackTraceElement[] stack, String... places) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            String place = c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
            for (String p : places) {
                if (p.equals(place)) {
                    return true;
                }
            }
        }
        return false;
    }
}
