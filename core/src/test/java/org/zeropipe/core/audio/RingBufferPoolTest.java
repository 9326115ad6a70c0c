package org.zeropipe.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.Format;
import org.zeropipe.core.audio.elements.FakeAudioSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.TaskThreads;
import org.zeropipe.core.pool.AcquireFlag;
import org.zeropipe.core.pool.AcquireParams;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.pool.PoolFlushingException;
import org.zeropipe.core.trace.CopyCounter;

@Timeout(30)
class RingBufferPoolTest {

    private static final AudioInfo STEREO = AudioInfo.of(AudioFormat.S16LE, 48000, 2);

    private static RingBufferPool activePool(AudioRingBuffer ring) {
        RingBufferPool pool = new RingBufferPool(ring);
        assertTrue(pool.setConfig(PoolConfig.of(STEREO.toCaps(), ring.segSize(), 0, 0)));
        assertTrue(pool.setActive(true));
        return pool;
    }

    /** Writes frame f's samples as (f, -f) through each memory of the buffer, where it lies. */
    private static void fill(Buffer b, long firstFrame) {
        AudioChunks.forEach(b, 4, MapFlags.WRITE, (bytes, first, n) -> {
            for (int i = 0; i < n; i++) {
                short v = (short) (firstFrame + first + i);
                bytes.set(ValueLayout.JAVA_SHORT_UNALIGNED, 4L * i, v);
                bytes.set(ValueLayout.JAVA_SHORT_UNALIGNED, 4L * i + 2, (short) -v);
            }
        });
    }

    private static void assertRingHolds(AudioRingBuffer ring, long firstFrame, long frames) {
        for (long f = firstFrame; f < firstFrame + frames; f++) {
            byte[] b = ring.peek(ring.byteOffset(f), 4);
            short l = (short) ((b[0] & 0xff) | b[1] << 8);
            short r = (short) ((b[2] & 0xff) | b[3] << 8);
            assertEquals((short) f, l, "left of frame " + f);
            assertEquals((short) -f, r, "right of frame " + f);
        }
    }

    @Test
    void defaultsAreGStreamers() {
        try (AudioRingBuffer ring = new AudioRingBuffer(STEREO, AudioRingBuffer.DEFAULT_BUFFER_TIME_US,
                AudioRingBuffer.DEFAULT_LATENCY_TIME_US)) {
            assertEquals(480 * 4, ring.segSize());
            assertEquals(20, ring.segTotal());
            assertEquals(9600, ring.capacityFrames());
        }
    }

    @Test
    void samplesLandInTheRingWithoutACopyIncludingAcrossTheWrap() throws Exception {
        try (CopyCounter copies = CopyCounter.attach();
             AudioRingBuffer ring = new AudioRingBuffer(STEREO, 200_000, 10_000)) {
            RingBufferPool pool = activePool(ring);
            // Frames in sample units (DEFAULT), then a range in TIME that wraps.
            Buffer a = pool.acquire(AcquireParams.range(Format.DEFAULT, 100, 1100));
            assertEquals(1, a.memoryCount());
            assertEquals(100, a.offset());
            fill(a, 100);
            a.unref();
            // 9500..9700 needs the reader to have played past frame 100: it plays in real time.
            assertNull(pool.acquire(AcquireParams.range(Format.DEFAULT, 9500, 9700, AcquireFlag.DONTWAIT)));
            ring.startReader("test-reader", null);
            long t0 = 9500L * 1_000_000_000L / 48000, t1 = 9700L * 1_000_000_000L / 48000 + 1;
            Buffer w = pool.acquire(AcquireParams.range(Format.TIME, t0, t1));
            ring.stopReader();
            assertEquals(2, w.memoryCount(), "the range wraps: two windows on the ring");
            assertEquals(9500, w.offset());
            assertEquals(9700, w.offsetEnd());
            assertEquals(100 * 4, w.peekMemory(0).size());
            assertEquals(ring.byteOffset(9500), w.peekMemory(0).offset());
            assertEquals(0, w.peekMemory(1).offset());
            fill(w, 9500);
            w.unref();
            assertRingHolds(ring, 9500, 200);
            assertEquals(0, copies.count(), copies.describe().toString());
            pool.setActive(false);
        }
    }

    @Test
    void aRangeLargerThanTheRingIsRefusedAndFlushingWakesAWaiter() throws Exception {
        try (AudioRingBuffer ring = new AudioRingBuffer(STEREO, 200_000, 10_000)) {
            RingBufferPool pool = activePool(ring);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.acquire(AcquireParams.range(Format.DEFAULT, 0, 20_000)));
            assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
            pool.acquire(AcquireParams.range(Format.DEFAULT, 0, 100)).unref(); // the stream starts at 0
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("acquirer").start(() -> {
                try {
                    pool.acquire(AcquireParams.range(Format.DEFAULT, 9600, 10000)).unref();
                } catch (Throwable failure) {
                    thrown.set(failure);
                }
            });
            // Flushing once the acquire waits for room (not before it came: that would not wake anything).
            assertTrue(TaskThreads.awaitBlockedOrEnded(t, Duration.ofSeconds(20), "AudioRingBuffer.awaitSpace"),
                    "the acquire of frames the reader has not made room for did not wait: " + thrown.get());
            pool.setFlushing(true);
            t.join();
            assertInstanceOf(PoolFlushingException.class, thrown.get());
            pool.setActive(false);
        }
    }

    @Test
    void anInactivePoolHandsOutNoWindow() throws Exception {
        try (AudioRingBuffer ring = new AudioRingBuffer(STEREO, 200_000, 10_000)) {
            RingBufferPool pool = new RingBufferPool(ring);
            assertTrue(pool.setConfig(PoolConfig.of(STEREO.toCaps(), ring.segSize(), 0, 0)));
            assertThrows(PoolFlushingException.class, () -> pool.acquire(AcquireParams.range(Format.DEFAULT, 0, 100)));
            assertTrue(pool.setActive(true));
            pool.acquire(AcquireParams.range(Format.DEFAULT, 0, 100)).unref();
            assertTrue(pool.setActive(false));
            assertThrows(PoolFlushingException.class, () -> pool.acquire(AcquireParams.range(Format.DEFAULT, 0, 100)));
        }
    }

    /**
     * The sink lets its ring go (deactivates the pool, closes the ring) while upstream is in
     * acquire: a window handed out must keep the ring's native block alive until it is freed,
     * never be made over a block already freed.
     */
    @Test
    void aRingClosedDuringAcquireNeverHandsOutFreedMemory() throws Exception {
        for (int round = 0; round < 300; round++) {
            AudioRingBuffer ring = new AudioRingBuffer(STEREO, 20_000, 10_000);
            RingBufferPool pool = activePool(ring);
            Buffer[] got = new Buffer[1];
            boolean[] alive = {true};
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    for (long f = 0; ; f += 100) {
                        Buffer b = pool.acquire(AcquireParams.range(Format.DEFAULT, f, f + 100, AcquireFlag.DONTWAIT));
                        if (b == null) {
                            continue;
                        }
                        alive[0] &= ring.blockAlive();
                        got[0] = b;
                        return;
                    }
                } catch (PoolFlushingException expected) {
                    // closed first
                }
            });
            if (round % 2 == 0) {
                Thread.onSpinWait();
            }
            pool.setActive(false);
            ring.close();
            producer.join();
            assertTrue(alive[0], "round " + round + ": a window was made over the freed ring");
            if (got[0] != null) {
                assertTrue(ring.blockAlive(), "the block outlives the window");
                fill(got[0], 0);
                got[0].unref();
            }
            assertTrue(!ring.blockAlive(), "freed with the last window");
        }
    }

    /** Waits until {@code clock} reads at least {@code ns} (fails after 20 s). */
    private static void awaitTime(RingClock clock, long ns) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long t;
        while ((t = clock.time()) < ns) {
            assertTrue(System.nanoTime() < deadline, "the clock stood at " + t + " ns, waited for " + ns);
            Thread.sleep(1);
        }
    }

    /** Plays (not in real time) until the read position reaches {@code frame}, then stops the reader. */
    private static void playUntil(AudioRingBuffer ring, long frame) throws InterruptedException {
        ring.setRealtime(false);
        ring.startReader("test-reader", null);
        while (ring.readFrame() < frame) {
            Thread.sleep(1);
        }
        ring.stopReader();
    }

    private static void assertSilent(AudioRingBuffer ring, long firstFrame, long frames) {
        for (long f = firstFrame; f < firstFrame + frames; f++) {
            assertArrayEquals(new byte[4], ring.peek(ring.byteOffset(f), 4), "frame " + f + " is silent");
        }
    }

    @Test
    void aWriteStraddlingTheReadPositionKeepsItsUnplayedPart() throws Exception {
        try (AudioRingBuffer ring = new AudioRingBuffer(STEREO, 200_000, 10_000)) {
            ring.commit(0, 960);
            playUntil(ring, 960);
            Buffer b = Buffer.allocate(200 * 4);
            fill(b, 900);
            assertTrue(ring.write(900, b));
            b.unref();
            assertRingHolds(ring, 960, 140);
            assertSilent(ring, 900 + ring.capacityFrames(), 60); // the played part went nowhere
            assertEquals(1100, ring.committedEnd());
        }
    }

    @Test
    void aWindowWrittenAfterTheReaderPassedItDoesNotPlayALapLater() throws Exception {
        try (AudioRingBuffer ring = new AudioRingBuffer(STEREO, 200_000, 10_000)) {
            RingBufferPool pool = activePool(ring);
            Buffer w = pool.acquire(AcquireParams.range(Format.DEFAULT, 1000, 1100));
            ring.commit(0, 1500);
            playUntil(ring, 1440); // the reader passes frames 1000..1099 before the producer writes them
            fill(w, 1000);
            w.unref();
            ring.commit(1000, 1100); // what the sink's render does with it
            assertSilent(ring, 1000 + ring.capacityFrames(), 100);
            pool.setActive(false);
        }
    }

    @Test
    void theClockGoesOnWhenTheRingIsResetNotStandingStillUntilItCatchesUp() throws Exception {
        try (AudioRingBuffer ring = new AudioRingBuffer(STEREO, 200_000, 10_000)) {
            RingClock clock = new RingClock(ring);
            ring.startReader("test-reader", null); // real time, silence
            awaitTime(clock, 100_000_000L); // played for a while (however long the reader took to start)
            ring.reset(); // a flush: the ring's position goes back to 0
            long t1 = clock.time();
            assertTrue(t1 >= 100_000_000L, "the clock went back at the reset: " + t1);
            awaitTime(clock, t1 + 20_000_000L); // fails (times out) if it stands still until the ring catches up
            ring.stopReader();
        }
    }

    /**
     * Runs {@code source ! fakeaudiosink}, checks {@code copies} against what the sink saw,
     * and that what the ring played is the source's stream, in order. The sink does not play
     * in real time here: on a loaded machine a real-time ring may underrun, which is not what
     * these tests are about.
     */
    private static void playAndCompare(String source, java.util.function.BiConsumer<FakeAudioSink, CopyCounter> copiesCheck) {
        byte[] expected = AudioTestSupport.zeropipe(source);
        Pipeline p = LaunchParser.parse(source + " ! fakeaudiosink real-time=false name=out");
        FakeAudioSink sink = (FakeAudioSink) p.byName("out");
        ByteArrayOutputStream played = new ByteArrayOutputStream();
        sink.setHandoff(seg -> played.writeBytes(seg.toArray(ValueLayout.JAVA_BYTE)));
        try (CopyCounter copies = CopyCounter.attach()) {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            copiesCheck.accept(sink, copies);
        } finally {
            p.setState(State.NULL);
        }
        byte[] got = played.toByteArray();
        assertTrue(got.length >= expected.length, got.length + " bytes played of " + expected.length);
        assertArrayEquals(expected, Arrays.copyOf(got, expected.length));
    }

    @Test
    void audiotestsrcWritesIntoTheSinksRingWithZeroCopies() {
        // 30 buffers of 1000 frames through an 8820-frame ring: it wraps three times, mid-buffer.
        playAndCompare("audiotestsrc num-buffers=30 samplesperbuffer=1000 ! audio/x-raw,format=S16LE,rate=44100,channels=2",
                (sink, copies) -> {
                    assertEquals(0, sink.copiedBuffers(), "every buffer was the ring's own");
                    assertEquals(0, copies.count(), copies.describe().toString());
                });
    }

    @Test
    void theSinksClockIsTheRingsReadPosition() {
        Pipeline p = LaunchParser.parse("audiotestsrc num-buffers=15 samplesperbuffer=441 ! audio/x-raw,rate=44100 ! fakeaudiosink name=out");
        FakeAudioSink sink = (FakeAudioSink) p.byName("out");
        try {
            p.setState(State.PLAYING);
            Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
            assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
            assertTrue(p.clock() == sink.provideClock(), "the pipeline uses the sink's clock, not " + p.clock());
            // 15 x 10 ms were played before EOS; the ring goes on playing silence, as a device does.
            long t = p.clock().time();
            assertTrue(t >= 150_000_000L && t < 2_000_000_000L, "clock " + t);
            assertEquals(t, sink.ringBuffer().playedTime(), 20_000_000L, "the clock reads the ring");
        } finally {
            p.setState(State.NULL);
        }
    }

    @Test
    void aBufferThatIsNotTheRingsIsCopiedIntoItAndCounted() {
        // audioconvert allocates its output without a sample range: the sink copies it into place.
        playAndCompare("audiotestsrc num-buffers=10 samplesperbuffer=441 ! audio/x-raw,format=F32LE,rate=44100,channels=1 "
                + "! audioconvert ! audio/x-raw,format=S16LE", (sink, copies) -> {
                    assertEquals(10, sink.copiedBuffers());
                    assertEquals(10 * 441 * 2, copies.bytes(org.zeropipe.core.trace.CopyReason.FILL), copies.describe().toString());
                });
    }

    @Test
    void theReaderThreadEndsWithThePipeline() throws Exception {
        Pipeline p = LaunchParser.parse("audiotestsrc num-buffers=20 samplesperbuffer=441 ! fakeaudiosink name=reader-check");
        p.setState(State.PLAYING);
        Message m = p.bus().pop(Duration.ofSeconds(10), Message.Eos.class, Message.Error.class);
        assertInstanceOf(Message.Eos.class, m, String.valueOf(m));
        assertTrue(readerThreads() > 0, "the ring plays on its own thread");
        p.setState(State.NULL);
        assertEquals(0, readerThreads(), "no reader thread is left behind");
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("reader-check-ringbuffer")).count();
    }
}
