package org.zeropipe.core.video.elements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.trace.CopyCounter;
import org.zeropipe.core.video.VideoBytes;
import org.zeropipe.core.video.VideoInfo;

/** pngenc + multifilesink: files javax.imageio decodes to the very pixels of the raw frames. */
@Timeout(120)
class PngEncTest {

    @TempDir
    Path dir;

    @Test
    void pngsDecodeToTheRawFramesInRgbaRgbAndGray() throws IOException {
        for (String format : List.of("RGBA", "RGB", "GRAY8")) {
            String caps = "video/x-raw,format=" + format + ",width=65,height=33";
            String src = "videotestsrc num-buffers=2 pattern=colors ! " + caps;
            Path raw = dir.resolve(format + ".raw");
            VideoBytes.run(src + " ! filesink location=" + raw);
            try (CopyCounter copies = CopyCounter.attach()) {
                VideoBytes.run(src + " ! pngenc ! multifilesink location=" + dir.resolve(format + "-%05d.png"));
                assertEquals(0, copies.count(), "encoding reads the frame in place");
            }
            VideoInfo info = VideoInfo.fromCaps(Caps.parse(caps));
            byte[] frames = Files.readAllBytes(raw);
            for (int n = 0; n < 2; n++) {
                byte[] png = Files.readAllBytes(dir.resolve(String.format("%s-%05d.png", format, n)));
                checkChunks(png);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals(65, image.getWidth());
                assertEquals(33, image.getHeight());
                int channels = format.equals("RGBA") ? 4 : format.equals("RGB") ? 3 : 1;
                for (int y = 0; y < 33; y++) {
                    int[] got = image.getRaster().getPixels(0, y, 65, 1, new int[65 * channels]);
                    int[] want = new int[65 * channels];
                    for (int i = 0; i < want.length; i++) {
                        want[i] = frames[(int) (n * info.size() + (long) y * info.stride(0) + i)] & 0xff;
                    }
                    assertArrayEquals(want, got, format + " frame " + n + " row " + y);
                }
            }
        }
    }

    /** Every chunk's CRC-32 is right, and the chunks are IHDR, IDAT..., IEND. */
    private static void checkChunks(byte[] png) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(png));
        byte[] signature = new byte[8];
        in.readFully(signature);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, signature);
        List<String> types = new ArrayList<>();
        while (in.available() > 0) {
            int length = in.readInt();
            byte[] typeAndData = new byte[4 + length];
            in.readFully(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), in.readInt(), "CRC of " + type);
            types.add(type);
        }
        assertEquals("IHDR", types.get(0));
        assertEquals("IEND", types.get(types.size() - 1));
        assertTrue(types.contains("IDAT"));
    }

    @Test
    void theCompressionLevelIsHonoured() throws IOException {
        String src = "videotestsrc num-buffers=1 pattern=circular ! video/x-raw,format=RGB,width=128,height=96 ! ";
        VideoBytes.run(src + "pngenc compression-level=0 ! filesink location=" + dir.resolve("0.png"));
        VideoBytes.run(src + "pngenc compression-level=9 ! filesink location=" + dir.resolve("9.png"));
        long stored = Files.size(dir.resolve("0.png"));
        assertTrue(stored > 128 * 96 * 3, "level 0 stores the rows: " + stored);
        assertTrue(Files.size(dir.resolve("9.png")) < stored / 2, "level 9 compresses");
        assertEquals(128, ImageIO.read(dir.resolve("0.png").toFile()).getWidth());
    }

    @Test
    void otherFormatsDoNotNegotiate() {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> VideoBytes.run(
                "videotestsrc num-buffers=1 ! video/x-raw,format=I420,width=8,height=8 ! pngenc ! fakesink"));
        assertTrue(e.getMessage().contains("(string)I420 vs (string){ RGBA, RGB, GRAY8 }"), e.getMessage());
    }
}
