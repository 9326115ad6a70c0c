package org.zeropipe.core.video.elements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.video.VideoBytes;

/** multifilesink: one numbered file per buffer; bad locations are named. */
@Timeout(60)
class MultiFileSinkTest {

    @TempDir
    Path dir;

    @Test
    void eachBufferGoesToItsOwnNumberedFile() throws IOException {
        VideoBytes.run("fakesrc num-buffers=3 size=10 ! multifilesink index=7 location=" + dir.resolve("b-%03d.bin"));
        for (int n = 7; n < 10; n++) {
            assertEquals(10, Files.size(dir.resolve(String.format("b-%03d.bin", n))));
        }
        assertTrue(Files.notExists(dir.resolve("b-010.bin")));
    }

    @Test
    void fileNamesFollowPrintf() {
        assertEquals("frame-00042.png", MultiFileSink.fileName("frame-%05d.png", 42));
        assertEquals("100%-7", MultiFileSink.fileName("100%%-%d", 7));
        assertEquals("fixed", MultiFileSink.fileName("fixed", 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiFileSink.fileName("a-%s", 1));
        assertTrue(e.getMessage().contains("only %d"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MultiFileSink.fileName("%d-%d", 1));
        assertTrue(e.getMessage().contains("at most one"), e.getMessage());
    }

    @Test
    void aBadLocationFailsTheStartWithAnError() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> VideoBytes.run("fakesrc num-buffers=1 ! multifilesink location=" + dir.resolve("x-%s")));
        assertTrue(e.getMessage().contains("only %d"), e.getMessage());
    }
}
