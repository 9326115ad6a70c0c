package org.zeropipe.core.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.leak.LeakTracker;
import org.zeropipe.core.memory.Allocators;
import org.zeropipe.core.meta.MetaFlag;
import org.zeropipe.core.video.VideoCropMeta;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoMeta;

/** The hook a buffer pool uses: return on the last unref, reset, and the checks, without allocating. */
class BufferRecyclerTest {

    /** The smallest pool the hook allows: a stack of idle buffers, GStreamer's release rules. */
    static final class StackPool implements BufferRecycler {
        final Buffer[] idle = new Buffer[8];
        final long size;
        int count;
        int discarded;

        StackPool(long size) {
            this.size = size;
        }

        Buffer acquire() {
            Buffer b = count > 0 ? idle[--count] : Buffer.allocate(size);
            idle[count] = null;
            b.setRecycler(this);
            return b;
        }

        @Override
        public void recycle(Buffer buffer) {
            buffer.resetForReuse(size);
            if (buffer.hasFlag(BufferFlag.TAG_MEMORY) || buffer.size() != size || !buffer.isAllMemoryWritable()
                    || count == idle.length) {
                discarded++;
                buffer.unref(); // no recycler now: freed
                return;
            }
            idle[count++] = buffer;
        }

        void close() {
            while (count > 0) {
                Buffer b = idle[--count];
                idle[count] = null;
                b.unref();
            }
        }
    }

    @Test
    void aBufferComesBackToItsPoolResetAndIsHandedOutAgain() {
        StackPool pool = new StackPool(64);
        Buffer b = pool.acquire();
        VideoMeta pooled = VideoMeta.add(b, VideoFormat.GRAY8, 8, 8);
        pooled.setFlag(MetaFlag.POOLED);
        b.setPts(1);
        b.setFlag(BufferFlag.DISCONT);
        VideoCropMeta.add(b, 0, 0, 4, 4);
        b.unref();
        assertEquals(1, pool.count);
        Buffer again = pool.acquire();
        assertSame(b, again);
        assertEquals(ClockTime.NONE, again.pts());
        assertEquals(java.util.Set.of(), again.flags());
        assertSame(pooled, VideoMeta.get(again), "pooled metas stay");
        assertEquals(null, VideoCropMeta.get(again), "the rest go");
        again.unref();
        pool.close();
    }

    @Test
    void theResetRestoresTheSizeOfIntactMemories() {
        StackPool pool = new StackPool(64);
        Buffer b = pool.acquire();
        b.resize(10, 20);
        b.unref();
        assertEquals(1, pool.count);
        Buffer again = pool.acquire();
        assertSame(b, again);
        assertEquals(new BufferSizes(64, 0, 64), again.sizes());
        again.unref();
        pool.close();
    }

    @Test
    void aBufferWhoseMemoryChangedIsDiscarded() {
        StackPool pool = new StackPool(64);
        Buffer b = pool.acquire();
        b.appendMemory(Allocators.defaultAllocator().alloc(1));
        b.unref();
        assertEquals(0, pool.count);
        assertEquals(1, pool.discarded);
        assertEquals(0, b.refCount(), "freed");
        pool.close();
    }

    @Test
    void aBufferWhoseMemoryIsStillSharedIsDiscardedUnlessAParentMetaHoldsIt() {
        StackPool pool = new StackPool(64);
        Buffer b = pool.acquire();
        Buffer region = b.copyRegion(BufferCopyFlag.ALL, 0, 10); // a view of b's memory
        b.unref();
        assertEquals(1, pool.discarded, "its memory is shared with the region");
        region.unref();

        Buffer c = pool.acquire();
        Buffer copy = c.copy(); // whole memory shared: the copy holds c through a ParentBufferMeta
        c.unref();
        assertEquals(0, pool.count);
        copy.unref();
        assertEquals(1, pool.count, "returned once the copy let go");
        assertEquals(1, pool.discarded);
        pool.close();
    }

    @Test
    void theAcquireReleaseCycleAllocatesNothing() {
        LeakTracker.Mode mode = LeakTracker.mode();
        LeakTracker.setMode(LeakTracker.Mode.OFF); // production default is sample; off removes the dice roll
        StackPool pool = new StackPool(256);
        try {
            Buffer warm = pool.acquire();
            VideoMeta.add(warm, VideoFormat.GRAY8, 16, 16).setFlag(MetaFlag.POOLED);
            warm.unref();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long best = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 5 && best > 0; attempt++) {
                cycle(pool, 20_000);
                long before = threads.getCurrentThreadAllocatedBytes();
                cycle(pool, 20_000);
                best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, best, "bytes allocated by 20000 acquire/release cycles");
            assertTrue(pool.count == 1);
        } finally {
            pool.close();
            LeakTracker.setMode(mode);
        }
    }

    private static void cycle(StackPool pool, int n) {
        for (int i = 0; i < n; i++) {
            Buffer b = pool.acquire();
            b.setPts(i);
            b.setFlag(BufferFlag.DELTA_UNIT);
            b.setSize(100);
            b.ref();
            b.unref();
            b.unref();
        }
    }
}
