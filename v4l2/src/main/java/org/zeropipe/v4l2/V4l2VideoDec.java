package org.zeropipe.v4l2;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.IntersectMode;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * {@code v4l2videodec}: a V4L2 stateful decoder (vicodec's FWHT decoder by default; GStreamer's
 * {@code v4l2fwhtdec}). The stateful protocol: the OUTPUT format is set from the sink caps and
 * the coded frames are queued; the decoder parses the stream and signals
 * {@code V4L2_EVENT_SOURCE_CHANGE}; only then is the CAPTURE format read (G_FMT), the caps sent
 * downstream and the CAPTURE buffers allocated. A resolution change mid-stream comes the same
 * way (after a buffer flagged LAST): the CAPTURE queue is stopped, freed and set up again, and
 * new caps go downstream. EOS drains with {@code V4L2_DEC_CMD_STOP}.
 */
public final class V4l2VideoDec extends V4l2Mem2Mem {

    public V4l2VideoDec(String name) {
        super(name, "stateful-decoder", Caps.parse("video/x-fwht"), RAW);
    }

    public V4l2VideoDec() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "v4l2videodec";
    }

    @Override
    protected boolean subscribesSourceChange() {
        return true;
    }

    @Override
    protected Setup configure(V4l2Device d, Caps in) {
        return new Setup(M2mFormats.set(d, d.outputType(), in.structure(0)), null, null);
    }

    /**
     * The decoder's CAPTURE format (G_FMT) if downstream takes it, else the first format
     * downstream prefers that the device can produce at that size (S_FMT).
     */
    @Override
    protected Setup sourceChanged(V4l2Device d, Caps in) {
        Format f = d.format(d.captureType());
        Fraction fps = in.structure(0).has("framerate") ? in.structure(0).getFraction("framerate") : new Fraction(0, 1);
        // both memory types: the probed caps keep memory:DMABuf only with capture-io-mode=dmabuf
        Caps sized = DeviceCaps.withDmaBufFirst(Caps.of(Structure.builder("video/x-raw").set("width", f.width())
                .set("height", f.height()).set("framerate", fps).build()));
        Caps possible = srcProbedCaps().intersect(sized, IntersectMode.FIRST);
        PixelFormat current = PixelFormat.of(f.pixelFormat()).orElse(null);
        if (current != null && current.videoFormat() != null) {
            Caps mine = possible.intersect(DeviceCaps.withDmaBufFirst(Caps.of(Structure.builder("video/x-raw")
                    .set("format", current.videoFormat().capsName()).build())), IntersectMode.FIRST);
            Caps ok = srcPad.peerQueryCaps(mine);
            if (!ok.isEmpty()) {
                return new Setup(null, f, ok.fixate());
            }
        }
        Caps ok = srcPad.peerQueryCaps(possible);
        if (ok.isEmpty()) {
            throw new IllegalArgumentException(d.path() + " decodes " + f.width() + "x" + f.height()
                    + " frames as " + possible + ", downstream takes none of it");
        }
        Caps out = ok.fixate();
        return new Setup(null, M2mFormats.set(d, d.captureType(), out.structure(0)), out);
    }

    @Override
    protected void startDrain(V4l2Device d) {
        d.decoderCommand(V4l2.V4L2_DEC_CMD_STOP);
    }

    @Override
    protected boolean drainsWithLast() {
        return true;
    }
}
