package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL12.GL_CLAMP_TO_EDGE;
import static org.lwjgl.opengl.GL11.GL_NEAREST;
import static org.lwjgl.opengl.GL11.GL_PACK_ALIGNMENT;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_2D;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MAG_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_MIN_FILTER;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_WRAP_S;
import static org.lwjgl.opengl.GL11.GL_TEXTURE_WRAP_T;
import static org.lwjgl.opengl.GL11.GL_UNPACK_ALIGNMENT;
import static org.lwjgl.opengl.GL11.glBindTexture;
import static org.lwjgl.opengl.GL11.glDeleteTextures;
import static org.lwjgl.opengl.GL11.glGenTextures;
import static org.lwjgl.opengl.GL11.glPixelStorei;
import static org.lwjgl.opengl.GL11.glTexParameteri;
import static org.lwjgl.opengl.GL11.nglReadPixels;
import static org.lwjgl.opengl.GL11.nglTexSubImage2D;
import static org.lwjgl.opengl.GL12.GL_PACK_ROW_LENGTH;
import static org.lwjgl.opengl.GL12.GL_UNPACK_ROW_LENGTH;
import static org.lwjgl.opengl.GL15.glBindBuffer;
import static org.lwjgl.opengl.GL15.glDeleteBuffers;
import static org.lwjgl.opengl.GL15.glGenBuffers;
import static org.lwjgl.opengl.GL15.glUnmapBuffer;
import static org.lwjgl.opengl.GL21.GL_PIXEL_PACK_BUFFER;
import static org.lwjgl.opengl.GL21.GL_PIXEL_UNPACK_BUFFER;
import static org.lwjgl.opengl.GL30.GL_COLOR_ATTACHMENT0;
import static org.lwjgl.opengl.GL30.GL_MAP_READ_BIT;
import static org.lwjgl.opengl.GL30.GL_MAP_WRITE_BIT;
import static org.lwjgl.opengl.GL30.GL_READ_FRAMEBUFFER;
import static org.lwjgl.opengl.GL30.glBindFramebuffer;
import static org.lwjgl.opengl.GL30.glFramebufferTexture2D;
import static org.lwjgl.opengl.GL30.nglMapBufferRange;
import static org.lwjgl.opengl.GL32.GL_SYNC_FLUSH_COMMANDS_BIT;
import static org.lwjgl.opengl.GL32.GL_SYNC_GPU_COMMANDS_COMPLETE;
import static org.lwjgl.opengl.GL32.glClientWaitSync;
import static org.lwjgl.opengl.GL32.glDeleteSync;
import static org.lwjgl.opengl.GL32.glFenceSync;
import static org.lwjgl.opengl.GL44.GL_MAP_COHERENT_BIT;
import static org.lwjgl.opengl.GL44.GL_MAP_PERSISTENT_BIT;

import org.lwjgl.system.MemoryUtil;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.memory.MemoryFlag;
import org.zeropipe.core.trace.CopyReason;
import org.zeropipe.core.trace.CopyTracers;

/**
 * One plane of a frame in a GL texture (caps feature {@code memory:GLMemory}): GStreamer's
 * {@code GstGLMemoryPBO}. Its CPU side is a pixel buffer object, persistently and coherently
 * mapped, made at the first CPU map: a CPU producer writes straight into GL-visible memory.
 *
 * <p><b>Transfers are lazy</b> and each one is counted by the copy tracer when it happens:
 * <ul>
 *   <li>a CPU {@code map(READ)} downloads (texture → PBO, {@link CopyReason#DOWNLOAD}) only when
 *       the texture changed since the CPU side was last valid, or waits for the download
 *       {@link #startDownload} already issued;</li>
 *   <li>a CPU {@code map(WRITE)} marks the CPU side newer at unmap; the upload
 *       (PBO → texture, {@link CopyReason#UPLOAD}) happens at the first GL use
 *       ({@link #texture});</li>
 *   <li>a GL write ({@link #texture} with WRITE) marks the texture newer.</li>
 * </ul>
 * The texture and PBO are deleted on the context's owner thread, whichever thread drops the
 * last reference. Not shareable ({@link MemoryFlag#NO_SHARE}): a texture has no sub-views.
 */
public final class GLMemory extends Memory {

    /** The memory type and caps feature name ({@code memory:GLMemory}). */
    public static final String TYPE = "GLMemory";
    /** The caps feature. */
    public static final String CAPS_FEATURE = "memory:" + TYPE;

    private final GLContext context;
    private final GLVideoInfo.Plane plane;
    private final int texture;
    private final boolean persistent;

    // The transfer state; guarded by 'this'. gpuValid/cpuValid: which side holds the newest
    // bytes (both after a transfer). downloadFence: a download issued, not yet waited for.
    // uploadFence: the GPU may still be reading the PBO (a CPU write must wait).
    private boolean gpuValid = true;
    private boolean cpuValid;
    private long downloadFence;
    private long uploadFence;
    private int pbo;
    private long cpuAddress;
    // What a producer said the texture holds (0: unknown); any other write clears it.
    private volatile long contentTag;

    private GLMemory(GLAllocator allocator, GLContext context, GLVideoInfo.Plane plane, int texture) {
        super(allocator, null, MemoryFlag.NO_SHARE.bit(), plane.size(), 15, 0, plane.size());
        this.context = context;
        this.plane = plane;
        this.texture = texture;
        this.persistent = context.persistentMapping() && !Boolean.getBoolean("zp.nopbo");
    }

    /** Makes the texture of {@code plane} on {@code context} (which the memory then references). */
    static GLMemory allocate(GLAllocator allocator, GLContext context, GLVideoInfo.Plane plane) {
        int tex = context.call(() -> {
            int t = glGenTextures();
            glBindTexture(GL_TEXTURE_2D, t);
            context.api().texStorage2D(GL_TEXTURE_2D, 1, plane.textureFormat().internalFormat(context), plane.width(),
                    plane.height());
            // Nearest: filters sample at texel centres (1:1), where it equals linear and costs a
            // quarter of the fetches on a software rasterizer; a scaler sets its own sampler.
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            glBindTexture(GL_TEXTURE_2D, 0);
            return t;
        });
        context.ref(); // the memory's; given back below when it cannot be made
        try {
            return new GLMemory(allocator, context, plane, tex);
        } catch (RuntimeException | Error e) {
            try {
                context.post(() -> glDeleteTextures(tex));
            } finally {
                context.unref();
            }
            throw e;
        }
    }

    public GLContext context() {
        return context;
    }

    public GLVideoInfo.Plane plane() {
        return plane;
    }

    /** The texture name (use it on the owner thread only, inside {@link #texture}). */
    public int textureId() {
        return texture;
    }

    /** Which side is newest, for tests and the docs: "gpu", "cpu", "both", "downloading". */
    public synchronized String transferState() {
        if (downloadFence != 0) {
            return "downloading";
        }
        return gpuValid && cpuValid ? "both" : gpuValid ? "gpu" : "cpu";
    }

    // ------------------------------------------------------------------ GL access

    /**
     * The texture, for GL use with {@code access} ({@link MapFlags#READ} and/or WRITE): uploads
     * first if the CPU side is newer. Closing it ends the access; a WRITE access marks the texture
     * newer than the CPU side. Locks the memory like a map (a WRITE needs a writable memory).
     */
    public Texture texture(int access) {
        int a = access & MapFlags.READWRITE;
        if (a == 0) {
            throw new IllegalArgumentException("texture access must be READ and/or WRITE, not " + access);
        }
        if (!lock(a)) {
            throw new IllegalStateException("cannot use the texture of " + this + " for "
                    + (a == MapFlags.READ ? "READ" : "WRITE") + ": " + mapFailure(a));
        }
        try {
            ensureUploaded();
            if ((a & MapFlags.WRITE) != 0 && hasPendingDownload()) {
                dropDownload();
            }
        } catch (RuntimeException | Error e) {
            unlock(a);
            throw e;
        }
        return new Texture(a);
    }

    /**
     * The tag a producer gave the texture's content with {@link Texture#tagContent} (0 when
     * unknown): a producer that finds its own tag may skip redrawing what is there. Any write
     * without a tag (GL or CPU) clears it.
     */
    public long contentTag() {
        return contentTag;
    }

    /** A GL access to the texture; {@link #close} ends it. */
    public final class Texture implements AutoCloseable {
        private final int access;
        private boolean closed;
        private long tag;

        /** Says what this WRITE access leaves in the texture (see {@link #contentTag()}). */
        public void tagContent(long value) {
            tag = value;
        }

        private Texture(int access) {
            this.access = access;
        }

        public int id() {
            return texture;
        }

        public GLMemory memory() {
            return GLMemory.this;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if ((access & MapFlags.WRITE) != 0) {
                synchronized (GLMemory.this) {
                    gpuValid = true;
                    cpuValid = false;
                    contentTag = tag;
                }
            }
            unlock(access);
        }
    }

    // Lock order: the transfer methods below run on the owner thread and take this memory's
    // monitor there; no thread waits for the owner thread while holding the monitor, so a
    // CPU map on one thread and a GL use of the same memory on the GL thread cannot deadlock.

    /**
     * Forgets a download nobody waited for: GL is about to write the texture, so the CPU side
     * will be stale anyway (the download was issued first and completes in order).
     */
    private void dropDownload() {
        context.run(() -> {
            synchronized (this) {
                replaceFence(downloadFence);
                downloadFence = 0;
            }
        });
    }

    private synchronized boolean hasPendingDownload() {
        return downloadFence != 0;
    }

    /** Uploads PBO → texture if the CPU side is newer (counted as UPLOAD). */
    private void ensureUploaded() {
        boolean uploaded = context.call(() -> {
            synchronized (this) {
                if (gpuValid) {
                    return false;
                }
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, persistent ? pbo : 0);
                texSubImage(plane.stride(), persistent ? 0L : cpuAddress);
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
                if (persistent) {
                    replaceFence(uploadFence);
                    uploadFence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
                }
                gpuValid = true;
                return true;
            }
        });
        if (uploaded) {
            CopyTracers.record(TYPE, plane.size(), CopyReason.UPLOAD);
        }
    }

    /** glTexSubImage2D of the whole plane from {@code pixels} (an offset in the bound unpack PBO, or an address). */
    private void texSubImage(int stride, long pixels) {
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, stride / plane.textureFormat().bytesPerPixel());
        glBindTexture(GL_TEXTURE_2D, texture);
        nglTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, plane.width(), plane.height(), plane.textureFormat().format(),
                plane.textureFormat().type(), pixels);
        glBindTexture(GL_TEXTURE_2D, 0);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    }

    /**
     * Uploads a plane from client memory at {@code address} (rows {@code stride} bytes apart,
     * kept valid by the caller until this returns) straight into the texture, which becomes
     * the newest side. Counted as UPLOAD. The caller must be the only user of the memory.
     */
    void uploadFrom(long address, int stride) {
        int bpp = plane.textureFormat().bytesPerPixel();
        if (stride % bpp != 0) {
            throw new IllegalArgumentException("stride " + stride + " is not a whole number of " + bpp + "-byte texels");
        }
        context.run(() -> {
            synchronized (this) {
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
                texSubImage(stride, address);
                gpuValid = true;
                cpuValid = false;
                contentTag = 0;
            }
        });
        CopyTracers.record(TYPE, plane.size(), CopyReason.UPLOAD);
    }

    // ------------------------------------------------------------------ CPU access

    /**
     * Starts a download (texture → PBO) without waiting for it, if the texture is newer than
     * the CPU side: the next CPU READ map waits for its fence instead of downloading. Counted
     * as DOWNLOAD here, when it is issued. Returns whether a download was issued.
     */
    public boolean startDownload() {
        boolean issued = context.call(() -> {
            synchronized (this) {
                if (cpuValid || downloadFence != 0) {
                    return false;
                }
                ensureCpuSide();
                readPixels();
                return true;
            }
        });
        if (issued) {
            CopyTracers.record(TYPE, plane.size(), CopyReason.DOWNLOAD);
        }
        return issued;
    }

    @Override
    protected long mapAddress(int mapFlags) {
        boolean read = (mapFlags & MapFlags.READ) != 0;
        boolean downloaded = context.call(() -> {
            synchronized (this) {
                ensureCpuSide();
                boolean issued = false;
                if (read && !cpuValid && downloadFence == 0) {
                    readPixels();
                    issued = true;
                }
                // Wait for the GPU to finish with the PBO: a download writing it, an upload reading it.
                if (downloadFence != 0) {
                    waitFence(downloadFence);
                    downloadFence = 0;
                    cpuValid = true;
                }
                waitFence(uploadFence);
                uploadFence = 0;
                return issued;
            }
        });
        if (downloaded) {
            CopyTracers.record(TYPE, plane.size(), CopyReason.DOWNLOAD);
        }
        return cpuAddress;
    }

    @Override
    protected void unmap(int mapFlags) {
        if ((mapFlags & MapFlags.WRITE) != 0) {
            synchronized (this) {
                cpuValid = true;
                gpuValid = false;
                contentTag = 0;
            }
        }
    }

    /** Makes the PBO (persistently mapped) or, without buffer storage (GLES lacking EXT_buffer_storage), a staging block. Owner thread. */
    private void ensureCpuSide() {
        if (cpuAddress != 0) {
            return;
        }
        long size = Math.max(plane.size(), 1);
        if (persistent) {
            int flags = GL_MAP_READ_BIT | GL_MAP_WRITE_BIT | GL_MAP_PERSISTENT_BIT | GL_MAP_COHERENT_BIT;
            pbo = glGenBuffers();
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, pbo);
            context.api().bufferStorage(GL_PIXEL_UNPACK_BUFFER, size, flags);
            cpuAddress = nglMapBufferRange(GL_PIXEL_UNPACK_BUFFER, 0, size, flags);
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
            if (cpuAddress == 0) {
                throw new GLException("cannot map the pixel buffer of " + this + " persistently");
            }
        } else {
            cpuAddress = MemoryUtil.nmemAlignedAlloc(64, size);
        }
    }

    /** Issues texture → CPU side through the context's read framebuffer. Owner thread. */
    private void readPixels() {
        GLResources r = context.resources();
        glBindFramebuffer(GL_READ_FRAMEBUFFER, r.readFramebuffer());
        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glPixelStorei(GL_PACK_ROW_LENGTH, plane.stride() / plane.textureFormat().bytesPerPixel());
        glBindBuffer(GL_PIXEL_PACK_BUFFER, persistent ? pbo : 0);
        nglReadPixels(0, 0, plane.width(), plane.height(), plane.textureFormat().format(), plane.textureFormat().type(),
                persistent ? 0L : cpuAddress);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        glPixelStorei(GL_PACK_ROW_LENGTH, 0);
        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, 0, 0);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
        if (persistent) {
            downloadFence = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
        } else {
            cpuValid = true; // glReadPixels into client memory returns when done
        }
    }

    private static void waitFence(long fence) {
        if (fence != 0) {
            glClientWaitSync(fence, GL_SYNC_FLUSH_COMMANDS_BIT, Long.MAX_VALUE);
            glDeleteSync(fence);
        }
    }

    private static void replaceFence(long old) {
        if (old != 0) {
            glDeleteSync(old);
        }
    }

    // ------------------------------------------------------------------ lifetime

    @Override
    protected Memory newShare(long absoluteOffset, long size, int flags) {
        throw new UnsupportedOperationException("GL memory cannot be shared (NO_SHARE)");
    }

    @Override
    protected void free() {
        long up;
        long down;
        int buffer;
        long address;
        synchronized (this) {
            up = uploadFence;
            down = downloadFence;
            buffer = pbo;
            address = cpuAddress;
        }
        boolean staged = !persistent;
        context.post(() -> {
            try {
                replaceFence(up);
                replaceFence(down);
                if (buffer != 0) {
                    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, buffer);
                    glUnmapBuffer(GL_PIXEL_UNPACK_BUFFER);
                    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
                    glDeleteBuffers(buffer);
                }
                if (staged && address != 0) {
                    MemoryUtil.nmemAlignedFree(address);
                }
                glDeleteTextures(texture);
            } finally {
                context.unref();
            }
        });
    }
}
