package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pool.PoolConfig;

/** Context lifetime and cross-thread hand-over: destroy races, references, the sync meta's lock. */
class GLLifetimeTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String CAPS = "video/x-raw, format=RGBA, width=16, height=8";

    private static GLContext newContext() {
        return GLContext.create(GLTestSupport.context().display());
    }

    @Test
    void workHandedOverAfterTheLastUnrefFailsInsteadOfHanging() throws Exception {
        GLContext c = newContext();
        CountDownLatch go = new CountDownLatch(1);
        c.post(() -> await(go)); // keeps the owner busy: the destroy task waits in the queue
        c.unref();
        assertTrue(c.isDestroyed());
        // Before the fix call() saw running == true, queued its work behind the destroy task and
        // waited forever once the loop ended; post() was dropped silently.
        IllegalStateException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(IllegalStateException.class, () -> c.call(() -> 1)));
        assertTrue(e.getMessage().contains("destroyed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.post(() -> { }));
        go.countDown();
        assertTrue(c.awaitDestroyed(LIMIT));
    }

    @Test
    void callsRacingTheDestroyEitherRunOrFail() throws Exception {
        for (int i = 0; i < 20; i++) {
            GLContext c = newContext();
            CompletableFuture<Integer> calls = CompletableFuture.supplyAsync(() -> {
                int ran = 0;
                try {
                    while (true) {
                        ran += c.call(() -> 1);
                    }
                } catch (IllegalStateException destroyed) {
                    return ran;
                }
            });
            Thread.sleep(2);
            c.unref();
            assertTimeoutPreemptively(LIMIT, () -> calls.get());
            assertTrue(c.awaitDestroyed(LIMIT));
        }
    }

    @Test
    void memoryThatCannotBeMadeGivesTheContextReferenceBack() throws Exception {
        GLContext c = newContext();
        GLVideoInfo.Plane p = GLVideoInfo.of(Caps.parse(CAPS)).planes().get(0);
        GLVideoInfo.Plane bad = new GLVideoInfo.Plane(p.textureFormat(), p.width(), p.height(), p.stride(), -1);
        assertThrows(IllegalArgumentException.class, () -> GLAllocator.INSTANCE.allocate(c, bad));
        assertEquals(1, c.refCount(), "the failed memory's context reference was given back");
        c.unref();
        assertTrue(c.awaitDestroyed(LIMIT));
    }

    @Test
    void bufferPoolKeepsItsContextWhileStarted() throws Exception {
        GLContext c = newContext();
        GLBufferPool pool = new GLBufferPool(c);
        Caps caps = Caps.parse(CAPS);
        assertTrue(pool.setConfig(PoolConfig.of(caps, GLVideoInfo.of(caps).size(), 0, 0)));
        assertTrue(pool.setActive(true));
        assertEquals(2, c.refCount(), "the element's and the started pool's");
        c.unref(); // the element that proposed the pool let go; upstream still uses the pool
        assertFalse(c.isDestroyed());
        Buffer b = pool.acquire();
        assertTrue(b.peekMemory(0) instanceof GLMemory);
        b.unref();
        assertTrue(pool.setActive(false));
        assertTrue(c.awaitDestroyed(LIMIT), "the stopped pool gave its reference back");
    }

    @Test
    void syncMetaHoldsItsContextUntilReleased() throws Exception {
        GLContext c = newContext();
        Buffer b = Buffer.create();
        GLSyncMeta m = GLSyncMeta.of(b);
        c.run(() -> m.setSync(c));
        c.unref();
        assertFalse(c.isDestroyed(), "the fence's deletion still needs the context");
        m.clientWait();
        b.unref();
        assertTrue(c.awaitDestroyed(LIMIT));
    }

    @Test
    void clientWaitDoesNotHoldTheMetaWhileTheOwnerThreadUsesIt() throws Exception {
        GLContext c = newContext();
        Buffer b = Buffer.create();
        GLSyncMeta m = GLSyncMeta.of(b);
        c.run(() -> m.setSync(c));
        CountDownLatch go = new CountDownLatch(1);
        // The owner thread (a GL branch of a tee) is about to use the meta...
        CompletableFuture<Void> glBranch = CompletableFuture.runAsync(() -> c.run(() -> {
            await(go);
            m.waitOn(c);
        }));
        // ...while a download branch waits on the CPU, through the same owner thread.
        Thread download = Thread.ofPlatform().daemon().start(m::clientWait);
        long end = System.nanoTime() + LIMIT.toNanos();
        while (download.getState() != Thread.State.WAITING && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        go.countDown();
        // Before the fix clientWait held the meta's monitor while waiting for the owner thread,
        // which blocked on that monitor in waitOn: neither ever returned.
        glBranch.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        download.join(LIMIT);
        assertFalse(download.isAlive(), "clientWait returned");
        b.unref();
        c.unref();
        assertTrue(c.awaitDestroyed(LIMIT));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
