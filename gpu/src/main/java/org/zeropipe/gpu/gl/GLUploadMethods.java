package org.zeropipe.gpu.gl;

import java.lang.foreign.MemorySegment;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.BufferCopyFlag;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.video.VideoMeta;

/** The upload methods of this module: GL memory already, and raw system memory. */
final class GLUploadMethods {

    private GLUploadMethods() {
    }

    /**
     * The buffer already holds GL memory of this context, one per plane: typically a frame of
     * the pool glupload proposed upstream, which a CPU producer wrote into the PBOs. It goes on
     * as it is; its textures are brought up to date here (the one upload, counted here).
     */
    static final GLUploadMethod GL_MEMORY = new GLUploadMethod() {
        @Override
        public String name() {
            return "glmemory";
        }

        @Override
        public Buffer upload(GLContext context, GLVideoInfo info, Buffer in, GLOutputFrames pool) {
            if (in.memoryCount() != info.planes().size()) {
                return null;
            }
            for (int i = 0; i < in.memoryCount(); i++) {
                if (!(in.peekMemory(i) instanceof GLMemory m) || m.context() != context
                        || !m.plane().equals(info.planes().get(i))) {
                    return null;
                }
            }
            for (int i = 0; i < in.memoryCount(); i++) {
                ((GLMemory) in.peekMemory(i)).texture(MapFlags.READ).close(); // uploads if the CPU wrote
            }
            return in.ref();
        }
    };

    /**
     * Any mappable buffer: each plane goes straight from the mapped input into a texture of a
     * pool frame ({@code glTexSubImage2D} from client memory: one transfer, no CPU copy).
     */
    static final GLUploadMethod RAW = new GLUploadMethod() {
        @Override
        public String name() {
            return "raw";
        }

        @Override
        public Buffer upload(GLContext context, GLVideoInfo info, Buffer in, GLOutputFrames pool) {
            VideoMeta vm = VideoMeta.get(in);
            long[] offsets = vm != null ? vm.offsets() : info.offsets();
            int[] strides = vm != null ? vm.strides() : info.strides();
            Buffer out = pool.acquire();
            if (out == null) {
                return null;
            }
            try (Mapping src = in.map(MapFlags.READ)) {
                MemorySegment s = src.segment();
                for (int i = 0; i < info.planes().size(); i++) {
                    GLVideoInfo.Plane p = info.planes().get(i);
                    long need = offsets[i] + (long) strides[i] * (p.height() - 1) + (long) p.width() * p.textureFormat().bytesPerPixel();
                    if (need > s.byteSize()) {
                        throw new IllegalArgumentException("input buffer of " + s.byteSize() + " bytes is too small for plane "
                                + i + " of " + info.format() + " " + info.width() + "x" + info.height() + " (needs " + need + ")");
                    }
                }
                long address = s.address();
                context.run(() -> { // one hand-over to the GL thread for all planes
                    for (int i = 0; i < info.planes().size(); i++) {
                        ((GLMemory) out.peekMemory(i)).uploadFrom(address + offsets[i], strides[i]);
                    }
                });
                in.copyInto(out, java.util.EnumSet.of(BufferCopyFlag.FLAGS, BufferCopyFlag.TIMESTAMPS), 0, -1);
                return out;
            } catch (RuntimeException | Error e) {
                out.unref();
                throw e;
            }
        }
    };
}
