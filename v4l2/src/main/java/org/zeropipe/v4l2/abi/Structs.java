package org.zeropipe.v4l2.abi;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The V4L2 structs zeropipe uses, as FFM layouts with the kernel's names (x86-64/arm64 LP64).
 * Field offsets are read from these layouts by dotted path ({@link #offset}); the layout test
 * compiles a C program against {@code linux/videodev2.h} and checks every named member's offset
 * and size.
 */
public final class Structs {

    private Structs() {
    }

    private static MemoryLayout u32(String name) {
        return JAVA_INT.withName(name);
    }

    private static MemoryLayout u8s(String name, int n) {
        return sequenceLayout(n, JAVA_BYTE).withName(name);
    }

    private static MemoryLayout u32s(String name, int n) {
        return sequenceLayout(n, JAVA_INT).withName(name);
    }

    /** Names of anonymous unions start with this: their members are named as the struct's own. */
    private static final String ANONYMOUS = "(anonymous)";
    private static int anonymousCount;

    private static MemoryLayout anonymous(MemoryLayout union) {
        return union.withName(ANONYMOUS + anonymousCount++);
    }

    private static MemoryLayout fract(String name) {
        return structLayout(u32("numerator"), u32("denominator")).withName(name);
    }

    public static final StructLayout CAPABILITY = structLayout(
            u8s("driver", 16), u8s("card", 32), u8s("bus_info", 32), u32("version"), u32("capabilities"),
            u32("device_caps"), u32s("reserved", 3)).withName("v4l2_capability");

    public static final StructLayout FMTDESC = structLayout(
            u32("index"), u32("type"), u32("flags"), u8s("description", 32), u32("pixelformat"), u32("mbus_code"),
            u32s("reserved", 3)).withName("v4l2_fmtdesc");

    public static final StructLayout FRMSIZEENUM = structLayout(
            u32("index"), u32("pixel_format"), u32("type"),
            anonymous(unionLayout(
                    structLayout(u32("width"), u32("height")).withName("discrete"),
                    structLayout(u32("min_width"), u32("max_width"), u32("step_width"), u32("min_height"),
                            u32("max_height"), u32("step_height")).withName("stepwise"))),
            u32s("reserved", 2)).withName("v4l2_frmsizeenum");

    public static final StructLayout FRMIVALENUM = structLayout(
            u32("index"), u32("pixel_format"), u32("width"), u32("height"), u32("type"),
            anonymous(unionLayout(
                    fract("discrete"),
                    structLayout(fract("min"), fract("max"), fract("step")).withName("stepwise"))),
            u32s("reserved", 2)).withName("v4l2_frmivalenum");

    public static final StructLayout PIX_FORMAT = structLayout(
            u32("width"), u32("height"), u32("pixelformat"), u32("field"), u32("bytesperline"), u32("sizeimage"),
            u32("colorspace"), u32("priv"), u32("flags"), u32("ycbcr_enc"), u32("quantization"),
            u32("xfer_func")).withName("v4l2_pix_format");

    public static final StructLayout PLANE_PIX_FORMAT = structLayout(
            u32("sizeimage"), u32("bytesperline"), sequenceLayout(6, JAVA_SHORT).withName("reserved"))
            .withName("v4l2_plane_pix_format");

    /** The most planes a multi-planar format has. */
    public static final int VIDEO_MAX_PLANES = 8;

    public static final StructLayout PIX_FORMAT_MPLANE = structLayout(
            u32("width"), u32("height"), u32("pixelformat"), u32("field"), u32("colorspace"),
            sequenceLayout(VIDEO_MAX_PLANES, PLANE_PIX_FORMAT).withName("plane_fmt"),
            JAVA_BYTE.withName("num_planes"), JAVA_BYTE.withName("flags"), JAVA_BYTE.withName("ycbcr_enc"),
            JAVA_BYTE.withName("quantization"), JAVA_BYTE.withName("xfer_func"), u8s("reserved", 7))
            .withName("v4l2_pix_format_mplane");

    public static final StructLayout FORMAT = structLayout(
            u32("type"), paddingLayout(4),
            unionLayout(PIX_FORMAT.withName("pix"), PIX_FORMAT_MPLANE.withName("pix_mp"), u8s("raw_data", 200))
                    .withName("fmt")).withName("v4l2_format");

    private static MemoryLayout streamParm(String name, String mode, String buffers) {
        return structLayout(u32("capability"), u32(mode), fract("timeperframe"), u32("extendedmode"),
                u32(buffers), u32s("reserved", 4)).withName(name);
    }

    public static final StructLayout STREAMPARM = structLayout(
            u32("type"),
            unionLayout(streamParm("capture", "capturemode", "readbuffers"),
                    streamParm("output", "outputmode", "writebuffers"), u8s("raw_data", 200)).withName("parm"))
            .withName("v4l2_streamparm");

    public static final StructLayout REQUESTBUFFERS = structLayout(
            u32("count"), u32("type"), u32("memory"), u32("capabilities"), JAVA_BYTE.withName("flags"),
            u8s("reserved", 3)).withName("v4l2_requestbuffers");

    public static final StructLayout CREATE_BUFFERS = structLayout(
            u32("index"), u32("count"), u32("memory"), paddingLayout(4), FORMAT.withName("format"),
            u32("capabilities"), u32("flags"), u32s("reserved", 6)).withName("v4l2_create_buffers");

    public static final StructLayout TIMECODE = structLayout(
            u32("type"), u32("flags"), JAVA_BYTE.withName("frames"), JAVA_BYTE.withName("seconds"),
            JAVA_BYTE.withName("minutes"), JAVA_BYTE.withName("hours"), u8s("userbits", 4)).withName("v4l2_timecode");

    public static final StructLayout BUFFER = structLayout(
            u32("index"), u32("type"), u32("bytesused"), u32("flags"), u32("field"), paddingLayout(4),
            structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec")).withName("timestamp"),
            TIMECODE.withName("timecode"), u32("sequence"), u32("memory"),
            unionLayout(u32("offset"), JAVA_LONG.withName("userptr"), ADDRESS.withName("planes"), u32("fd"))
                    .withName("m"),
            u32("length"), u32("reserved2"), u32("request_fd"), paddingLayout(4)).withName("v4l2_buffer");

    public static final StructLayout PLANE = structLayout(
            u32("bytesused"), u32("length"),
            unionLayout(u32("mem_offset"), JAVA_LONG.withName("userptr"), u32("fd")).withName("m"),
            u32("data_offset"), u32s("reserved", 11)).withName("v4l2_plane");

    public static final StructLayout EXPORTBUFFER = structLayout(
            u32("type"), u32("index"), u32("plane"), u32("flags"), u32("fd"), u32s("reserved", 11))
            .withName("v4l2_exportbuffer");

    public static final StructLayout EVENT = structLayout(
            u32("type"), paddingLayout(4),
            unionLayout(structLayout(u32("changes")).withName("src_change"), u8s("data", 64)).withName("u"),
            u32("pending"), u32("sequence"),
            structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec")).withName("timestamp"),
            u32("id"), u32s("reserved", 8), paddingLayout(4)).withName("v4l2_event");

    public static final StructLayout EVENT_SUBSCRIPTION = structLayout(
            u32("type"), u32("id"), u32("flags"), u32s("reserved", 5)).withName("v4l2_event_subscription");

    public static final StructLayout DECODER_CMD = structLayout(
            u32("cmd"), u32("flags"),
            anonymous(unionLayout(structLayout(JAVA_LONG.withName("pts")).withName("stop"),
                    structLayout(u32("speed"), u32("format")).withName("start"),
                    structLayout(u32s("data", 16)).withName("raw")))).withName("v4l2_decoder_cmd");

    public static final StructLayout ENCODER_CMD = structLayout(
            u32("cmd"), u32("flags"), structLayout(u32s("data", 8)).withName("raw")).withName("v4l2_encoder_cmd");

    /** Every struct here, for the layout test. */
    public static final List<StructLayout> ALL = List.of(CAPABILITY, FMTDESC, FRMSIZEENUM, FRMIVALENUM, PIX_FORMAT,
            PLANE_PIX_FORMAT, PIX_FORMAT_MPLANE, FORMAT, STREAMPARM, REQUESTBUFFERS, CREATE_BUFFERS, TIMECODE,
            BUFFER, PLANE, EXPORTBUFFER, EVENT, EVENT_SUBSCRIPTION, DECODER_CMD, ENCODER_CMD);

    /**
     * The byte offset of a member by its C path, e.g. {@code offset(FORMAT, "fmt.pix.width")};
     * {@code name[i]} indexes an array; members of anonymous unions are named directly.
     */
    public static long offset(MemoryLayout struct, String path) {
        // resolved once per (struct, path): ioctls on the streaming path ask for the same few offsets
        // (keyed by the struct's name: hashing a layout walks all of it)
        return OFFSETS.computeIfAbsent(struct.name().orElse("?") + '.' + path,
                k -> struct.byteOffset(path(struct, path, false)));
    }

    private static final Map<String, Long> OFFSETS = new ConcurrentHashMap<>();

    /** The layout of a member by its C path (an array's element when {@code path} ends in {@code [i]}, whatever i). */
    public static MemoryLayout select(MemoryLayout struct, String path) {
        return struct.select(path(struct, path, true));
    }

    private static PathElement[] path(MemoryLayout struct, String path, boolean open) {
        List<PathElement> elements = new ArrayList<>();
        MemoryLayout at = struct;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            at = find((GroupLayout) at, name, elements);
            if (bracket >= 0) {
                String index = part.substring(bracket + 1, part.length() - 1);
                // select() takes only open elements; byteOffset() needs an index
                elements.add(open ? PathElement.sequenceElement()
                        : PathElement.sequenceElement(index.isEmpty() ? 0 : Long.parseLong(index)));
                at = ((java.lang.foreign.SequenceLayout) at).elementLayout();
            }
        }
        return elements.toArray(PathElement[]::new);
    }

    /** Finds member {@code name} in {@code group} or in its anonymous unions, adding the path to it. */
    private static MemoryLayout find(GroupLayout group, String name, List<PathElement> elements) {
        for (MemoryLayout m : group.memberLayouts()) {
            if (m.name().filter(name::equals).isPresent()) {
                elements.add(PathElement.groupElement(name));
                return m;
            }
        }
        for (MemoryLayout m : group.memberLayouts()) {
            if (m.name().filter(n -> n.startsWith(ANONYMOUS)).isPresent()) {
                List<PathElement> inner = new ArrayList<>(List.of(PathElement.groupElement(m.name().get())));
                try {
                    MemoryLayout found = find((GroupLayout) m, name, inner);
                    elements.addAll(inner);
                    return found;
                } catch (IllegalArgumentException notThere) {
                    // try the next anonymous union
                }
            }
        }
        throw new IllegalArgumentException(group.name().orElse("struct") + " has no member " + name);
    }

    /** Every named member of {@code struct}, as C paths (arrays by their element 0), in order. */
    public static List<String> memberPaths(GroupLayout struct) {
        List<String> out = new ArrayList<>();
        collect(struct, "", out);
        return out;
    }

    private static void collect(MemoryLayout layout, String prefix, List<String> out) {
        if (layout instanceof GroupLayout g) {
            for (MemoryLayout m : g.memberLayouts()) {
                if (m.name().isEmpty()) {
                    continue; // padding
                }
                if (m.name().get().startsWith(ANONYMOUS)) {
                    collect(m, prefix, out);
                    continue;
                }
                String path = prefix + m.name().get();
                out.add(path);
                collect(m, path + ".", out);
            }
        } else if (layout instanceof java.lang.foreign.SequenceLayout s && s.elementLayout() instanceof GroupLayout) {
            collect(s.elementLayout(), prefix.substring(0, prefix.length() - 1) + "[0].", out);
        }
    }
}
