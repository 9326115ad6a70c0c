package org.zeropipe.core.video;

import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.meta.Meta;
import org.zeropipe.core.meta.MetaApi;
import org.zeropipe.core.meta.MetaInfo;
import org.zeropipe.core.meta.MetaTags;
import org.zeropipe.core.meta.MetaTransform;

/**
 * The part of the frame to show: a rectangle in pixels. GStreamer's {@code GstVideoCropMeta}.
 * Survives copies (a consumer crops when it renders); a "scale" transform
 * ({@code MetaTransform.Custom("scale", VideoCropMeta.Scale)}) scales it.
 */
public final class VideoCropMeta extends Meta {

    public static final MetaApi API = MetaApi.register("VideoCropMetaAPI", MetaTags.VIDEO, MetaTags.VIDEO_SIZE,
            MetaTags.VIDEO_ORIENTATION);
    public static final MetaInfo<VideoCropMeta> INFO = MetaInfo.register(API, "VideoCropMeta", VideoCropMeta.class,
            VideoCropMeta::new, null, VideoCropMeta::transform);

    /** The data of a "scale" custom transform: the frame size before and after. */
    public record Scale(int fromWidth, int fromHeight, int toWidth, int toHeight) {
    }

    private int x;
    private int y;
    private int width;
    private int height;

    private VideoCropMeta(MetaInfo<VideoCropMeta> info, Buffer buffer) {
        super(info, buffer);
    }

    /** Adds a crop rectangle to {@code buffer}. */
    public static VideoCropMeta add(Buffer buffer, int x, int y, int width, int height) {
        VideoCropMeta meta = buffer.addMeta(INFO);
        meta.set(x, y, width, height);
        return meta;
    }

    /** The crop meta of {@code buffer} (borrowed), or null. */
    public static VideoCropMeta get(Buffer buffer) {
        return buffer.getMeta(INFO);
    }

    /** Sets the rectangle. */
    public void set(int x, int y, int width, int height) {
        if (x < 0 || y < 0 || width < 0 || height < 0) {
            throw new IllegalArgumentException("crop rectangle must not be negative: " + x + "," + y + " "
                    + width + "x" + height);
        }
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private static boolean transform(Buffer dest, VideoCropMeta meta, Buffer src, MetaTransform transform) {
        return switch (transform) {
            case MetaTransform.Copy copy -> {
                add(dest, meta.x, meta.y, meta.width, meta.height);
                yield true;
            }
            case MetaTransform.Custom custom when "scale".equals(custom.name()) && custom.data() instanceof Scale s -> {
                add(dest, meta.x * s.toWidth() / s.fromWidth(), meta.y * s.toHeight() / s.fromHeight(),
                        meta.width * s.toWidth() / s.fromWidth(), meta.height * s.toHeight() / s.fromHeight());
                yield true;
            }
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "VideoCropMeta[" + x + "," + y + " " + width + "x" + height + "]";
    }
}
