package org.zeropipe.v4l2.abi;

import java.util.List;
import org.zeropipe.core.linux.Ioctl;

/** The V4L2 ioctls zeropipe uses, encoded from their struct sizes (checked against the C macros). */
public final class Ioctls {

    private Ioctls() {
    }

    public static final Ioctl VIDIOC_QUERYCAP = Ioctl.ior("VIDIOC_QUERYCAP", 'V', 0, Structs.CAPABILITY.byteSize());
    public static final Ioctl VIDIOC_ENUM_FMT = Ioctl.iowr("VIDIOC_ENUM_FMT", 'V', 2, Structs.FMTDESC.byteSize());
    public static final Ioctl VIDIOC_G_FMT = Ioctl.iowr("VIDIOC_G_FMT", 'V', 4, Structs.FORMAT.byteSize());
    public static final Ioctl VIDIOC_S_FMT = Ioctl.iowr("VIDIOC_S_FMT", 'V', 5, Structs.FORMAT.byteSize());
    public static final Ioctl VIDIOC_REQBUFS = Ioctl.iowr("VIDIOC_REQBUFS", 'V', 8, Structs.REQUESTBUFFERS.byteSize());
    public static final Ioctl VIDIOC_QUERYBUF = Ioctl.iowr("VIDIOC_QUERYBUF", 'V', 9, Structs.BUFFER.byteSize());
    public static final Ioctl VIDIOC_QBUF = Ioctl.iowr("VIDIOC_QBUF", 'V', 15, Structs.BUFFER.byteSize());
    public static final Ioctl VIDIOC_EXPBUF = Ioctl.iowr("VIDIOC_EXPBUF", 'V', 16, Structs.EXPORTBUFFER.byteSize());
    public static final Ioctl VIDIOC_DQBUF = Ioctl.iowr("VIDIOC_DQBUF", 'V', 17, Structs.BUFFER.byteSize());
    public static final Ioctl VIDIOC_STREAMON = Ioctl.iow("VIDIOC_STREAMON", 'V', 18, 4);
    public static final Ioctl VIDIOC_STREAMOFF = Ioctl.iow("VIDIOC_STREAMOFF", 'V', 19, 4);
    public static final Ioctl VIDIOC_G_PARM = Ioctl.iowr("VIDIOC_G_PARM", 'V', 21, Structs.STREAMPARM.byteSize());
    public static final Ioctl VIDIOC_S_PARM = Ioctl.iowr("VIDIOC_S_PARM", 'V', 22, Structs.STREAMPARM.byteSize());
    public static final Ioctl VIDIOC_TRY_FMT = Ioctl.iowr("VIDIOC_TRY_FMT", 'V', 64, Structs.FORMAT.byteSize());
    public static final Ioctl VIDIOC_ENUM_FRAMESIZES =
            Ioctl.iowr("VIDIOC_ENUM_FRAMESIZES", 'V', 74, Structs.FRMSIZEENUM.byteSize());
    public static final Ioctl VIDIOC_ENUM_FRAMEINTERVALS =
            Ioctl.iowr("VIDIOC_ENUM_FRAMEINTERVALS", 'V', 75, Structs.FRMIVALENUM.byteSize());
    public static final Ioctl VIDIOC_ENCODER_CMD = Ioctl.iowr("VIDIOC_ENCODER_CMD", 'V', 77, Structs.ENCODER_CMD.byteSize());
    public static final Ioctl VIDIOC_DQEVENT = Ioctl.ior("VIDIOC_DQEVENT", 'V', 89, Structs.EVENT.byteSize());
    public static final Ioctl VIDIOC_SUBSCRIBE_EVENT =
            Ioctl.iow("VIDIOC_SUBSCRIBE_EVENT", 'V', 90, Structs.EVENT_SUBSCRIPTION.byteSize());
    public static final Ioctl VIDIOC_UNSUBSCRIBE_EVENT =
            Ioctl.iow("VIDIOC_UNSUBSCRIBE_EVENT", 'V', 91, Structs.EVENT_SUBSCRIPTION.byteSize());
    public static final Ioctl VIDIOC_CREATE_BUFS =
            Ioctl.iowr("VIDIOC_CREATE_BUFS", 'V', 92, Structs.CREATE_BUFFERS.byteSize());
    public static final Ioctl VIDIOC_DECODER_CMD = Ioctl.iowr("VIDIOC_DECODER_CMD", 'V', 96, Structs.DECODER_CMD.byteSize());

    /** Every ioctl here, for the layout test. */
    public static final List<Ioctl> ALL = List.of(VIDIOC_QUERYCAP, VIDIOC_ENUM_FMT, VIDIOC_G_FMT, VIDIOC_S_FMT,
            VIDIOC_REQBUFS, VIDIOC_QUERYBUF, VIDIOC_QBUF, VIDIOC_EXPBUF, VIDIOC_DQBUF, VIDIOC_STREAMON,
            VIDIOC_STREAMOFF, VIDIOC_G_PARM, VIDIOC_S_PARM, VIDIOC_TRY_FMT, VIDIOC_ENUM_FRAMESIZES,
            VIDIOC_ENUM_FRAMEINTERVALS, VIDIOC_ENCODER_CMD, VIDIOC_DQEVENT, VIDIOC_SUBSCRIBE_EVENT,
            VIDIOC_UNSUBSCRIBE_EVENT, VIDIOC_CREATE_BUFS, VIDIOC_DECODER_CMD);
}
