package org.zeropipe.gpu.gl;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.query.AllocationQuery;

/**
 * {@code glupload}: raw video in system memory or GL memory in, GL memory out.
 *
 * <p>Memory: accepts {@code memory:SystemMemory} and {@code memory:GLMemory} (the formats of
 * {@link GLCaps#FORMATS}); produces {@code memory:GLMemory}. GL memory in: passthrough. System
 * memory in: it proposes a {@link GLBufferPool} upstream (ALLOCATION query), so a producer
 * writes its frames into the pool's persistently mapped PBOs and the frame reaches glupload
 * already in GL memory (method {@code glmemory}: the one upload happens here, no CPU copy);
 * a buffer from elsewhere goes straight from its mapping into a texture (method {@code raw}).
 * Later modules add methods (DMABuf, Vulkan) with {@link #addMethod}.
 */
public final class GLUpload extends GLBaseTransform {

    private static final List<GLUploadMethod> METHODS = new CopyOnWriteArrayList<>(
            List.of(GLUploadMethods.GL_MEMORY, GLUploadMethods.RAW));

    private volatile GLVideoInfo info;
    private volatile String lastMethod;

    public GLUpload(String name) {
        super(name, PadTemplate.sink(GLCaps.GL_ANY.append(GLCaps.RAW_ANY)), PadTemplate.src(GLCaps.GL_ANY));
    }

    public GLUpload() {
        this(null);
    }

    /** Adds an upload method, tried before the built-in ones (an import beats a copy). */
    public static void addMethod(GLUploadMethod method) {
        METHODS.addFirst(Objects.requireNonNull(method, "method"));
    }

    /** The methods, in the order they are tried. */
    public static List<GLUploadMethod> methods() {
        return List.copyOf(METHODS);
    }

    @Override
    public String factoryName() {
        return "glupload";
    }

    /** The method that uploaded the last buffer (for tests and diagnostics), or null. */
    public String lastMethod() {
        return lastMethod;
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps out = direction == PadDirection.SINK ? GLCaps.toGL(caps) : GLCaps.toGL(caps).append(GLCaps.toSystem(caps));
        return filter == null ? out : filter.intersect(out, IntersectMode.FIRST);
    }

    @Override
    protected boolean setCaps(Caps in, Caps out) {
        try {
            info = GLVideoInfo.of(in);
            return true;
        } catch (IllegalArgumentException e) {
            postError(name() + ": " + e.getMessage(), null, e);
            return false;
        }
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        return proposeGLPool(query);
    }

    @Override
    protected Buffer prepareOutputBuffer(Buffer in) {
        GLContext context = gl.require();
        GLVideoInfo i = info;
        for (GLUploadMethod m : METHODS) {
            Buffer out = m.upload(context, i, in, () -> negotiation().allocate(i.size()));
            if (out != null) {
                lastMethod = m.name();
                return out;
            }
        }
        throw new IllegalStateException(name() + ": no upload method takes " + in);
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        return FlowReturn.OK; // prepareOutputBuffer did the upload
    }
}
