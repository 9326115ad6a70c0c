package org.zeropipe.gpu.gl;

import java.util.ArrayList;
import java.util.List;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoLayout;

/**
 * What GL needs to know of fixed raw-video caps: the format, the size, and one texture per plane
 * laid out as GStreamer's default video layout (rows padded to 4 bytes, planes one after the
 * other), so a buffer of GL memories has exactly the layout a CPU producer expects.
 *
 * @param planes one entry per plane, in order
 */
public record GLVideoInfo(VideoFormat format, int width, int height, Fraction framerate, List<Plane> planes) {

    /**
     * One plane's texture: its format, size in texels, and its bytes in the frame.
     *
     * @param stride bytes per row in system memory
     * @param size   bytes of the plane in system memory (its share of the frame)
     */
    public record Plane(GLTextureFormat textureFormat, int width, int height, int stride, long size) {
    }

    public GLVideoInfo {
        planes = List.copyOf(planes);
    }

    /** Reads fixed {@code video/x-raw} caps (any caps features). */
    public static GLVideoInfo of(Caps caps) {
        if (caps == null || caps.size() != 1 || !caps.isFixed()) {
            throw new IllegalArgumentException("GL needs fixed video/x-raw caps, not " + caps);
        }
        Structure s = caps.structure(0);
        if (!s.hasName("video/x-raw")) {
            throw new IllegalArgumentException("GL needs video/x-raw caps, not " + s.name());
        }
        VideoFormat format;
        try {
            format = VideoFormat.valueOf(s.getString("format"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GL does not handle video format " + s.getString("format"), e);
        }
        int w = s.getInt("width");
        int h = s.getInt("height");
        Fraction fps = s.has("framerate") ? s.getFraction("framerate") : new Fraction(0, 1);
        return new GLVideoInfo(format, w, h, fps, planesOf(format, w, h));
    }

    private static List<Plane> planesOf(VideoFormat format, int w, int h) {
        VideoLayout layout = format.layout(w, h);
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        List<GLTextureFormat> tf = new ArrayList<>();
        List<int[]> dims = new ArrayList<>();
        switch (format) {
            case RGBA, BGRA, RGBx, BGRx -> add(tf, dims, GLTextureFormat.RGBA8, w, h);
            case GRAY8 -> add(tf, dims, GLTextureFormat.R8, w, h);
            case NV12 -> {
                add(tf, dims, GLTextureFormat.R8, w, h);
                add(tf, dims, GLTextureFormat.RG8, cw, ch);
            }
            case I420, YV12 -> {
                add(tf, dims, GLTextureFormat.R8, w, h);
                add(tf, dims, GLTextureFormat.R8, cw, ch);
                add(tf, dims, GLTextureFormat.R8, cw, ch);
            }
            case YUY2, UYVY -> add(tf, dims, GLTextureFormat.RGBA8, cw, h); // a pixel pair (4 bytes) per RGBA texel
            default -> throw new IllegalArgumentException("GL does not handle video format " + format);
        }
        List<Plane> planes = new ArrayList<>();
        for (int i = 0; i < tf.size(); i++) {
            long end = i + 1 < layout.planes() ? layout.offset(i + 1) : layout.size();
            planes.add(new Plane(tf.get(i), dims.get(i)[0], dims.get(i)[1], layout.stride(i), end - layout.offset(i)));
        }
        return planes;
    }

    private static void add(List<GLTextureFormat> tf, List<int[]> dims, GLTextureFormat f, int w, int h) {
        tf.add(f);
        dims.add(new int[] {w, h});
    }

    /** Bytes of a whole frame in system memory. */
    public long size() {
        long n = 0;
        for (Plane p : planes) {
            n += p.size();
        }
        return n;
    }

    /** The byte offset of each plane in the frame. */
    public long[] offsets() {
        long[] o = new long[planes.size()];
        for (int i = 1; i < o.length; i++) {
            o[i] = o[i - 1] + planes.get(i - 1).size();
        }
        return o;
    }

    /** The row stride of each plane. */
    public int[] strides() {
        int[] s = new int[planes.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = planes.get(i).stride();
        }
        return s;
    }
}
