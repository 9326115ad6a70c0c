package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL32.GL_SYNC_FLUSH_COMMANDS_BIT;
import static org.lwjgl.opengl.GL32.GL_SYNC_GPU_COMMANDS_COMPLETE;
import static org.lwjgl.opengl.GL32.GL_TIMEOUT_IGNORED;
import static org.lwjgl.opengl.GL32.glClientWaitSync;
import static org.lwjgl.opengl.GL32.glDeleteSync;
import static org.lwjgl.opengl.GL32.glFenceSync;
import static org.lwjgl.opengl.GL32.glFlush;
import static org.lwjgl.opengl.GL32.glWaitSync;

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
        if (sync != 0) {
            long old = sync;
            context.post(() -> glDeleteSync(old));
        }
        context = producer;
        sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
        glFlush(); // so another context's wait can see the fence
    }

    /** Makes {@code consumer}'s later commands wait for the fence (GPU side); its owner thread. */
    public synchronized void waitOn(GLContext consumer) {
        consumer.checkOwner();
        if (sync != 0 && consumer != context) {
            glWaitSync(sync, 0, GL_TIMEOUT_IGNORED); // the same context runs its commands in order anyway
        }
    }

    /** Blocks the calling thread until the fence passed (through the producer's thread). */
    public synchronized void clientWait() {
        if (sync != 0) {
            long s = sync;
            context.run(() -> glClientWaitSync(s, GL_SYNC_FLUSH_COMMANDS_BIT, Long.MAX_VALUE));
        }
    }

    /** Whether a fence is set. */
    public synchronized boolean isSet() {
        return sync != 0;
    }

    private static void release(GLSyncMeta m, Buffer buffer) {
        synchronized (m) {
            if (m.sync != 0) {
                long s = m.sync;
                m.context.post(() -> glDeleteSync(s));
                m.sync = 0;
            }
        }
    }
}
