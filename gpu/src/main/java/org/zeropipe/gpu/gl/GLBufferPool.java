package org.zeropipe.gpu.gl;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.pool.AcquireParams;
import org.zeropipe.core.pool.BufferPool;
import org.zeropipe.core.pool.PoolConfig;
import org.zeropipe.core.video.VideoMeta;

/**
 * A pool of frames in GL memory: each buffer holds one {@link GLMemory} per plane and a
 * {@link VideoMeta}, laid out as the caps' default video layout. Offered upstream by
 * {@code glupload}, a CPU producer maps such a buffer for WRITE and writes into the planes'
 * persistently mapped PBOs; the upload happens at the first GL use. GStreamer's
 * {@code GstGLBufferPool}.
 *
 * <p>The config's caps (fixed {@code video/x-raw}, any caps features) say the format and size;
 * the config's allocator is not used (GL memory needs the context). The pool holds a reference
 * to the context while it is started (activation until every buffer came home after
 * deactivation), so an upstream user of a proposed pool can outlive the element that made it.
 */
public final class GLBufferPool extends BufferPool {

    private final GLContext context;
    private volatile GLVideoInfo info;

    public GLBufferPool(GLContext context) {
        super("glbufferpool");
        this.context = context;
    }

    public GLContext context() {
        return context;
    }

    @Override
    protected PoolConfig validateConfig(PoolConfig requested) {
        if (requested.caps() == null) {
            return null; // a GL frame needs its format and size
        }
        GLVideoInfo i;
        try {
            i = GLVideoInfo.of(requested.caps());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (requested.size() < i.size()) {
            return requested.withSize(i.size());
        }
        info = i;
        return requested.allocator() == null ? requested : requested.withAllocator(null, requested.params());
    }

    @Override
    protected boolean start() {
        context.ref(); // throws when the context is already destroyed: the pool does not start
        boolean ok = false;
        try {
            ok = super.start();
            return ok;
        } finally {
            if (!ok) {
                context.unref();
            }
        }
    }

    @Override
    protected boolean stop() {
        boolean stopped = super.stop();
        if (stopped) {
            context.unref();
        }
        return stopped;
    }

    @Override
    protected Buffer allocBuffer(AcquireParams params) {
        return allocateFrame(context, info);
    }

    /** A frame of GL memories for {@code info} on {@code context}, with its VideoMeta. */
    static Buffer allocateFrame(GLContext context, GLVideoInfo info) {
        Buffer b = Buffer.create();
        try {
            for (GLVideoInfo.Plane p : info.planes()) {
                b.appendMemory(GLAllocator.INSTANCE.allocate(context, p));
            }
            VideoMeta.add(b, info.format(), info.width(), info.height(), info.offsets(), info.strides());
            return b;
        } catch (RuntimeException | Error e) {
            b.unref();
            throw e;
        }
    }
}
