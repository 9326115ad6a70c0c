package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Message;

/** v4l2sink where there is no device (the host): registered, and failures named on the bus. */
class V4l2SinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aMissingDeviceIsABusErrorNamingItAndENOENT() {
        Message.Error e = Launch.error("videotestsrc num-buffers=1 ! v4l2sink device=/dev/zeropipe-no-video", WAIT);
        assertEquals("Could not open /dev/zeropipe-no-video: open on /dev/zeropipe-no-video failed: ENOENT"
                + " (No such file or directory)", e.text());
    }

    @Test
    void aFileThatIsNotAV4l2DeviceIsNamedWithTheIoctl() {
        Message.Error e = Launch.error("videotestsrc num-buffers=1 ! v4l2sink device=/dev/null io-mode=dmabuf-import", WAIT);
        assertTrue(e.text().contains("VIDIOC_QUERYCAP on /dev/null failed: ENOTTY"), e.text());
    }

    @Test
    void exportIsNotAnOutputIoMode() {
        Message.Error e = Launch.error("videotestsrc num-buffers=1 ! v4l2sink device=/dev/null io-mode=dmabuf", WAIT);
        assertTrue(e.text().contains("v4l2sink takes io-mode auto, mmap or dmabuf-import, not DMABUF"), e.text());
    }

    @Test
    void registeredThroughItsProvider() {
        assertEquals("v4l2sink", ElementRegistry.find("v4l2sink").name());
    }
}
