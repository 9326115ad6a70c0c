package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Message;

/** v4l2src where there is no device (the host): registered, and failures named on the bus. */
class V4l2SrcTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aMissingDeviceIsABusErrorNamingItAndENOENT() {
        Message.Error e = Launch.error("v4l2src device=/dev/zeropipe-no-video ! fakesink", WAIT);
        assertEquals("Could not open /dev/zeropipe-no-video: open on /dev/zeropipe-no-video failed: ENOENT"
                + " (No such file or directory)", e.text());
    }

    @Test
    void aFileThatIsNotAV4l2DeviceIsNamedWithTheIoctl() {
        Message.Error e = Launch.error("v4l2src device=/dev/null io-mode=dmabuf ! fakesink", WAIT);
        assertTrue(e.text().contains("VIDIOC_QUERYCAP on /dev/null failed: ENOTTY"), e.text());
    }

    @Test
    void registeredThroughItsProvider() {
        assertEquals("v4l2src", ElementRegistry.find("v4l2src").name());
    }

    @Test
    void aBadIoModeIsRefusedWithTheChoices() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> LaunchParser.parse("v4l2src io-mode=userpointer ! fakesink"));
        assertTrue(e.getMessage().contains("dmabuf-import"), e.getMessage());
    }
}
