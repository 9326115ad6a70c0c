package org.zeropipe.v4l2.abi;

/**
 * V4L2 constants with their C names (the layout test checks each against
 * {@code linux/videodev2.h} by reflection: every {@code public static final int} here).
 */
public final class V4l2 {

    private V4l2() {
    }

    // enum v4l2_buf_type
    public static final int V4L2_BUF_TYPE_VIDEO_CAPTURE = 1;
    public static final int V4L2_BUF_TYPE_VIDEO_OUTPUT = 2;
    public static final int V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE = 9;
    public static final int V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE = 10;

    // enum v4l2_memory
    public static final int V4L2_MEMORY_MMAP = 1;
    public static final int V4L2_MEMORY_USERPTR = 2;
    public static final int V4L2_MEMORY_DMABUF = 4;

    // enum v4l2_field
    public static final int V4L2_FIELD_ANY = 0;
    public static final int V4L2_FIELD_NONE = 1;

    // capabilities
    public static final int V4L2_CAP_VIDEO_CAPTURE = 0x00000001;
    public static final int V4L2_CAP_VIDEO_OUTPUT = 0x00000002;
    public static final int V4L2_CAP_VIDEO_OVERLAY = 0x00000004;
    public static final int V4L2_CAP_VBI_CAPTURE = 0x00000010;
    public static final int V4L2_CAP_VBI_OUTPUT = 0x00000020;
    public static final int V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000;
    public static final int V4L2_CAP_VIDEO_OUTPUT_MPLANE = 0x00002000;
    public static final int V4L2_CAP_VIDEO_M2M_MPLANE = 0x00004000;
    public static final int V4L2_CAP_VIDEO_M2M = 0x00008000;
    public static final int V4L2_CAP_TUNER = 0x00010000;
    public static final int V4L2_CAP_AUDIO = 0x00020000;
    public static final int V4L2_CAP_RADIO = 0x00040000;
    public static final int V4L2_CAP_SDR_CAPTURE = 0x00100000;
    public static final int V4L2_CAP_META_CAPTURE = 0x00800000;
    public static final int V4L2_CAP_READWRITE = 0x01000000;
    public static final int V4L2_CAP_STREAMING = 0x04000000;
    public static final int V4L2_CAP_META_OUTPUT = 0x08000000;
    public static final int V4L2_CAP_TOUCH = 0x10000000;
    public static final int V4L2_CAP_IO_MC = 0x20000000;
    public static final int V4L2_CAP_DEVICE_CAPS = 0x80000000;

    // frame size and interval enumeration types
    public static final int V4L2_FRMSIZE_TYPE_DISCRETE = 1;
    public static final int V4L2_FRMSIZE_TYPE_CONTINUOUS = 2;
    public static final int V4L2_FRMSIZE_TYPE_STEPWISE = 3;
    public static final int V4L2_FRMIVAL_TYPE_DISCRETE = 1;
    public static final int V4L2_FRMIVAL_TYPE_CONTINUOUS = 2;
    public static final int V4L2_FRMIVAL_TYPE_STEPWISE = 3;

    // v4l2_fmtdesc.flags
    public static final int V4L2_FMT_FLAG_COMPRESSED = 0x0001;

    // v4l2_buffer.flags
    public static final int V4L2_BUF_FLAG_MAPPED = 0x00000001;
    public static final int V4L2_BUF_FLAG_QUEUED = 0x00000002;
    public static final int V4L2_BUF_FLAG_DONE = 0x00000004;
    public static final int V4L2_BUF_FLAG_KEYFRAME = 0x00000008;
    public static final int V4L2_BUF_FLAG_ERROR = 0x00000040;
    public static final int V4L2_BUF_FLAG_TIMESTAMP_MASK = 0x0000e000;
    public static final int V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC = 0x00002000;
    public static final int V4L2_BUF_FLAG_TIMESTAMP_COPY = 0x00004000;
    public static final int V4L2_BUF_FLAG_LAST = 0x00100000;

    // v4l2_requestbuffers.capabilities
    public static final int V4L2_BUF_CAP_SUPPORTS_MMAP = 1 << 0;
    public static final int V4L2_BUF_CAP_SUPPORTS_USERPTR = 1 << 1;
    public static final int V4L2_BUF_CAP_SUPPORTS_DMABUF = 1 << 2;
    public static final int V4L2_BUF_CAP_SUPPORTS_ORPHANED_BUFS = 1 << 4;

    // streaming parameters
    public static final int V4L2_CAP_TIMEPERFRAME = 0x1000;

    // events
    public static final int V4L2_EVENT_EOS = 2;
    public static final int V4L2_EVENT_SOURCE_CHANGE = 5;
    public static final int V4L2_EVENT_SRC_CH_RESOLUTION = 1;

    // decoder and encoder commands
    public static final int V4L2_DEC_CMD_START = 0;
    public static final int V4L2_DEC_CMD_STOP = 1;
    public static final int V4L2_ENC_CMD_START = 0;
    public static final int V4L2_ENC_CMD_STOP = 1;
}
