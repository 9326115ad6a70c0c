package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.TaskThreads;

/** The ring's reader against resets: interleavings forced with latches, not left to chance. */
@Timeout(30)
class AudioRingBufferTest {

    private static final AudioInfo MONO = AudioInfo.of(AudioFormat.S16LE, 48000, 1);

    /** Copies {@code frames} frames, every sample {@code value}, into the ring at frame {@code start}. */
    private static boolean write(AudioRingBuffer ring, long start, int frames, short value) {
        Buffer b = Buffer.allocate(frames * 2);
        try {
            try (var m = b.map(MapFlags.WRITE)) {
                for (int f = 0; f < frames; f++) {
                    m.segment().set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * f, value);
                }
            }
            return ring.write(start, b);
        } finally {
            b.unref();
        }
    }

    /**
     * The player reads the ring itself: a reset (a flush) and the new stream written while it
     * is handed the old stream's segment would put new samples into that segment, seen there
     * and then again in their own place (FakeAudioSinkTest's seek once counted 14459 frames of
     * a 14400-frame stream). The reset waits until the handoff is done.
     */
    @Test
    void aResetWaitsForTheSegmentBeingHandedOffSoTheNewStreamIsPlayedOnce() throws Exception {
        try (AudioRingBuffer ring = new AudioRingBuffer(MONO, 200_000, 10_000)) {
            ring.setRealtime(false);
            ConcurrentHashMap<Short, AtomicLong> played = new ConcurrentHashMap<>();
            CountDownLatch inHandoff = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ring.arm("test-ringbuffer", seg -> {
                if (inHandoff.getCount() > 0) { // the old stream's first segment: held until the new stream is on its way
                    inHandoff.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (long o = 0; o < seg.byteSize(); o += 2) {
                    played.computeIfAbsent(seg.get(ValueLayout.JAVA_SHORT_UNALIGNED, o), k -> new AtomicLong()).incrementAndGet();
                }
            });
            int capacity = (int) ring.capacityFrames();
            assertTrue(write(ring, 0, capacity / 2, (short) 1)); // half the ring: the reader starts
            assertTrue(inHandoff.await(20, TimeUnit.SECONDS), "the reader never played");

            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread flusher = Thread.ofPlatform().name("flusher").start(() -> {
                try {
                    ring.setFlushing(true);
                    ring.reset();
                    ring.setFlushing(false);
                    // The whole ring: it covers the bytes of the segment being handed off.
                    assertTrue(write(ring, 0, capacity, (short) 2));
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            boolean waited = TaskThreads.awaitBlockedOrEnded(flusher, Duration.ofSeconds(20), "AudioRingBuffer.reset");
            release.countDown();
            flusher.join();
            assertEquals(null, failed.get());
            assertTrue(ring.drain());
            assertEquals(capacity, played.getOrDefault((short) 2, new AtomicLong()).get(), "frames of the new stream played");
            assertTrue(waited, "the reset did not wait for the segment being handed off");
        }
    }
}
