package org.zeropipe.gpu.gl;

import org.zeropipe.core.memory.AllocationParams;
import org.zeropipe.core.memory.Allocator;
import org.zeropipe.core.memory.Memory;

/**
 * Makes {@link GLMemory}: one texture for one plane on one context. A custom allocator (a plain
 * {@code alloc(size)} cannot say which context and texture format): {@link GLBufferPool} and
 * the GL elements call {@link #allocate}.
 */
public final class GLAllocator extends Allocator {

    public static final GLAllocator INSTANCE = new GLAllocator();

    private GLAllocator() {
        super(GLMemory.TYPE);
    }

    /** A new texture for {@code plane} on {@code context}; the caller owns the reference. */
    public GLMemory allocate(GLContext context, GLVideoInfo.Plane plane) {
        return GLMemory.allocate(this, context, plane);
    }

    @Override
    public Memory alloc(long size, AllocationParams params) {
        throw new UnsupportedOperationException("GLMemory needs a context and a texture format: use GLAllocator.allocate"
                + " or a GLBufferPool");
    }

    @Override
    public boolean isCustomAlloc() {
        return true;
    }
}
