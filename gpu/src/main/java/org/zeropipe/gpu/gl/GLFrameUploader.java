package org.zeropipe.gpu.gl;

import java.util.List;

import org.zeropipe.core.base.Negotiation;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.query.AllocationQuery;

/**
 * Brings the system-memory frames of one stream into GL memory with glupload's methods
 * ({@link GLUploadMethods}: a frame of a GL pool we proposed is only brought up to date, any
 * other is uploaded into a frame of our own GL pool), and keeps the last one, so a frame shown
 * again (a slower input under a mixer) is not uploaded again.
 */
final class GLFrameUploader {

    private final GLContext context;
    private final GLVideoInfo info;
    private final Negotiation frames;
    private Buffer source;   // the input last uploaded (a reference: it cannot be recycled while we compare)
    private Buffer uploaded; // its GL frame

    /** For frames of {@code caps} (system memory) on {@code context}. */
    GLFrameUploader(GLContext context, Caps caps) {
        this.context = context;
        info = GLVideoInfo.of(caps);
        Caps gl = GLCaps.toGL(caps);
        frames = GLBaseTransform.decideGLPool(context, gl, new AllocationQuery(gl, true));
    }

    /** {@code in} in GL memory, with a reference for the caller; uploads only a frame not seen last. */
    synchronized Buffer upload(Buffer in) {
        if (in != source) {
            Buffer out = null;
            for (GLUploadMethod m : List.of(GLUploadMethods.GL_MEMORY, GLUploadMethods.RAW)) {
                out = m.upload(context, info, in, () -> frames.allocate(info.size()));
                if (out != null) {
                    break;
                }
            }
            if (out == null) {
                throw new GLException("cannot upload " + in + " as " + info.format() + " " + info.width() + "x" + info.height());
            }
            forget();
            source = in.ref();
            uploaded = out;
        }
        return uploaded.ref();
    }

    private void forget() {
        if (source != null) {
            source.unref();
            uploaded.unref();
            source = null;
            uploaded = null;
        }
    }

    /** Gives back the kept frames and the pool. */
    synchronized void close() {
        forget();
        frames.release();
    }
}
