package org.zeropipe.core.video.elements;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.zeropipe.core.video.VideoFormat;
import org.zeropipe.core.video.VideoFrame;

/**
 * Encodes one frame as a PNG file (ISO/IEC 15948): signature, IHDR, one IDAT holding the rows
 * deflated by {@link Deflater} (filter type 0 on every row, as GStreamer's pngenc), IEND; each
 * chunk with its CRC-32. Rows are read straight from the mapped planes.
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int HEADER = SIGNATURE.length + 25 + 8; // signature, IHDR chunk, IDAT length+type

    private PngWriter() {
    }

    /** PNG colour type and bytes per pixel of the formats pngenc takes. */
    static int colorType(VideoFormat format) {
        return switch (format) {
            case RGBA -> 6;
            case RGB -> 2;
            case GRAY8 -> 0;
            default -> throw new IllegalArgumentException("pngenc takes RGBA, RGB or GRAY8, not " + format);
        };
    }

    private static int bytesPerPixel(VideoFormat format) {
        return switch (format) {
            case RGBA -> 4;
            case RGB -> 3;
            default -> 1;
        };
    }

    /** The most bytes a PNG of this frame can take (stored deflate blocks at worst). */
    static long maxSize(VideoFormat format, int width, int height) {
        long raw = ((long) width * bytesPerPixel(format) + 1) * height;
        return HEADER + raw + raw / 16000 * 5 + 64 + 12 + 12;
    }

    /** Writes the PNG of {@code frame} into {@code out} and returns its length. */
    static long write(VideoFrame frame, int level, MemorySegment out) {
        VideoFormat f = frame.format();
        int width = frame.width();
        int height = frame.height();
        ByteBuffer bb = out.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
        bb.put(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8)
                .put((byte) colorType(f)).put((byte) 0).put((byte) 0).put((byte) 0).flip();
        chunk(bb, "IHDR", ihdr);
        int idatStart = bb.position();
        bb.position(idatStart + 8);
        Deflater deflater = new Deflater(level);
        try {
            ByteBuffer filter = ByteBuffer.allocate(1); // filter type 0: None
            long rowBytes = (long) width * bytesPerPixel(f);
            MemorySegment plane = frame.plane(0);
            for (int y = 0; y < height; y++) {
                deflate(deflater, filter.clear(), bb);
                deflate(deflater, plane.asSlice((long) y * frame.stride(0), rowBytes).asByteBuffer(), bb);
            }
            deflater.finish();
            while (!deflater.finished()) {
                if (!bb.hasRemaining()) {
                    throw new IllegalStateException("PNG output larger than its bound " + out.byteSize());
                }
                deflater.deflate(bb);
            }
        } finally {
            deflater.end();
        }
        int idatEnd = bb.position();
        int length = idatEnd - idatStart - 8;
        bb.putInt(idatStart, length);
        bb.put(idatStart + 4, "IDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        CRC32 crc = new CRC32();
        crc.update(bb.slice(idatStart + 4, length + 4));
        bb.putInt((int) crc.getValue());
        chunk(bb, "IEND", ByteBuffer.allocate(0));
        return bb.position();
    }

    private static void deflate(Deflater deflater, ByteBuffer input, ByteBuffer out) {
        deflater.setInput(input);
        while (!deflater.needsInput()) {
            if (!out.hasRemaining()) {
                throw new IllegalStateException("PNG output larger than its bound");
            }
            deflater.deflate(out);
        }
    }

    private static void chunk(ByteBuffer out, String type, ByteBuffer data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.putInt(data.remaining());
        int crcFrom = out.position();
        out.put(t);
        out.put(data);
        CRC32 crc = new CRC32();
        crc.update(out.slice(crcFrom, out.position() - crcFrom));
        out.putInt((int) crc.getValue());
    }
}
