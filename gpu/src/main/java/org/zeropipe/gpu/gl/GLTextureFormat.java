package org.zeropipe.gpu.gl;

import static org.lwjgl.opengl.GL30.GL_R16;
import static org.lwjgl.opengl.GL30.GL_R8;
import static org.lwjgl.opengl.GL30.GL_RG;
import static org.lwjgl.opengl.GL30.GL_RG16;
import static org.lwjgl.opengl.GL30.GL_RG8;
import static org.lwjgl.opengl.GL11.GL_RED;
import static org.lwjgl.opengl.GL11.GL_RGBA;
import static org.lwjgl.opengl.GL11.GL_RGBA8;
import static org.lwjgl.opengl.GL11.GL_UNSIGNED_BYTE;
import static org.lwjgl.opengl.GL11.GL_UNSIGNED_SHORT;

/** The texture format of one plane: how its bytes look to GL. */
public enum GLTextureFormat {
    RGBA8(GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, 4),
    R8(GL_R8, GL_RED, GL_UNSIGNED_BYTE, 1),
    RG8(GL_RG8, GL_RG, GL_UNSIGNED_BYTE, 2),
    R16(GL_R16, GL_RED, GL_UNSIGNED_SHORT, 2),
    RG16(GL_RG16, GL_RG, GL_UNSIGNED_SHORT, 4);

    private final int internalFormat;
    private final int format;
    private final int type;
    private final int bytesPerPixel;

    GLTextureFormat(int internalFormat, int format, int type, int bytesPerPixel) {
        this.internalFormat = internalFormat;
        this.format = format;
        this.type = type;
        this.bytesPerPixel = bytesPerPixel;
    }

    public int internalFormat() {
        return internalFormat;
    }

    /**
     * The internal format on {@code context}; owner thread.
     *
     * @throws GLException for 16-bit normalized formats on a GLES context without {@code EXT_texture_norm16}
     */
    public int internalFormat(GLContext context) {
        if ((this == R16 || this == RG16) && !context.norm16()) {
            throw new GLException(name() + " textures need GL_EXT_texture_norm16, which " + context.renderer()
                    + " does not have on GLES");
        }
        return internalFormat;
    }

    public int format() {
        return format;
    }

    public int type() {
        return type;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }
}
