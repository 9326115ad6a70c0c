package org.zeropipe.core.leak;

/**
 * Told when the sampling detector finds an object that became unreachable without being
 * released. Called on the detector's cleaner thread.
 */
@FunctionalInterface
public interface LeakListener {
    void onLeak(LeakRecord record);
}
