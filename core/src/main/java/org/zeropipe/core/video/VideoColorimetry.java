package org.zeropipe.core.video;

import java.util.Objects;
import java.util.Optional;

/**
 * How pixel values map to colours, GStreamer's {@code GstVideoColorimetry}: the value range,
 * the YUV matrix, the transfer function and the primaries. In caps it is a name
 * ({@code colorimetry=bt709}) or four numbers, GStreamer's enum values
 * ({@code colorimetry=1:4:0:0}: full range, BT.601 matrix, the rest unknown).
 */
public record VideoColorimetry(Range range, Matrix matrix, Transfer transfer, Primaries primaries) {

    /** The value range. */
    public enum Range {
        UNKNOWN, FULL, LIMITED;

        /** GStreamer's {@code GstVideoColorRange} value. */
        public int gstValue() {
            return ordinal();
        }
    }

    /** The matrix from R'G'B' to Y'CbCr. */
    public enum Matrix {
        UNKNOWN, RGB, FCC, BT709, BT601, SMPTE240M, BT2020;

        public int gstValue() {
            return ordinal();
        }

        /** Kr and Kb of the matrix, GStreamer's {@code gst_video_color_matrix_get_Kr_Kb}; empty for RGB/unknown. */
        public Optional<double[]> krKb() {
            return switch (this) {
                case FCC -> Optional.of(new double[] {0.30, 0.11});
                case BT709 -> Optional.of(new double[] {0.2126, 0.0722});
                case BT601 -> Optional.of(new double[] {0.2990, 0.1140});
                case SMPTE240M -> Optional.of(new double[] {0.212, 0.087});
                case BT2020 -> Optional.of(new double[] {0.2627, 0.0593});
                case UNKNOWN, RGB -> Optional.empty();
            };
        }
    }

    /** The transfer function, in GStreamer's {@code GstVideoTransferFunction} order. */
    public enum Transfer {
        UNKNOWN, GAMMA10, GAMMA18, GAMMA20, GAMMA22, BT709, SMPTE240M, SRGB, GAMMA28, LOG100, LOG316, BT2020_12,
        ADOBERGB, BT2020_10, SMPTE2084, ARIB_STD_B67, BT601;

        public int gstValue() {
            return ordinal();
        }
    }

    /** The colour primaries, in GStreamer's {@code GstVideoColorPrimaries} order. */
    public enum Primaries {
        UNKNOWN, BT709, BT470M, BT470BG, SMPTE170M, SMPTE240M, FILM, BT2020, ADOBERGB, SMPTEST428, SMPTERP431,
        SMPTEEG432, EBU3213;

        public int gstValue() {
            return ordinal();
        }
    }

    public static final VideoColorimetry BT601 = new VideoColorimetry(Range.LIMITED, Matrix.BT601, Transfer.BT601,
            Primaries.SMPTE170M);
    public static final VideoColorimetry BT709 = new VideoColorimetry(Range.LIMITED, Matrix.BT709, Transfer.BT709,
            Primaries.BT709);
    public static final VideoColorimetry SMPTE240M = new VideoColorimetry(Range.LIMITED, Matrix.SMPTE240M,
            Transfer.SMPTE240M, Primaries.SMPTE240M);
    public static final VideoColorimetry SRGB = new VideoColorimetry(Range.FULL, Matrix.RGB, Transfer.SRGB,
            Primaries.BT709);
    public static final VideoColorimetry BT2020 = new VideoColorimetry(Range.LIMITED, Matrix.BT2020,
            Transfer.BT2020_12, Primaries.BT2020);
    public static final VideoColorimetry BT2020_10 = new VideoColorimetry(Range.LIMITED, Matrix.BT2020,
            Transfer.BT2020_10, Primaries.BT2020);
    public static final VideoColorimetry BT2100_PQ = new VideoColorimetry(Range.LIMITED, Matrix.BT2020,
            Transfer.SMPTE2084, Primaries.BT2020);
    public static final VideoColorimetry BT2100_HLG = new VideoColorimetry(Range.LIMITED, Matrix.BT2020,
            Transfer.ARIB_STD_B67, Primaries.BT2020);
    /** What GStreamer gives gray formats: full range, BT.601 matrix ({@code 1:4:0:0}). */
    public static final VideoColorimetry GRAY = new VideoColorimetry(Range.FULL, Matrix.BT601, Transfer.UNKNOWN,
            Primaries.UNKNOWN);
    public static final VideoColorimetry UNKNOWN = new VideoColorimetry(Range.UNKNOWN, Matrix.UNKNOWN,
            Transfer.UNKNOWN, Primaries.UNKNOWN);

    private static final String[] NAMES = {"bt601", "bt709", "smpte240m", "sRGB", "bt2020", "bt2020-10", "bt2100-pq",
        "bt2100-hlg"};
    private static final VideoColorimetry[] NAMED = {BT601, BT709, SMPTE240M, SRGB, BT2020, BT2020_10, BT2100_PQ,
        BT2100_HLG};

    public VideoColorimetry {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(primaries, "primaries");
    }

    /**
     * Parses a caps colorimetry: a name (bt601, bt709, smpte240m, sRGB, bt2020, bt2020-10,
     * bt2100-pq, bt2100-hlg) or {@code range:matrix:transfer:primaries} numbers.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static VideoColorimetry parse(String text) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(text)) {
                return NAMED[i];
            }
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("colorimetry '" + text + "' is neither a known name (bt601, bt709, "
                    + "smpte240m, sRGB, bt2020, bt2020-10, bt2100-pq, bt2100-hlg) nor range:matrix:transfer:primaries");
        }
        return new VideoColorimetry(pick(Range.values(), parts[0], "range", text),
                pick(Matrix.values(), parts[1], "matrix", text), pick(Transfer.values(), parts[2], "transfer", text),
                pick(Primaries.values(), parts[3], "primaries", text));
    }

    private static <E extends Enum<E>> E pick(E[] values, String number, String what, String text) {
        int v;
        try {
            v = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("colorimetry '" + text + "': " + what + " '" + number
                    + "' is not a number");
        }
        if (v < 0 || v >= values.length) {
            throw new IllegalArgumentException("colorimetry '" + text + "': " + what + " " + v + " is not one of 0.."
                    + (values.length - 1));
        }
        return values[v];
    }

    public boolean isUnknown() {
        return equals(UNKNOWN);
    }

    /** The caps text: the name when there is one, else the four numbers; empty when all is unknown. */
    public Optional<String> toCapsString() {
        for (int i = 0; i < NAMED.length; i++) {
            if (NAMED[i].equals(this)) {
                return Optional.of(NAMES[i]);
            }
        }
        if (isUnknown()) {
            return Optional.empty();
        }
        return Optional.of(range.gstValue() + ":" + matrix.gstValue() + ":" + transfer.gstValue() + ":"
                + primaries.gstValue());
    }

    @Override
    public String toString() {
        return toCapsString().orElse("unknown");
    }
}
