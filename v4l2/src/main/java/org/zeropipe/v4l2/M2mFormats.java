package org.zeropipe.v4l2;

import org.zeropipe.core.caps.Structure;
import org.zeropipe.v4l2.V4l2Device.Format;

/** Setting a mem2mem queue's format from fixed caps, refusing what the driver changed. */
final class M2mFormats {

    private M2mFormats() {
    }

    /**
     * S_FMT on {@code bufType} with the pixel format and size of {@code s}; the driver must take
     * them as asked (a coded format without a size gets the driver's choice).
     *
     * @throws IllegalArgumentException naming what was asked and what the driver chose
     */
    static Format set(V4l2Device d, int bufType, Structure s) {
        PixelFormat pf = PixelFormat.of(s).orElseThrow(() -> new IllegalArgumentException(
                d.path() + " has no V4L2 format for " + s));
        boolean sized = s.has("width") && s.has("height");
        int width = sized ? s.getInt("width") : 0;
        int height = sized ? s.getInt("height") : 0;
        Format f = d.setFormat(bufType, pf.fourcc(), width, height);
        if (f.pixelFormat() != pf.fourcc() || sized && (f.width() != width || f.height() != height)) {
            throw new IllegalArgumentException(d.path() + " refused " + PixelFormat.fourccString(pf.fourcc()) + " "
                    + width + "x" + height + " on its " + queueName(bufType) + " queue (VIDIOC_S_FMT chose "
                    + PixelFormat.fourccString(f.pixelFormat()) + " " + f.width() + "x" + f.height() + ")");
        }
        return f;
    }

    static String queueName(int bufType) {
        return V4l2Device.isMultiPlanar(bufType) ? (bufType % 2 == 1 ? "CAPTURE_MPLANE" : "OUTPUT_MPLANE")
                : (bufType == 1 ? "CAPTURE" : "OUTPUT");
    }
}
