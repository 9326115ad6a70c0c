package org.zeropipe.core.video.convert;

import org.zeropipe.core.video.ChromaSite;
import org.zeropipe.core.video.VideoColorimetry;

/**
 * The colour facts the converter needs about one side: the YUV matrix (its GStreamer id, and Kr,
 * Kb when it has them), whether values use the limited (16-235) range, and the chroma siting
 * flags (GStreamer's {@code GstVideoChromaSite}: 2 = horizontally co-sited, 4 = vertically).
 */
public record ColorSpec(int matrixId, double kr, double kb, boolean hasKrKb, boolean limited, int chromaSite) {

    /** GStreamer's id of the RGB (identity) matrix. */
    public static final int MATRIX_RGB = 1;

    static final int SITE_H_COSITED = 2;
    static final int SITE_V_COSITED = 4;

    /** The facts of a stream's colorimetry and chroma siting (an unknown range counts as full, as in GStreamer). */
    public static ColorSpec of(VideoColorimetry color, ChromaSite site) {
        double[] k = color.matrix().krKb().orElse(null);
        return new ColorSpec(color.matrix().gstValue(), k == null ? 0 : k[0], k == null ? 0 : k[1], k != null,
                color.range() == VideoColorimetry.Range.LIMITED, site.flags());
    }

    /** The same colours with the identity (RGB) matrix, as GStreamer forces for RGB formats. */
    ColorSpec asRgb() {
        return new ColorSpec(MATRIX_RGB, 0, 0, false, limited, chromaSite);
    }
}
