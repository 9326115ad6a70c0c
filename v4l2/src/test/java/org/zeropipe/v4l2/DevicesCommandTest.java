package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeropipe.core.testing.DeviceTest;

class DevicesCommandTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DevicesCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nodesAreListedInNumericOrder(@TempDir Path dev) throws Exception {
        for (String n : new String[] {"video10", "video2", "video1", "vbi0", "videoX"}) {
            Files.createFile(dev.resolve(n));
        }
        assertEquals(List.of(dev + "/video1", dev + "/video2", dev + "/video10"), DevicesCommand.videoNodes(dev));
    }

    @Test
    void aMissingNodeIsAnErrorNamingItAndTheErrno() throws Exception {
        Run r = run("/dev/zeropipe-no-such-video");
        assertEquals(1, r.status());
        assertEquals("devices: open on /dev/zeropipe-no-such-video failed: ENOENT (No such file or directory)\n", r.err());
    }

    @Test
    void aNodeThatIsNotV4l2IsAnErrorNamingQuerycap() throws Exception {
        Run r = run("/dev/null");
        assertEquals(1, r.status());
        assertEquals("devices: VIDIOC_QUERYCAP on /dev/null failed: ENOTTY (Inappropriate ioctl for device)\n", r.err());
    }

    @DeviceTest
    void vividCaptureIsListedWithItsFormatsAsCaps() throws Exception {
        String node = VividNodes.capture();
        Run r = run(node);
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.startsWith(node + ": vivid\n"), out);
        assertTrue(out.contains("\n  driver: vivid "), out);
        assertTrue(out.contains("\n  bus: platform:vivid-000\n"), out);
        assertTrue(out.contains("video-capture") && out.contains("streaming"), out);
        // vivid's webcam input: discrete sizes with discrete frame rates
        assertTrue(out.contains("    video/x-raw, format=(string)YUY2, width=(int)1280, height=(int)720, framerate=(fraction)"),
                out);
        assertTrue(out.contains("format=(string)NV12"), out);
    }
}
