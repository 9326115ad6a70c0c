package org.zeropipe.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zeropipe.core.pool.PoolFixtures.CAPS;
import static org.zeropipe.core.pool.PoolFixtures.activePool;
import static org.zeropipe.core.pool.PoolFixtures.pool;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pool.PoolFixtures.CountingAllocator;
import org.zeropipe.core.pool.PoolFixtures.ImportOnlyAllocator;

/** Configuring a pool: GStreamer's set_config rules, read-back of corrections, validate_params. */
class BufferPoolConfigTest {

    /** A pool that can only run with sizes rounded up to 64 and at least 2 buffers. */
    static final class RoundingPool extends BufferPool {
        @Override
        protected PoolConfig validateConfig(PoolConfig requested) {
            long size = (requested.size() + 63) & ~63L;
            int min = Math.max(2, requested.minBuffers());
            int max = requested.maxBuffers() == 0 ? 0 : Math.max(min, requested.maxBuffers());
            return requested.withParams(requested.caps(), size, min, max);
        }
    }

    @Test
    void aNewPoolHasTheDefaultConfigAndIsNotConfigured() {
        BufferPool pool = new BufferPool();
        assertEquals(PoolConfig.DEFAULT, pool.config());
        assertNull(pool.config().caps());
        assertEquals(0, pool.config().maxBuffers(), "0: no limit");
        assertFalse(pool.isConfigured());
        assertFalse(pool.isActive());
        assertTrue(pool.isFlushing(), "an inactive pool is flushing");
    }

    @Test
    void anUnconfiguredPoolCannotBeActivated() {
        BufferPool pool = new BufferPool();
        assertFalse(pool.setActive(true));
        assertFalse(pool.isActive());
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 10, 10, 0)));
        assertTrue(pool.setActive(true));
        assertEquals(10, pool.bufferCount());
        assertTrue(pool.setActive(false));
        assertEquals(0, pool.bufferCount());
    }

    @Test
    void settingTheSameConfigOnAnActivePoolIsFineButAnotherIsRefused() {
        BufferPool pool = activePool(10, 10, 0);
        PoolConfig current = pool.config();
        assertTrue(pool.setConfig(current));
        assertTrue(pool.setConfig(PoolConfig.of(Caps.parse("test/data"), 10, 10, 0)), "equal, not identical");

        assertFalse(pool.setConfig(current.withSize(12)));
        assertTrue(pool.isActive());
        assertSame(current, pool.config(), "the active config stays");
        assertTrue(pool.setActive(false));
        assertTrue(pool.setConfig(current.withSize(12)), "inactive now");
        assertEquals(12, pool.config().size());
    }

    @Test
    void theConfigCannotChangeWhileBuffersAreOut() throws PoolFlushingException {
        BufferPool pool = activePool(10, 0, 0);
        Buffer out = pool.acquire();
        assertTrue(pool.setActive(false), "deactivation with a buffer out succeeds");
        assertFalse(pool.setConfig(pool.config().withSize(20)), "but the buffer is still out");
        assertEquals(10, pool.config().size());
        out.unref();
        assertEquals(0, pool.bufferCount(), "freed as it came home");
        assertTrue(pool.setConfig(pool.config().withSize(20)));
        assertTrue(pool.setActive(true));
        Buffer b = pool.acquire();
        assertEquals(20, b.size());
        b.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void aPoolThatCorrectsAConfigRefusesItAndTheCallerReadsTheCorrectionBack() throws PoolFlushingException {
        BufferPool pool = new RoundingPool();
        PoolConfig asked = PoolConfig.of(CAPS, 100, 1, 4);
        assertFalse(pool.setConfig(asked));
        PoolConfig proposal = pool.config();
        assertEquals(PoolConfig.of(CAPS, 128, 2, 4), proposal);
        assertFalse(pool.isConfigured(), "not configured until a config is accepted");
        assertFalse(pool.setActive(true));

        assertTrue(proposal.validateParams(CAPS, 100, 1, 4), "the proposal still serves the caller");
        assertTrue(pool.setConfig(proposal));
        assertTrue(pool.isConfigured());
        assertTrue(pool.setActive(true));
        assertEquals(2, pool.bufferCount(), "min 2 preallocated");
        Buffer b = pool.acquire();
        assertEquals(128, b.size());
        b.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void aPoolCanRefuseAConfigOutrightAndStillStoresIt() {
        BufferPool pool = new BufferPool() {
            @Override
            protected PoolConfig validateConfig(PoolConfig requested) {
                return requested.caps() == null ? null : requested;
            }
        };
        PoolConfig noCaps = PoolConfig.of(null, 10, 0, 0);
        assertFalse(pool.setConfig(noCaps));
        assertEquals(noCaps, pool.config(), "GStreamer keeps the refused config for reading back");
        assertFalse(pool.isConfigured());
        assertTrue(pool.setConfig(noCaps.withParams(CAPS, 10, 0, 0)));
    }

    @Test
    void theDefaultPoolProposesTheDefaultAllocatorForAnImportOnlyOne() {
        BufferPool pool = new BufferPool();
        AllocationParams aligned = AllocationParams.DEFAULT.withAlign(63);
        PoolConfig asked = PoolConfig.of(CAPS, 10, 0, 0).withAllocator(new ImportOnlyAllocator(), aligned);
        assertFalse(pool.setConfig(asked));
        assertNull(pool.config().allocator());
        assertEquals(aligned, pool.config().params(), "the params stay");
        assertTrue(pool.setConfig(pool.config()));
    }

    @Test
    void buffersAreAllocatedWithTheConfiguredAllocatorAndParams() throws PoolFlushingException {
        CountingAllocator allocator = new CountingAllocator();
        AllocationParams params = new AllocationParams(Set.of(), 63, 16, 8);
        BufferPool pool = new BufferPool();
        assertTrue(pool.setConfig(PoolConfig.of(CAPS, 100, 2, 0).withAllocator(allocator, params)));
        assertTrue(pool.setActive(true));
        assertEquals(2, allocator.allocations.get());
        Buffer b = pool.acquire();
        Memory m = b.peekMemory(0);
        assertEquals(100, m.size());
        assertEquals(16, m.offset(), "prefix");
        assertEquals(124, m.maxSize(), "prefix + size + padding");
        assertEquals(63, m.align());
        b.unref();
        assertTrue(pool.setActive(false));
    }

    @Test
    void configValuesAreCheckedLikeGStreamersSetParams() {
        PoolConfig ok = PoolConfig.of(CAPS, 10, 4, 0);
        assertEquals(0, ok.maxBuffers());
        assertThrows(IllegalArgumentException.class, () -> PoolConfig.of(CAPS, 10, 5, 4), "min > max");
        assertThrows(IllegalArgumentException.class, () -> PoolConfig.of(CAPS, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PoolConfig.of(CAPS, 10, -1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolConfig.of(Caps.parse("video/x-raw, width=(int)[ 1, 100 ]"), 10, 0, 0));
        assertTrue(e.getMessage().contains("fixed"), e.getMessage());
        assertEquals(AllocationParams.DEFAULT, ok.withAllocator(null, null).params(), "null params: the default");
    }

    @Test
    void validateParamsAcceptsTheSameCapsAndAtLeastTheSizeAndMinimum() {
        // gstbufferpool.c test_pool_config_validate: a pool created with (5, 4, 30)
        PoolConfig config = pool(5, 4, 30).config();
        assertTrue(config.validateParams(CAPS, 5, 4, 0));
        assertTrue(config.validateParams(CAPS, 5, 2, 0));
        assertTrue(config.validateParams(CAPS, 4, 4, 0));
        assertFalse(config.validateParams(CAPS, 5, 6, 0));
        assertFalse(config.validateParams(CAPS, 6, 4, 0));
        assertFalse(config.validateParams(Caps.parse("test/data2"), 5, 4, 0));
    }

    @Test
    void optionsKeepTheirOrderAndThePoolSaysWhichItSupports() {
        PoolConfig config = PoolConfig.of(CAPS, 10, 0, 0).withOption(PoolOptions.VIDEO_META)
                .withOption(PoolOptions.VIDEO_ALIGNMENT).withOption(PoolOptions.VIDEO_META);
        assertEquals(List.of(PoolOptions.VIDEO_META, PoolOptions.VIDEO_ALIGNMENT), List.copyOf(config.options()));
        assertTrue(config.hasOption(PoolOptions.VIDEO_ALIGNMENT));
        assertFalse(config.withoutOption(PoolOptions.VIDEO_ALIGNMENT).hasOption(PoolOptions.VIDEO_ALIGNMENT));
        assertThrows(UnsupportedOperationException.class, () -> config.options().add("x"));

        assertFalse(new BufferPool().hasOption(PoolOptions.VIDEO_META));
        BufferPool videoPool = new BufferPool() {
            @Override
            public Set<String> options() {
                return Set.of(PoolOptions.VIDEO_META);
            }
        };
        assertTrue(videoPool.hasOption(PoolOptions.VIDEO_META));
        assertTrue(videoPool.setConfig(config), "options a pool does not support are ignored, as in GStreamer");
    }

    @Test
    void poolsHaveNamesForMessages() {
        assertEquals("mypool", new BufferPool("mypool").name());
        assertTrue(new BufferPool().name().startsWith("bufferpool"));
        assertTrue(new BufferPool("p").toString().contains("p, inactive"), new BufferPool("p").toString());
    }
}
