package org.zeropipe.v4l2;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.video.VideoInfo;
import org.zeropipe.v4l2.V4l2Device.Format;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * {@code v4l2videoenc}: a V4L2 stateful encoder (vicodec's FWHT encoder by default; GStreamer's
 * {@code v4l2fwhtenc}). Raw frames in (the OUTPUT queue), {@code video/x-fwht} out with the
 * input's size and frame rate. EOS drains with {@code V4L2_ENC_CMD_STOP} and waits for the
 * buffer flagged LAST.
 */
public final class V4l2VideoEnc extends V4l2Mem2Mem {

    public V4l2VideoEnc(String name) {
        super(name, "stateful-encoder", RAW, Caps.parse("video/x-fwht"));
    }

    public V4l2VideoEnc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "v4l2videoenc";
    }

    @Override
    protected Setup configure(V4l2Device d, Caps in) {
        VideoInfo info = VideoInfo.fromCaps(in);
        Format output = M2mFormats.set(d, d.outputType(), in.structure(0));
        Structure coded = Structure.builder("video/x-fwht").set("width", info.width()).set("height", info.height())
                .set("framerate", info.framerate()).build();
        Format capture = M2mFormats.set(d, d.captureType(), coded);
        return new Setup(output, capture, Caps.of(coded));
    }

    @Override
    protected void startDrain(V4l2Device d) {
        d.encoderCommand(V4l2.V4L2_ENC_CMD_STOP);
    }

    @Override
    protected boolean drainsWithLast() {
        return true;
    }
}
