package org.zeropipe.v4l2;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.zeropipe.v4l2.abi.Structs.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.linux.Errno;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.core.linux.Fd;
import org.zeropipe.core.linux.Libc;
import org.zeropipe.v4l2.abi.Ioctls;
import org.zeropipe.v4l2.abi.Structs;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * A V4L2 device node wrapped in typed methods (libcamera's {@code V4L2VideoDevice} style): each
 * method fills one struct, makes one ioctl and reads the answer into a record. Failures throw
 * {@link ErrnoException} naming the ioctl and the node. Opened non-blocking: {@link #dequeue}
 * returns empty instead of blocking; {@link #poll} waits.
 */
public final class V4l2Device implements AutoCloseable {

    /** What VIDIOC_QUERYCAP says. */
    public record Capability(String driver, String card, String busInfo, int version, int capabilities,
            int deviceCaps) {
        /** The node's own capabilities (device_caps when the driver sets them). */
        public int caps() {
            return (capabilities & V4l2.V4L2_CAP_DEVICE_CAPS) != 0 ? deviceCaps : capabilities;
        }

        public boolean has(int cap) {
            return (caps() & cap) != 0;
        }
    }

    /** One VIDIOC_ENUM_FMT answer. */
    public record FormatDesc(int pixelFormat, String description, int flags) {
        public boolean compressed() {
            return (flags & V4l2.V4L2_FMT_FLAG_COMPRESSED) != 0;
        }
    }

    /** A frame size: discrete (min == max, step 0), stepwise or continuous (step 1). */
    public record FrameSize(int minWidth, int maxWidth, int stepWidth, int minHeight, int maxHeight, int stepHeight) {
        public boolean discrete() {
            return minWidth == maxWidth && minHeight == maxHeight;
        }
    }

    /** A frame interval (seconds per frame): discrete when min equals max. */
    public record FrameInterval(Fraction min, Fraction max, Fraction step) {
        public boolean discrete() {
            return min.equals(max);
        }
    }

    /** One plane of a format: its row stride and size. */
    public record PlaneFormat(int bytesPerLine, int sizeImage) {
    }

    /** A format as G/S/TRY_FMT answer it, single- or multi-planar. */
    public record Format(int bufType, int pixelFormat, int width, int height, int field, int colorspace,
            List<PlaneFormat> planes) {
        /** The bytes of one frame over all planes. */
        public long frameSize() {
            return planes.stream().mapToLong(PlaneFormat::sizeImage).sum();
        }
    }

    /** A dequeued buffer. */
    public record Dequeued(int index, int flags, int field, int sequence, long timestampNs, int[] bytesUsed,
            int[] dataOffsets) {
        public boolean error() {
            return (flags & V4l2.V4L2_BUF_FLAG_ERROR) != 0;
        }

        public boolean last() {
            return (flags & V4l2.V4L2_BUF_FLAG_LAST) != 0;
        }
    }

    /** Where one plane of a queued buffer lives: an mmap offset, a user pointer or a DMABuf fd. */
    public record PlaneRef(long value, int length, int bytesUsed, int dataOffset) {
    }

    /** What REQBUFS/CREATE_BUFS granted: the count (or first index) and the queue's capabilities. */
    public record Granted(int count, int index, int capabilities) {
    }

    private final Fd fd;
    private final Capability capability;

    private V4l2Device(Fd fd) {
        this.fd = fd;
        try {
            this.capability = queryCapability();
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** Opens {@code path} read-write, non-blocking, and queries its capabilities. */
    public static V4l2Device open(String path) {
        return new V4l2Device(Fd.open(path, Libc.O_RDWR | Libc.O_NONBLOCK));
    }

    public String path() {
        return fd.name();
    }

    /** The fd (borrowed). */
    public Fd fd() {
        return fd;
    }

    public Capability capability() {
        return capability;
    }

    /** The capture buffer type this node uses: multi-planar when it only speaks that API. */
    public int captureType() {
        return capability.has(V4l2.V4L2_CAP_VIDEO_CAPTURE_MPLANE) && !capability.has(V4l2.V4L2_CAP_VIDEO_CAPTURE)
                || capability.has(V4l2.V4L2_CAP_VIDEO_M2M_MPLANE)
                ? V4l2.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4l2.V4L2_BUF_TYPE_VIDEO_CAPTURE;
    }

    /** The output buffer type this node uses. */
    public int outputType() {
        return capability.has(V4l2.V4L2_CAP_VIDEO_OUTPUT_MPLANE) && !capability.has(V4l2.V4L2_CAP_VIDEO_OUTPUT)
                || capability.has(V4l2.V4L2_CAP_VIDEO_M2M_MPLANE)
                ? V4l2.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4l2.V4L2_BUF_TYPE_VIDEO_OUTPUT;
    }

    public static boolean isMultiPlanar(int bufType) {
        return bufType == V4l2.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE || bufType == V4l2.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
    }

    private Capability queryCapability() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.CAPABILITY);
            fd.ioctl(Ioctls.VIDIOC_QUERYCAP, s);
            return new Capability(string(s, offset(Structs.CAPABILITY, "driver"), 16),
                    string(s, offset(Structs.CAPABILITY, "card"), 32), string(s, offset(Structs.CAPABILITY, "bus_info"), 32),
                    s.get(JAVA_INT, offset(Structs.CAPABILITY, "version")),
                    s.get(JAVA_INT, offset(Structs.CAPABILITY, "capabilities")),
                    s.get(JAVA_INT, offset(Structs.CAPABILITY, "device_caps")));
        }
    }

    private static String string(MemorySegment s, long at, int max) {
        byte[] b = s.asSlice(at, max).toArray(JAVA_BYTE);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** Every format of {@code bufType} (VIDIOC_ENUM_FMT until EINVAL). */
    public List<FormatDesc> formats(int bufType) {
        List<FormatDesc> out = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.FMTDESC);
            for (int i = 0;; i++) {
                s.fill((byte) 0);
                s.set(JAVA_INT, offset(Structs.FMTDESC, "index"), i);
                s.set(JAVA_INT, offset(Structs.FMTDESC, "type"), bufType);
                if (fd.tryIoctl(Ioctls.VIDIOC_ENUM_FMT, s) < 0) {
                    return out;
                }
                out.add(new FormatDesc(s.get(JAVA_INT, offset(Structs.FMTDESC, "pixelformat")),
                        string(s, offset(Structs.FMTDESC, "description"), 32),
                        s.get(JAVA_INT, offset(Structs.FMTDESC, "flags"))));
            }
        }
    }

    /** The frame sizes of {@code pixelFormat} (VIDIOC_ENUM_FRAMESIZES; empty if not supported). */
    public List<FrameSize> frameSizes(int pixelFormat) {
        List<FrameSize> out = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.FRMSIZEENUM);
            for (int i = 0;; i++) {
                s.fill((byte) 0);
                s.set(JAVA_INT, offset(Structs.FRMSIZEENUM, "index"), i);
                s.set(JAVA_INT, offset(Structs.FRMSIZEENUM, "pixel_format"), pixelFormat);
                if (fd.tryIoctl(Ioctls.VIDIOC_ENUM_FRAMESIZES, s) < 0) {
                    return out;
                }
                int type = s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "type"));
                if (type == V4l2.V4L2_FRMSIZE_TYPE_DISCRETE) {
                    int w = s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "discrete.width"));
                    int h = s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "discrete.height"));
                    out.add(new FrameSize(w, w, 0, h, h, 0));
                } else {
                    out.add(new FrameSize(s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "stepwise.min_width")),
                            s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "stepwise.max_width")),
                            s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "stepwise.step_width")),
                            s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "stepwise.min_height")),
                            s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "stepwise.max_height")),
                            s.get(JAVA_INT, offset(Structs.FRMSIZEENUM, "stepwise.step_height"))));
                    return out; // stepwise and continuous come alone
                }
            }
        }
    }

    /** The frame intervals of a format and size (VIDIOC_ENUM_FRAMEINTERVALS; empty if not supported). */
    public List<FrameInterval> frameIntervals(int pixelFormat, int width, int height) {
        List<FrameInterval> out = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.FRMIVALENUM);
            for (int i = 0;; i++) {
                s.fill((byte) 0);
                s.set(JAVA_INT, offset(Structs.FRMIVALENUM, "index"), i);
                s.set(JAVA_INT, offset(Structs.FRMIVALENUM, "pixel_format"), pixelFormat);
                s.set(JAVA_INT, offset(Structs.FRMIVALENUM, "width"), width);
                s.set(JAVA_INT, offset(Structs.FRMIVALENUM, "height"), height);
                if (fd.tryIoctl(Ioctls.VIDIOC_ENUM_FRAMEINTERVALS, s) < 0) {
                    return out;
                }
                if (s.get(JAVA_INT, offset(Structs.FRMIVALENUM, "type")) == V4l2.V4L2_FRMIVAL_TYPE_DISCRETE) {
                    Fraction f = fraction(s, offset(Structs.FRMIVALENUM, "discrete"));
                    out.add(new FrameInterval(f, f, f));
                } else {
                    out.add(new FrameInterval(fraction(s, offset(Structs.FRMIVALENUM, "stepwise.min")),
                            fraction(s, offset(Structs.FRMIVALENUM, "stepwise.max")),
                            fraction(s, offset(Structs.FRMIVALENUM, "stepwise.step"))));
                    return out;
                }
            }
        }
    }

    private static Fraction fraction(MemorySegment s, long at) {
        return new Fraction(s.get(JAVA_INT, at), Math.max(1, s.get(JAVA_INT, at + 4)));
    }

    /** VIDIOC_G_FMT. */
    public Format format(int bufType) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.FORMAT);
            s.set(JAVA_INT, 0, bufType);
            fd.ioctl(Ioctls.VIDIOC_G_FMT, s);
            return readFormat(s, 0);
        }
    }

    /** VIDIOC_S_FMT: asks for a format; returns what the driver chose (it may differ). */
    public Format setFormat(int bufType, int pixelFormat, int width, int height) {
        return formatIoctl(Ioctls.VIDIOC_S_FMT, bufType, pixelFormat, width, height);
    }

    /** VIDIOC_TRY_FMT: what S_FMT would choose, without changing anything. */
    public Format tryFormat(int bufType, int pixelFormat, int width, int height) {
        return formatIoctl(Ioctls.VIDIOC_TRY_FMT, bufType, pixelFormat, width, height);
    }

    private Format formatIoctl(org.zeropipe.core.linux.Ioctl ioctl, int bufType, int pixelFormat, int width,
            int height) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.FORMAT);
            writeFormat(s, 0, bufType, pixelFormat, width, height);
            fd.ioctl(ioctl, s);
            return readFormat(s, 0);
        }
    }

    /** Fills a v4l2_format at {@code at}: type, size, fourcc, progressive; the driver fills the rest. */
    static void writeFormat(MemorySegment s, long at, int bufType, int pixelFormat, int width, int height) {
        s.set(JAVA_INT, at + offset(Structs.FORMAT, "type"), bufType);
        String p = isMultiPlanar(bufType) ? "fmt.pix_mp." : "fmt.pix.";
        s.set(JAVA_INT, at + offset(Structs.FORMAT, p + "width"), width);
        s.set(JAVA_INT, at + offset(Structs.FORMAT, p + "height"), height);
        s.set(JAVA_INT, at + offset(Structs.FORMAT, p + "pixelformat"), pixelFormat);
        s.set(JAVA_INT, at + offset(Structs.FORMAT, p + "field"), V4l2.V4L2_FIELD_NONE);
    }

    static Format readFormat(MemorySegment s, long at) {
        int type = s.get(JAVA_INT, at + offset(Structs.FORMAT, "type"));
        String p = isMultiPlanar(type) ? "fmt.pix_mp." : "fmt.pix.";
        List<PlaneFormat> planes = new ArrayList<>();
        if (isMultiPlanar(type)) {
            int n = s.get(JAVA_BYTE, at + offset(Structs.FORMAT, p + "num_planes"));
            for (int i = 0; i < n; i++) {
                planes.add(new PlaneFormat(
                        s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "plane_fmt[" + i + "].bytesperline")),
                        s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "plane_fmt[" + i + "].sizeimage"))));
            }
        } else {
            planes.add(new PlaneFormat(s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "bytesperline")),
                    s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "sizeimage"))));
        }
        return new Format(type, s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "pixelformat")),
                s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "width")),
                s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "height")),
                s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "field")),
                s.get(JAVA_INT, at + offset(Structs.FORMAT, p + "colorspace")), List.copyOf(planes));
    }

    /**
     * VIDIOC_S_PARM: asks for {@code framesPerSecond}; returns the rate the driver set, or empty
     * when the node cannot set its frame rate.
     */
    public Optional<Fraction> setFrameRate(int bufType, Fraction framesPerSecond) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.STREAMPARM);
            boolean capture = bufType == V4l2.V4L2_BUF_TYPE_VIDEO_CAPTURE
                    || bufType == V4l2.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
            String p = capture ? "parm.capture." : "parm.output.";
            s.set(JAVA_INT, 0, bufType);
            s.set(JAVA_INT, offset(Structs.STREAMPARM, p + "timeperframe.numerator"), framesPerSecond.denominator());
            s.set(JAVA_INT, offset(Structs.STREAMPARM, p + "timeperframe.denominator"), framesPerSecond.numerator());
            int r = fd.tryIoctl(Ioctls.VIDIOC_S_PARM, s);
            if (r == -Errno.ENOTTY || r == -Errno.EINVAL) {
                return Optional.empty();
            }
            if (r < 0) {
                throw new ErrnoException(Ioctls.VIDIOC_S_PARM.name(), path(), -r);
            }
            if ((s.get(JAVA_INT, offset(Structs.STREAMPARM, p + "capability")) & V4l2.V4L2_CAP_TIMEPERFRAME) == 0) {
                return Optional.empty();
            }
            Fraction tpf = fraction(s, offset(Structs.STREAMPARM, p + "timeperframe"));
            return Optional.of(new Fraction(tpf.denominator(), Math.max(1, tpf.numerator())));
        }
    }

    /** VIDIOC_REQBUFS: asks for {@code count} buffers (0 frees them all). */
    public Granted requestBuffers(int bufType, int memory, int count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.REQUESTBUFFERS);
            s.set(JAVA_INT, offset(Structs.REQUESTBUFFERS, "count"), count);
            s.set(JAVA_INT, offset(Structs.REQUESTBUFFERS, "type"), bufType);
            s.set(JAVA_INT, offset(Structs.REQUESTBUFFERS, "memory"), memory);
            fd.ioctl(Ioctls.VIDIOC_REQBUFS, s);
            return new Granted(s.get(JAVA_INT, 0), 0, s.get(JAVA_INT, offset(Structs.REQUESTBUFFERS, "capabilities")));
        }
    }

    /** VIDIOC_CREATE_BUFS: adds {@code count} buffers for the current format. */
    public Granted createBuffers(int bufType, int memory, int count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.CREATE_BUFFERS);
            long f = offset(Structs.CREATE_BUFFERS, "format");
            s.set(JAVA_INT, f, bufType);
            fd.ioctl(Ioctls.VIDIOC_G_FMT, s.asSlice(f, Structs.FORMAT.byteSize()));
            s.set(JAVA_INT, offset(Structs.CREATE_BUFFERS, "count"), count);
            s.set(JAVA_INT, offset(Structs.CREATE_BUFFERS, "memory"), memory);
            fd.ioctl(Ioctls.VIDIOC_CREATE_BUFS, s);
            return new Granted(s.get(JAVA_INT, offset(Structs.CREATE_BUFFERS, "count")),
                    s.get(JAVA_INT, offset(Structs.CREATE_BUFFERS, "index")),
                    s.get(JAVA_INT, offset(Structs.CREATE_BUFFERS, "capabilities")));
        }
    }

    /** VIDIOC_QUERYBUF of an MMAP buffer: each plane's mmap offset and length. */
    public List<PlaneRef> queryBuffer(int bufType, int index, int planes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(Structs.BUFFER);
            MemorySegment p = a.allocate(Structs.PLANE, Structs.VIDEO_MAX_PLANES);
            fillBuffer(b, p, bufType, V4l2.V4L2_MEMORY_MMAP, index, planes);
            fd.ioctl(Ioctls.VIDIOC_QUERYBUF, b);
            List<PlaneRef> out = new ArrayList<>();
            if (isMultiPlanar(bufType)) {
                for (int i = 0; i < b.get(JAVA_INT, offset(Structs.BUFFER, "length")); i++) {
                    MemorySegment pl = p.asSlice(i * Structs.PLANE.byteSize(), Structs.PLANE.byteSize());
                    out.add(new PlaneRef(Integer.toUnsignedLong(pl.get(JAVA_INT, offset(Structs.PLANE, "m.mem_offset"))),
                            pl.get(JAVA_INT, offset(Structs.PLANE, "length")), 0, 0));
                }
            } else {
                out.add(new PlaneRef(Integer.toUnsignedLong(b.get(JAVA_INT, offset(Structs.BUFFER, "m.offset"))),
                        b.get(JAVA_INT, offset(Structs.BUFFER, "length")), 0, 0));
            }
            return out;
        }
    }

    /** VIDIOC_EXPBUF: a new DMABuf fd (owned by the caller) for a plane of an MMAP buffer. */
    public Fd exportBuffer(int bufType, int index, int plane) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.EXPORTBUFFER);
            s.set(JAVA_INT, offset(Structs.EXPORTBUFFER, "type"), bufType);
            s.set(JAVA_INT, offset(Structs.EXPORTBUFFER, "index"), index);
            s.set(JAVA_INT, offset(Structs.EXPORTBUFFER, "plane"), plane);
            s.set(JAVA_INT, offset(Structs.EXPORTBUFFER, "flags"), Libc.O_RDWR | Libc.O_CLOEXEC);
            fd.ioctl(Ioctls.VIDIOC_EXPBUF, s);
            return Fd.own(s.get(JAVA_INT, offset(Structs.EXPORTBUFFER, "fd")),
                    "DMABuf of " + path() + " buffer " + index + " plane " + plane);
        }
    }

    private static void fillBuffer(MemorySegment b, MemorySegment planes, int bufType, int memory, int index,
            int nPlanes) {
        b.set(JAVA_INT, offset(Structs.BUFFER, "index"), index);
        b.set(JAVA_INT, offset(Structs.BUFFER, "type"), bufType);
        b.set(JAVA_INT, offset(Structs.BUFFER, "memory"), memory);
        if (isMultiPlanar(bufType)) {
            b.set(JAVA_LONG, offset(Structs.BUFFER, "m.planes"), planes.address());
            b.set(JAVA_INT, offset(Structs.BUFFER, "length"), nPlanes);
        }
    }

    /**
     * VIDIOC_QBUF: queues buffer {@code index}; for USERPTR and DMABUF {@code planes} say where
     * each plane is (a user address or a DMABuf fd), for output buffers how many bytes it holds.
     */
    public void queue(int bufType, int memory, int index, List<PlaneRef> planes, long timestampNs) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(Structs.BUFFER);
            MemorySegment p = a.allocate(Structs.PLANE, Structs.VIDEO_MAX_PLANES);
            fillBuffer(b, p, bufType, memory, index, planes.size());
            b.set(JAVA_LONG, offset(Structs.BUFFER, "timestamp.tv_sec"), timestampNs / 1_000_000_000L);
            b.set(JAVA_LONG, offset(Structs.BUFFER, "timestamp.tv_usec"), timestampNs % 1_000_000_000L / 1000);
            b.set(JAVA_INT, offset(Structs.BUFFER, "field"), V4l2.V4L2_FIELD_NONE);
            if (isMultiPlanar(bufType)) {
                for (int i = 0; i < planes.size(); i++) {
                    MemorySegment pl = p.asSlice(i * Structs.PLANE.byteSize(), Structs.PLANE.byteSize());
                    PlaneRef r = planes.get(i);
                    pl.set(JAVA_INT, offset(Structs.PLANE, "bytesused"), r.bytesUsed());
                    pl.set(JAVA_INT, offset(Structs.PLANE, "length"), r.length());
                    pl.set(JAVA_INT, offset(Structs.PLANE, "data_offset"), r.dataOffset());
                    setM(pl, offset(Structs.PLANE, "m"), memory, r.value());
                }
            } else if (!planes.isEmpty()) {
                PlaneRef r = planes.get(0);
                b.set(JAVA_INT, offset(Structs.BUFFER, "bytesused"), r.bytesUsed());
                b.set(JAVA_INT, offset(Structs.BUFFER, "length"), r.length());
                setM(b, offset(Structs.BUFFER, "m"), memory, r.value());
            }
            fd.ioctl(Ioctls.VIDIOC_QBUF, b);
        }
    }

    private static void setM(MemorySegment s, long at, int memory, long value) {
        switch (memory) {
            case V4l2.V4L2_MEMORY_USERPTR -> s.set(JAVA_LONG, at, value);
            case V4l2.V4L2_MEMORY_DMABUF -> s.set(JAVA_INT, at, (int) value);
            default -> { } // MMAP: the driver knows where its buffers are
        }
    }

    /** VIDIOC_DQBUF: the next done buffer, or empty when none is ready (EAGAIN). */
    public Optional<Dequeued> dequeue(int bufType, int memory, int planes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(Structs.BUFFER);
            MemorySegment p = a.allocate(Structs.PLANE, Structs.VIDEO_MAX_PLANES);
            fillBuffer(b, p, bufType, memory, 0, planes);
            int r = fd.tryIoctl(Ioctls.VIDIOC_DQBUF, b);
            if (r == -Errno.EAGAIN) {
                return Optional.empty();
            }
            if (r < 0) {
                throw new ErrnoException(Ioctls.VIDIOC_DQBUF.name(), path(), -r);
            }
            int[] used;
            int[] offsets;
            if (isMultiPlanar(bufType)) {
                used = new int[planes];
                offsets = new int[planes];
                for (int i = 0; i < planes; i++) {
                    MemorySegment pl = p.asSlice(i * Structs.PLANE.byteSize(), Structs.PLANE.byteSize());
                    used[i] = pl.get(JAVA_INT, offset(Structs.PLANE, "bytesused"));
                    offsets[i] = pl.get(JAVA_INT, offset(Structs.PLANE, "data_offset"));
                }
            } else {
                used = new int[] {b.get(JAVA_INT, offset(Structs.BUFFER, "bytesused"))};
                offsets = new int[] {0};
            }
            long ts = b.get(JAVA_LONG, offset(Structs.BUFFER, "timestamp.tv_sec")) * 1_000_000_000L
                    + b.get(JAVA_LONG, offset(Structs.BUFFER, "timestamp.tv_usec")) * 1000L;
            return Optional.of(new Dequeued(b.get(JAVA_INT, offset(Structs.BUFFER, "index")),
                    b.get(JAVA_INT, offset(Structs.BUFFER, "flags")), b.get(JAVA_INT, offset(Structs.BUFFER, "field")),
                    b.get(JAVA_INT, offset(Structs.BUFFER, "sequence")), ts, used, offsets));
        }
    }

    /** Waits up to {@code timeoutMs} for {@code events}; the revents (0 on timeout). */
    public short poll(short events, int timeoutMs) {
        return fd.poll(events, timeoutMs);
    }

    public void streamOn(int bufType) {
        stream(Ioctls.VIDIOC_STREAMON, bufType);
    }

    /** VIDIOC_STREAMOFF: stops and returns every queued buffer to the application. */
    public void streamOff(int bufType) {
        stream(Ioctls.VIDIOC_STREAMOFF, bufType);
    }

    private void stream(org.zeropipe.core.linux.Ioctl ioctl, int bufType) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(JAVA_INT);
            s.set(JAVA_INT, 0, bufType);
            fd.ioctl(ioctl, s);
        }
    }

    /** VIDIOC_SUBSCRIBE_EVENT. */
    public void subscribeEvent(int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.EVENT_SUBSCRIPTION);
            s.set(JAVA_INT, offset(Structs.EVENT_SUBSCRIPTION, "type"), type);
            fd.ioctl(Ioctls.VIDIOC_SUBSCRIBE_EVENT, s);
        }
    }

    /** A dequeued event: its type and, for a source change, the changes bits. */
    public record Event(int type, int changes, int sequence) {
    }

    /** VIDIOC_DQEVENT: the next pending event, or empty (ENOENT: none pending). */
    public Optional<Event> dequeueEvent() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.EVENT);
            int r = fd.tryIoctl(Ioctls.VIDIOC_DQEVENT, s);
            if (r == -Errno.ENOENT) {
                return Optional.empty();
            }
            if (r < 0) {
                throw new ErrnoException(Ioctls.VIDIOC_DQEVENT.name(), path(), -r);
            }
            return Optional.of(new Event(s.get(JAVA_INT, offset(Structs.EVENT, "type")),
                    s.get(JAVA_INT, offset(Structs.EVENT, "u.src_change.changes")),
                    s.get(JAVA_INT, offset(Structs.EVENT, "sequence"))));
        }
    }

    /** VIDIOC_DECODER_CMD (e.g. {@code V4L2_DEC_CMD_STOP} to drain). */
    public void decoderCommand(int cmd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.DECODER_CMD);
            s.set(JAVA_INT, offset(Structs.DECODER_CMD, "cmd"), cmd);
            fd.ioctl(Ioctls.VIDIOC_DECODER_CMD, s);
        }
    }

    /** VIDIOC_ENCODER_CMD (e.g. {@code V4L2_ENC_CMD_STOP} to drain). */
    public void encoderCommand(int cmd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Structs.ENCODER_CMD);
            s.set(JAVA_INT, offset(Structs.ENCODER_CMD, "cmd"), cmd);
            fd.ioctl(Ioctls.VIDIOC_ENCODER_CMD, s);
        }
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "V4l2Device[" + path() + ", " + capability.driver() + " " + capability.card() + "]";
    }
}
