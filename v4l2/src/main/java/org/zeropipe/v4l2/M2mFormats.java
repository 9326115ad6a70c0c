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
     * @throws IllegalArgumentException when the caps name no V4L2 format
     * @throws NodeSetup.Refused naming what was asked and what the driver chose
     */
    static Format set(V4l2Device d, int bufType, Structure s) {
        PixelFormat pf = PixelFormat.of(s).orElseThrow(() -> new IllegalArgumentException(
                d.path() + " has no V4L2 format for " + s));
        if (s.has("width") && s.has("height")) {
            return NodeSetup.setExactFormat(d, bufType, pf, s.getInt("width"), s.getInt("height"));
        }
        Format f = d.setFormat(bufType, pf.fourcc(), 0, 0); // a coded stream without a size: the driver's choice
        if (f.pixelFormat() != pf.fourcc()) {
            throw new NodeSetup.Refused(d.path() + " refused " + PixelFormat.fourccString(pf.fourcc()) + " on its "
                    + queueName(bufType) + " queue (VIDIOC_S_FMT chose " + PixelFormat.fourccString(f.pixelFormat())
                    + ")", null);
        }
        return f;
    }

    static String queueName(int bufType) {
        return V4l2Device.isMultiPlanar(bufType) ? (bufType % 2 == 1 ? "CAPTURE_MPLANE" : "OUTPUT_MPLANE")
                : (bufType == 1 ? "CAPTURE" : "OUTPUT");
    }
}
