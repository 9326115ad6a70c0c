package org.zeropipe.core.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.memory.Allocators;

/** Meta registration, init/free/transform, tags, flags and iteration (GStreamer's gstmeta.c checks). */
class MetaTest {

    static final AtomicInteger INITS = new AtomicInteger();
    static final AtomicInteger FREES = new AtomicInteger();

    /** Timing data, carried over copies as gstmeta.c's test meta does. */
    static final class TimingMeta extends Meta {
        static final MetaApi API = MetaApi.register("TimingMetaTestAPI", "timing");
        static final MetaInfo<TimingMeta> INFO = MetaInfo.register(API, "TimingMetaTest", TimingMeta.class,
                (info, buffer) -> {
                    INITS.incrementAndGet();
                    return new TimingMeta(info, buffer);
                },
                (meta, buffer) -> FREES.incrementAndGet(),
                TimingMeta::transform);

        long pts = ClockTime.NONE;
        long dts = ClockTime.NONE;
        long duration = ClockTime.NONE;
        long clockRate;

        TimingMeta(MetaInfo<TimingMeta> info, Buffer buffer) {
            super(info, buffer);
        }

        static boolean transform(Buffer dest, TimingMeta meta, Buffer src, MetaTransform transform) {
            if (!(transform instanceof MetaTransform.Copy copy)) {
                return false;
            }
            TimingMeta t = dest.addMeta(INFO);
            if (copy.offset() == 0) {
                t.pts = meta.pts;
                t.dts = meta.dts;
                if (!copy.region()) {
                    assertEquals(src.size(), copy.size());
                    t.duration = meta.duration;
                } else {
                    assertTrue(src.size() > copy.size());
                }
            } else {
                assertTrue(copy.region());
            }
            t.clockRate = meta.clockRate;
            return true;
        }
    }

    /** A meta with no transform: never carried over. */
    static final class FooMeta extends Meta {
        static final MetaApi API = MetaApi.register("FooMetaTestAPI");
        static final MetaInfo<FooMeta> INFO = MetaInfo.register(API, "FooMetaTest", FooMeta.class, FooMeta::new,
                null, null);

        FooMeta(MetaInfo<FooMeta> info, Buffer buffer) {
            super(info, buffer);
        }
    }

    /** Describes memories: tagged "memory", copies itself but knows nothing of memory changes. */
    static final class MemoryLayoutMeta extends Meta {
        static final MetaApi API = MetaApi.register("MemoryLayoutTestAPI", MetaTags.MEMORY);
        static final MetaInfo<MemoryLayoutMeta> INFO = MetaInfo.register(API, "MemoryLayoutTest",
                MemoryLayoutMeta.class, MemoryLayoutMeta::new, null,
                (dest, meta, src, t) -> t instanceof MetaTransform.Copy && dest.addMeta(MemoryLayoutMeta.INFO) != null);

        MemoryLayoutMeta(MetaInfo<MemoryLayoutMeta> info, Buffer buffer) {
            super(info, buffer);
        }
    }

    /** References other memory: tagged "memory-reference". */
    static final class ReferenceMeta extends Meta {
        static final MetaApi API = MetaApi.register("ReferenceTestAPI", MetaTags.MEMORY_REFERENCE);
        static final MetaInfo<ReferenceMeta> INFO = MetaInfo.register(API, "ReferenceTest", ReferenceMeta.class,
                ReferenceMeta::new, null, (dest, meta, src, t) -> dest.addMeta(ReferenceMeta.INFO) != null);

        ReferenceMeta(MetaInfo<ReferenceMeta> info, Buffer buffer) {
            super(info, buffer);
        }
    }

    @BeforeEach
    void resetCounters() {
        INITS.set(0);
        FREES.set(0);
    }

    private static Buffer fourBytes() {
        Buffer b = Buffer.allocate(4);
        b.memset(0, (byte) 0, 4);
        return b;
    }

    @Test
    void copiesTransformTheMetaAsItsInfoSays() {
        Buffer buffer = fourBytes();
        TimingMeta meta = buffer.addMeta(TimingMeta.INFO);
        assertSame(buffer, meta.buffer());
        assertSame(TimingMeta.API, meta.api());
        meta.pts = 1000;
        meta.dts = 2000;
        meta.duration = 1000;
        meta.clockRate = 1000;

        Buffer copy = buffer.copy();
        TimingMeta m = copy.getMeta(TimingMeta.INFO);
        assertNotNull(m);
        assertEquals(1000, m.pts);
        assertEquals(2000, m.dts);
        assertEquals(1000, m.duration);
        assertEquals(1000, m.clockRate);
        copy.unref();

        Buffer sub = buffer.copyRegion(BufferCopyFlag.ALL, 0, 1);
        m = sub.getMeta(TimingMeta.INFO);
        assertEquals(1000, m.pts);
        assertEquals(2000, m.dts);
        assertEquals(ClockTime.NONE, m.duration);
        assertEquals(1000, m.clockRate);
        sub.unref();

        sub = buffer.copyRegion(BufferCopyFlag.ALL, 1, 3);
        m = sub.getMeta(TimingMeta.INFO);
        assertEquals(ClockTime.NONE, m.pts);
        assertEquals(ClockTime.NONE, m.dts);
        assertEquals(ClockTime.NONE, m.duration);
        assertEquals(1000, m.clockRate);
        sub.unref();

        Buffer noMeta = buffer.copyRegion(EnumSet.of(BufferCopyFlag.MEMORY), 0, -1);
        assertNull(noMeta.getMeta(TimingMeta.API), "META not asked");
        noMeta.unref();
        buffer.unref();
        assertEquals(4, INITS.get());
        assertEquals(4, FREES.get(), "free runs when each buffer goes");
    }

    @Test
    void aMetaWithoutTransformIsNotCopied() {
        Buffer buffer = fourBytes();
        buffer.addMeta(FooMeta.INFO);
        Buffer copy = buffer.copy();
        assertNull(copy.getMeta(FooMeta.API));
        assertEquals(1, buffer.metaCount(FooMeta.API));
        copy.unref();
        buffer.unref();
    }

    @Test
    void lockedMetasCannotBeRemoved() {
        Buffer buffer = fourBytes();
        TimingMeta meta = buffer.addMeta(TimingMeta.INFO);
        meta.setFlag(MetaFlag.LOCKED);
        assertThrows(IllegalStateException.class, () -> buffer.removeMeta(meta));
        assertThrows(IllegalStateException.class, () -> buffer.removeMetaIf(m -> true));
        assertEquals(1, buffer.metaCount());
        meta.unsetFlag(MetaFlag.LOCKED);
        assertTrue(buffer.removeMeta(meta));
        assertFalse(buffer.removeMeta(meta));
        assertEquals(1, FREES.get());
        buffer.unref();
    }

    @Test
    void removingOneOfOne() {
        Buffer buffer = fourBytes();
        TimingMeta m1 = buffer.addMeta(TimingMeta.INFO);
        assertEquals(1, buffer.metaCount());
        buffer.removeMetaIf(m -> m == m1);
        assertEquals(List.of(), buffer.metas());
        buffer.unref();
    }

    @Test
    void removingHeadMiddleOrTailOfThreeKeepsTheOrder() {
        for (int remove = 0; remove < 3; remove++) {
            Buffer buffer = fourBytes();
            List<Meta> metas = List.of(buffer.addMeta(TimingMeta.INFO), buffer.addMeta(TimingMeta.INFO),
                    buffer.addMeta(TimingMeta.INFO));
            assertEquals(metas, buffer.metas());
            Meta gone = metas.get(remove);
            buffer.removeMetaIf(m -> m == gone);
            List<Meta> expected = new java.util.ArrayList<>(metas);
            expected.remove(remove);
            assertEquals(expected, buffer.metas());
            buffer.unref();
        }
    }

    @Test
    void removingUnpooledMetasKeepsThePooledOnes() {
        Buffer buffer = fourBytes();
        Meta m1 = buffer.addMeta(TimingMeta.INFO);
        Meta m2 = buffer.addMeta(TimingMeta.INFO);
        m2.setFlag(MetaFlag.POOLED);
        Meta m3 = buffer.addMeta(TimingMeta.INFO);
        Meta m4 = buffer.addMeta(TimingMeta.INFO);
        Meta m5 = buffer.addMeta(TimingMeta.INFO);
        m5.setFlag(MetaFlag.POOLED);
        assertEquals(List.of(m1, m2, m3, m4, m5), buffer.metas());
        buffer.removeMetaIf(m -> !m.hasFlag(MetaFlag.POOLED));
        assertEquals(List.of(m2, m5), buffer.metas());
        buffer.unref();
    }

    @Test
    void resetForReuseDropsUnpooledMetasEvenLockedOnes() {
        Buffer buffer = fourBytes();
        Meta locked = buffer.addMeta(TimingMeta.INFO);
        locked.setFlag(MetaFlag.LOCKED);
        Meta pooled = buffer.addMeta(FooMeta.INFO);
        pooled.setFlag(MetaFlag.POOLED);
        pooled.setFlag(MetaFlag.LOCKED);
        buffer.resetForReuse();
        assertEquals(List.of(pooled), buffer.metas());
        assertEquals(1, FREES.get());
        buffer.unref();
    }

    @Test
    void metasAreFoundByApiAndIteratedInOrder() {
        Buffer buffer = fourBytes();
        Meta m1 = buffer.addMeta(TimingMeta.INFO);
        assertSame(m1, buffer.getMeta(TimingMeta.API));
        assertNull(buffer.getMeta(FooMeta.API));
        assertNull(buffer.getMeta(FooMeta.INFO));
        Meta m2 = buffer.addMeta(FooMeta.INFO);
        Meta m3 = buffer.addMeta(TimingMeta.INFO);
        assertEquals(List.of(m1, m2, m3), buffer.metas());
        assertEquals(2, buffer.metaCount(TimingMeta.API));
        assertEquals(1, buffer.metaCount(FooMeta.API));
        assertSame(m1, buffer.getMeta(TimingMeta.INFO), "the first of its API");
        List<Meta> seen = new java.util.ArrayList<>();
        buffer.forEachMeta(seen::add);
        assertEquals(List.of(m1, m2, m3), seen);
        assertTrue(m1.seqNum() < m2.seqNum() && m2.seqNum() < m3.seqNum());
        buffer.unref();
    }

    @Test
    void metasNeedAWritableBuffer() {
        Buffer buffer = fourBytes();
        Meta m = buffer.addMeta(FooMeta.INFO);
        buffer.ref();
        assertThrows(IllegalStateException.class, () -> buffer.addMeta(FooMeta.INFO));
        assertThrows(IllegalStateException.class, () -> buffer.removeMeta(m));
        buffer.unref();
        buffer.unref();
    }

    @Test
    void anInitFunctionCanRefuseTheMeta() {
        MetaApi api = MetaApi.register("RefusingTestAPI");
        MetaInfo<FooMeta> refusing = MetaInfo.register(api, "RefusingTest", FooMeta.class, (info, buffer) -> {
            throw new IllegalArgumentException("no");
        }, null, null);
        Buffer buffer = fourBytes();
        assertThrows(IllegalArgumentException.class, () -> buffer.addMeta(refusing));
        assertEquals(0, buffer.metaCount());
        buffer.unref();
    }

    @Test
    void registrationsAreUniqueByName() {
        assertSame(TimingMeta.API, MetaApi.register("TimingMetaTestAPI", "timing"));
        assertThrows(IllegalArgumentException.class, () -> MetaApi.register("TimingMetaTestAPI", "other"));
        assertThrows(IllegalArgumentException.class, () -> MetaInfo.register(FooMeta.API, "FooMetaTest",
                FooMeta.class, FooMeta::new, null, null));
        assertSame(FooMeta.INFO, MetaInfo.find("FooMetaTest").orElseThrow());
        assertSame(TimingMeta.API, MetaApi.find("TimingMetaTestAPI").orElseThrow());
        assertTrue(TimingMeta.API.hasTag("timing"));
    }

    @Test
    void memoryMetasAreDroppedWhenACopyChangesTheMemoryLayout() {
        Buffer buffer = Buffer.create();
        buffer.appendMemory(Allocators.defaultAllocator().alloc(2));
        buffer.appendMemory(Allocators.defaultAllocator().alloc(2));
        buffer.addMeta(MemoryLayoutMeta.INFO);

        Buffer whole = buffer.copy();
        assertNotNull(whole.getMeta(MemoryLayoutMeta.API), "a whole copy keeps the layout");
        whole.unref();
        Buffer region = buffer.copyRegion(BufferCopyFlag.ALL, 1, 2);
        assertNull(region.getMeta(MemoryLayoutMeta.API), "a region changes it");
        region.unref();
        EnumSet<BufferCopyFlag> merge = EnumSet.copyOf(BufferCopyFlag.ALL);
        merge.add(BufferCopyFlag.MERGE);
        Buffer merged = buffer.copyRegion(merge, 0, -1);
        assertNull(merged.getMeta(MemoryLayoutMeta.API), "a merge changes it");
        merged.unref();
        Buffer metaOnly = buffer.copyRegion(EnumSet.of(BufferCopyFlag.META), 0, -1);
        assertNull(metaOnly.getMeta(MemoryLayoutMeta.API), "no memory, no layout");
        metaOnly.unref();
        buffer.unref();
    }

    @Test
    void memoryReferenceMetasAreDroppedByDeepCopies() {
        Buffer buffer = fourBytes();
        buffer.addMeta(ReferenceMeta.INFO);
        Buffer shallow = buffer.copy();
        assertNotNull(shallow.getMeta(ReferenceMeta.API));
        shallow.unref();
        Buffer deep = buffer.deepCopy();
        assertNull(deep.getMeta(ReferenceMeta.API));
        deep.unref();
        buffer.unref();
    }

    @Test
    void memoryChangesRemoveMemoryMetasThatDoNotFollowThem() {
        Buffer buffer = fourBytes();
        buffer.addMeta(MemoryLayoutMeta.INFO);
        Meta locked = buffer.addMeta(MemoryLayoutMeta.INFO);
        locked.setFlag(MetaFlag.LOCKED);
        buffer.addMeta(TimingMeta.INFO);
        buffer.appendMemory(Allocators.defaultAllocator().alloc(4));
        assertEquals(1, buffer.metaCount(MemoryLayoutMeta.API), "the locked one stays");
        assertSame(locked, buffer.getMeta(MemoryLayoutMeta.API));
        assertEquals(1, buffer.metaCount(TimingMeta.API), "untagged metas are not told");
        buffer.unref();
    }

    @Test
    void parentBufferMetaKeepsItsParentAlive() {
        Buffer buffer = Buffer.create();
        Buffer parent = Buffer.create();
        ParentBufferMeta meta = ParentBufferMeta.add(buffer, parent);
        assertSame(meta, buffer.getMeta(ParentBufferMeta.INFO));
        assertSame(parent, meta.parent());
        assertEquals(2, parent.refCount());
        Buffer copy = buffer.copy();
        assertEquals(3, parent.refCount(), "copied with the buffer");
        copy.unref();
        buffer.unref();
        assertEquals(1, parent.refCount());
        parent.unref();
    }

    @Test
    void elementsCanOfferCustomTransforms() {
        Buffer src = fourBytes();
        Buffer dest = fourBytes();
        TimingMeta t = src.addMeta(TimingMeta.INFO);
        assertFalse(t.info().transform(dest, t, src, new MetaTransform.Custom("scale", null)),
                "the test meta knows only copies");
        assertEquals(0, dest.metaCount());
        dest.unref();
        src.unref();
    }
}
