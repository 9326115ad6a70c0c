package org.zeropipe.core.pipeline;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.query.AllocationQuery;

/** Small elements for runtime tests. */
final class TestElements {

    private TestElements() {
    }

    /** A sink with fixed template caps that can answer the allocation query. */
    static final class CapsSink extends BaseSink {
        volatile Caps received;
        volatile Consumer<AllocationQuery> proposer;

        CapsSink(String name, Caps caps) {
            super(name, PadTemplate.sink(caps), false);
        }

        @Override
        protected boolean setCaps(Caps caps) {
            received = caps;
            return true;
        }

        @Override
        protected boolean proposeAllocation(AllocationQuery query) {
            Consumer<AllocationQuery> p = proposer;
            if (p == null) {
                return false;
            }
            p.accept(query);
            return true;
        }

        volatile Consumer<Buffer> onRender;

        @Override
        protected FlowReturn render(Buffer buffer) {
            Consumer<Buffer> r = onRender;
            if (r != null) {
                r.accept(buffer);
            }
            return FlowReturn.OK;
        }
    }

    /** A non-live source with template caps that records its allocation decision. */
    static final class CapsSource extends BaseSource {
        final AtomicReference<Negotiation> decided = new AtomicReference<>();
        volatile boolean answered;
        volatile int negotiations;
        volatile AllocationQuery lastQuery;

        CapsSource(String name, Caps caps) {
            super(name, PadTemplate.src(caps));
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        protected Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean wasAnswered) {
            answered = wasAnswered;
            negotiations++;
            lastQuery = query;
            Negotiation n = super.decideAllocation(caps, query, wasAnswered);
            decided.set(n);
            return n;
        }

        volatile long ownPoolSize = -1;

        @Override
        protected long bufferSize(Caps caps) {
            return ownPoolSize;
        }

        @Override
        protected FlowReturn create(Buffer[] out) {
            out[0] = allocateBuffer(16);
            return FlowReturn.OK;
        }
    }

    /**
     * A live source that stamps buffers as it makes them, one every {@code periodMs}, and says
     * its data is {@code min} ns late when pushed ({@code max}: how late it may get).
     */
    static final class LiveSource extends BaseSource {
        private final long periodMs;
        volatile long min = 30 * org.zeropipe.core.buffer.ClockTime.MSECOND;
        volatile long max = org.zeropipe.core.buffer.ClockTime.NONE;

        LiveSource(String name, long periodMs) {
            super(name, PadTemplate.src(Caps.ANY));
            this.periodMs = periodMs;
            set("do-timestamp", true);
        }

        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        protected long minLatency() {
            return min;
        }

        @Override
        protected long maxLatency() {
            return max;
        }

        @Override
        protected FlowReturn create(Buffer[] out) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out[0] = Buffer.allocate(1);
            return FlowReturn.OK;
        }
    }
}
