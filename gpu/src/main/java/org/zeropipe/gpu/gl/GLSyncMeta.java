package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL11.glFlush;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;

/**
 * A fence after the GL commands that produced a buffer: GStreamer's {@code GstGLSyncMeta}. The
 * producer {@link #setSync sets} it after rendering; a consumer on another context
 * {@link #waitOn waits} on the GPU ({@code glWaitSync}, the CPU does not block), a CPU consumer
 * {@link #clientWait}s. Nobody calls {@code glFinish}. Not carried over copies.
 */
public final class GLSyncMeta extends Meta {

    public static final MetaApi API = MetaApi.register("GstGLSyncMetaAPI", MetaTags.MEMORY);
    public static final MetaInfo<GLSyncMeta> INFO = MetaInfo.register(API, "GstGLSyncMeta", GLSyncMeta.class,
            GLSyncMeta::new, GLSyncMeta::release, null);

    // The producer context (referenced while a fence is set, so its deletion can be posted) and
    // the fence. Nobody holds the monitor while waiting for a context's thread: the owner thread
    // takes it in setSync/waitOn/release, so waiting under it could deadlock.
    private GLContext context;
    private long sync;

    private GLSyncMeta(MetaInfo<GLSyncMeta> info, Buffer buffer) {
        super(info, buffer);
    }

    /** The buffer's sync meta, added if missing (the buffer must be writable to add one). */
    public static GLSyncMeta of(Buffer buffer) {
        GLSyncMeta m = buffer.getMeta(INFO);
        return m != null ? m : buffer.addMeta(INFO);
    }

    /** The buffer's sync meta (borrowed), or null. */
    public static GLSyncMeta get(Buffer buffer) {
        return buffer.getMeta(INFO);
    }

    /** Puts a fence after the commands issued so far on {@code producer}; its owner thread. */
    public synchronized void setSync(GLContext producer) {
        producer.checkOwner();
        producer.ref();
        clear();
        context = producer;
        sync = producer.api().fenceSync(); // through GLApi: GLES 3.0/3.1 has no GL 3.2 entry points in LWJGL
        glFlush(); // so another context's wait can see the fence
    }

    /** Makes {@code consumer}'s later commands wait for the fence (GPU side); its owner thread. */
    public synchronized void waitOn(GLContext consumer) {
        consumer.checkOwner();
        if (sync != 0 && consumer != context) {
            consumer.api().waitSync(sync); // the same context runs its commands in order anyway
        }
    }

    /**
     * Blocks the calling thread until the fence passed (through the producer's thread). Waits
     * outside the monitor; on the owner thread it waits on the fence still set then (a fence
     * replaced or released meanwhile had its deletion queued behind, or is gone: nothing to wait on).
     */
    public void clientWait() {
        GLContext producer;
        synchronized (this) {
            if (sync == 0) {
                return;
            }
            producer = context.ref(); // kept alive while waiting, even if the meta is released meanwhile
        }
        try {
            producer.run(() -> {
                long s;
                synchronized (this) {
                    s = context == producer ? sync : 0;
                }
                // Deletions run on this thread too, so s stays valid until the wait returns.
                if (s != 0) {
                    producer.api().clientWaitSync(s);
                }
            });
        } finally {
            producer.unref();
        }
    }

    /** Whether a fence is set. */
    public synchronized boolean isSet() {
        return sync != 0;
    }

    /** Posts the fence's deletion to its context and gives the context back; under the monitor. */
    private void clear() {
        if (sync != 0) {
            long s = sync;
            GLContext c = context;
            sync = 0;
            context = null;
            try {
                c.post(() -> c.api().deleteSync(s));
            } finally {
                c.unref(); // after the post: the deletion runs before a destroy it would trigger
            }
        }
    }

    private static void release(GLSyncMeta m, Buffer buffer) {
        synchronized (m) {
            m.clear();
        }
    }
}
