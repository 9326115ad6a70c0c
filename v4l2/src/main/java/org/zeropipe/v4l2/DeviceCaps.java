package org.zeropipe.v4l2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsFeatures;
import org.zeropipe.core.dmabuf.DmaBufMemory;
import org.zeropipe.core.caps.Fraction;
import org.zeropipe.core.caps.FractionRange;
import org.zeropipe.core.caps.IntRange;
import org.zeropipe.core.caps.Structure;
import org.zeropipe.core.caps.Value;
import org.zeropipe.core.caps.ValueList;
import org.zeropipe.v4l2.V4l2Device.FormatDesc;
import org.zeropipe.v4l2.V4l2Device.FrameInterval;
import org.zeropipe.v4l2.V4l2Device.FrameSize;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * A device queue's formats, frame sizes and frame intervals as caps (as gstv4l2object probes
 * them): one structure per format and discrete size with its frame rates; stepwise and
 * continuous sizes as int ranges (with the step), frame rates as lists or ranges.
 */
public final class DeviceCaps {

    private static final FractionRange ANY_RATE = new FractionRange(new Fraction(0, 1), new Fraction(Integer.MAX_VALUE, 1));

    private DeviceCaps() {
    }

    /** The caps of buffer type {@code bufType}; formats we cannot name are left out. */
    public static Caps of(V4l2Device device, int bufType) {
        Caps.Builder b = Caps.builder();
        for (FormatDesc f : device.formats(bufType)) {
            for (Structure s : structures(device, f)) {
                b.add(s);
            }
        }
        return b.build();
    }

    /**
     * {@code caps} offered first under {@code memory:DMABuf}, then plain: DMABufs are mappable,
     * so a system-memory peer still links (as GStreamer 1.22's V4L2 elements push them).
     */
    public static Caps withDmaBufFirst(Caps caps) {
        Caps.Builder b = Caps.builder();
        for (int i = 0; i < caps.size(); i++) {
            b.add(caps.structure(i), CapsFeatures.of("memory:" + DmaBufMemory.TYPE));
        }
        return b.build().append(caps);
    }

    /** The formats of {@code bufType} that have no caps name (printed by {@code devices}). */
    public static List<FormatDesc> unmapped(V4l2Device device, int bufType) {
        return device.formats(bufType).stream().filter(f -> PixelFormat.of(f.pixelFormat()).isEmpty()).toList();
    }

    static List<Structure> structures(V4l2Device device, FormatDesc desc) {
        PixelFormat pf = PixelFormat.of(desc.pixelFormat()).orElse(null);
        if (pf == null) {
            return List.of();
        }
        List<Structure> out = new ArrayList<>();
        List<FrameSize> sizes = device.frameSizes(desc.pixelFormat());
        if (sizes.isEmpty()) {
            out.add(base(pf).set("width", new IntRange(1, 32768)).set("height", new IntRange(1, 32768))
                    .set("framerate", ANY_RATE).build());
            return out;
        }
        for (FrameSize s : sizes) {
            Structure.Builder b = base(pf);
            if (s.discrete()) {
                b.set("width", s.minWidth()).set("height", s.minHeight());
            } else {
                b.set("width", range(s.minWidth(), s.maxWidth(), s.stepWidth()))
                        .set("height", range(s.minHeight(), s.maxHeight(), s.stepHeight()));
            }
            b.set("framerate", rates(device.frameIntervals(desc.pixelFormat(), s.maxWidth(), s.maxHeight())));
            out.add(b.build());
        }
        return out;
    }

    private static Structure.Builder base(PixelFormat pf) {
        Structure.Builder b = Structure.builder(pf.mediaType());
        if (pf.videoFormat() != null) {
            b.set("format", pf.videoFormat().capsName());
        }
        return b;
    }

    private static IntRange range(int min, int max, int step) {
        return step > 1 ? new IntRange(min, max, step) : new IntRange(min, max);
    }

    /** Frame intervals (seconds per frame) as frame rates, fastest first, as GStreamer lists them. */
    static Value rates(List<FrameInterval> intervals) {
        if (intervals.isEmpty()) {
            return ANY_RATE;
        }
        if (!intervals.getFirst().discrete()) {
            FrameInterval i = intervals.getFirst();
            return new FractionRange(invert(i.max()), invert(i.min()));
        }
        Map<Fraction, Boolean> rates = new LinkedHashMap<>();
        intervals.stream().map(i -> invert(i.min())).sorted((a, b) -> b.compareTo(a)).forEach(r -> rates.put(r, true));
        List<Value> list = new ArrayList<>(rates.keySet());
        return list.size() == 1 ? list.getFirst() : new ValueList(list);
    }

    private static Fraction invert(Fraction f) {
        return f.numerator() == 0 ? new Fraction(Integer.MAX_VALUE, 1) : reduce(f.denominator(), f.numerator());
    }

    private static Fraction reduce(int n, int d) {
        int a = Math.abs(n);
        int b = Math.abs(d);
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? new Fraction(n, d) : new Fraction(n / a, d / a);
    }

    /** The names of the capability bits set in {@code caps}. */
    public static List<String> capabilityNames(int caps) {
        String[] names = {"video-capture", "video-output", "video-overlay", null, "vbi-capture", "vbi-output"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && (caps & 1 << i) != 0) {
                out.add(names[i]);
            }
        }
        Object[][] more = {
            {V4l2.V4L2_CAP_VIDEO_CAPTURE_MPLANE, "video-capture-mplane"},
            {V4l2.V4L2_CAP_VIDEO_OUTPUT_MPLANE, "video-output-mplane"},
            {V4l2.V4L2_CAP_VIDEO_M2M_MPLANE, "video-m2m-mplane"}, {V4l2.V4L2_CAP_VIDEO_M2M, "video-m2m"},
            {V4l2.V4L2_CAP_TUNER, "tuner"}, {V4l2.V4L2_CAP_AUDIO, "audio"}, {V4l2.V4L2_CAP_RADIO, "radio"},
            {V4l2.V4L2_CAP_SDR_CAPTURE, "sdr-capture"}, {V4l2.V4L2_CAP_META_CAPTURE, "meta-capture"},
            {V4l2.V4L2_CAP_META_OUTPUT, "meta-output"}, {V4l2.V4L2_CAP_READWRITE, "read-write"},
            {V4l2.V4L2_CAP_STREAMING, "streaming"}, {V4l2.V4L2_CAP_TOUCH, "touch"}, {V4l2.V4L2_CAP_IO_MC, "io-mc"}};
        for (Object[] m : more) {
            if ((caps & (int) m[0]) != 0) {
                out.add((String) m[1]);
            }
        }
        return out;
    }
}
