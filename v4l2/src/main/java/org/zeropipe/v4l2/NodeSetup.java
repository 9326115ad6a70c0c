package org.zeropipe.v4l2;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.query.CapsQuery;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.abi.V4l2;

/** What every V4L2 element does to get its node ready: open and check it, answer caps queries, set a format exactly. */
final class NodeSetup {

    /** The node cannot be used as asked; the message says why, naming it (post it as the bus error). */
    static final class Refused extends RuntimeException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private NodeSetup() {
    }

    /**
     * Opens {@code path} and checks that it has one of the capabilities {@code anyOf} (what
     * makes it a {@code kind} device, e.g. "video capture") and can stream.
     *
     * @throws Refused naming the node and what it lacks, or the open/QUERYCAP failure and errno
     */
    static V4l2Device open(String path, int anyOf, String kind) {
        V4l2Device d;
        try {
            d = V4l2Device.open(path);
        } catch (ErrnoException e) {
            throw new Refused("Could not open " + path + ": " + e.getMessage(), e);
        }
        if (!d.capability().has(anyOf)) {
            d.close();
            throw new Refused(path + " is not a " + kind + " device (" + d.capability().card() + ", capabilities "
                    + DeviceCaps.capabilityNames(d.capability().caps()) + ")", null);
        }
        if (!d.capability().has(V4l2.V4L2_CAP_STREAMING)) {
            d.close();
            throw new Refused(path + " cannot stream (no V4L2_CAP_STREAMING)", null);
        }
        return d;
    }

    /** Answers a caps query with the probed caps (the template before the node was opened), filtered. */
    static void answerCaps(CapsQuery q, Caps probed, Caps template) {
        Caps ours = probed != null ? probed : template;
        q.setResult(q.filter() == null ? ours : q.filter().intersect(ours));
    }

    /**
     * VIDIOC_S_FMT of exactly this format and size.
     *
     * @throws Refused        when the driver chose another format or size (both named)
     * @throws ErrnoException when S_FMT fails (EBUSY, EINVAL…)
     */
    static Format setExactFormat(V4l2Device d, int bufType, PixelFormat pf, int width, int height) {
        Format f = d.setFormat(bufType, pf.fourcc(), width, height);
        if (f.pixelFormat() != pf.fourcc() || f.width() != width || f.height() != height) {
            throw new Refused(d.path() + " refused " + PixelFormat.fourccString(pf.fourcc()) + " " + width + "x" + height
                    + " (VIDIOC_S_FMT chose " + PixelFormat.fourccString(f.pixelFormat()) + " " + f.width() + "x"
                    + f.height() + ")", null);
        }
        return f;
    }

    /** What a node took for fixed raw caps: the format, and the frame rate it set (null when the caps carry none). */
    record Applied(Format format, Fraction frameRate) {
    }

    /**
     * S_FMT of exactly {@code pf} at the size of {@code s} on {@code bufType}, then S_PARM when
     * {@code s} has a frame rate (the rate the driver reports back, or the one asked when it
     * reports none).
     *
     * @throws Refused        when the driver chose another format or size
     * @throws ErrnoException when S_FMT or S_PARM fails
     */
    static Applied setFormatAndRate(V4l2Device d, int bufType, PixelFormat pf, Structure s) {
        Format f = setExactFormat(d, bufType, pf, s.getInt("width"), s.getInt("height"));
        Fraction rate = null;
        if (s.get("framerate") instanceof Fraction fps && fps.numerator() > 0) {
            rate = d.setFrameRate(bufType, fps).orElse(fps);
        }
        return new Applied(f, rate);
    }
}
