package org.zeropipe.gpu.gl;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.memory.Memory;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.query.AllocationQuery;

/**
 * {@code gldownload}: GL memory in, raw video in system memory (preferred) or GL memory out.
 *
 * <p>Memory: accepts {@code memory:GLMemory}; produces {@code memory:SystemMemory}, or
 * {@code memory:GLMemory} as passthrough when downstream takes only that. To system memory it
 * issues each plane's download into the memory's pack PBO with a fence (counted as DOWNLOAD
 * here, once per frame) and sends the same buffer on: downstream's READ map waits for the
 * fence and reads the persistently mapped PBO, no CPU copy. Proposes a GL pool upstream.
 */
public final class GLDownload extends GLBaseTransform {

    public GLDownload(String name) {
        super(name, PadTemplate.sink(GLCaps.GL_ANY), PadTemplate.src(GLCaps.RAW_ANY.append(GLCaps.GL_ANY)));
    }

    public GLDownload() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "gldownload";
    }

    @Override
    protected boolean inPlace() {
        return false;
    }

    @Override
    protected Caps transformCaps(PadDirection direction, Caps caps, Caps filter) {
        Caps out = direction == PadDirection.SINK ? GLCaps.toSystem(caps).append(GLCaps.toGL(caps)) : GLCaps.toGL(caps);
        return filter == null ? out : filter.intersect(out, IntersectMode.FIRST);
    }

    @Override
    protected boolean proposeAllocation(AllocationQuery decideQuery, AllocationQuery query) {
        return proposeGLPool(query);
    }

    @Override
    protected org.zeropipe.core.base.Negotiation decideAllocation(Caps caps, AllocationQuery query, boolean answered) {
        return org.zeropipe.core.base.Negotiation.defaults(caps); // the input buffers go on: nothing to allocate
    }

    @Override
    protected Buffer prepareOutputBuffer(Buffer in) {
        GLMemory[] planes = new GLMemory[in.memoryCount()];
        for (int i = 0; i < planes.length; i++) {
            Memory m = in.peekMemory(i);
            if (!(m instanceof GLMemory g)) {
                throw new IllegalStateException(name() + ": caps say GL memory but memory " + i + " is " + m.type());
            }
            planes[i] = g;
        }
        if (planes.length == 0) {
            return in.ref();
        }
        // One hand-over to the GL thread for all planes (nested calls run inline there).
        planes[0].context().run(() -> {
            for (GLMemory g : planes) {
                g.startDownload();
            }
        });
        return in.ref();
    }

    @Override
    protected FlowReturn transform(Buffer in, Buffer out) {
        return FlowReturn.OK; // prepareOutputBuffer issued the downloads
    }
}
