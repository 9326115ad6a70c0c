package org.zeropipe.core.video.convert;

/** One side of a conversion: the caps format name, the frame size and the colour facts. */
public record ConvertSide(String format, int width, int height, ColorSpec color) {

    public ConvertSide {
        if (PixelCodec.forName(format) == null) {
            throw new IllegalArgumentException("videoconvert cannot read or write format " + format
                    + "; it knows " + String.join(", ", new java.util.TreeSet<>(PixelCodec.CODECS.keySet())));
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, not " + width + "x" + height);
        }
    }

    /** The side of a stream described by {@code info}. */
    public static ConvertSide of(org.zeropipe.core.video.VideoInfo info) {
        return new ConvertSide(info.format().capsName(), info.width(), info.height(),
                ColorSpec.of(info.colorimetry(), info.chromaSite()));
    }

    PixelCodec codec() {
        return PixelCodec.forName(format);
    }
}
