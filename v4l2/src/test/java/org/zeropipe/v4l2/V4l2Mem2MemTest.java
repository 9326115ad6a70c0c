package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Message;

/** The mem2mem elements where there is no device (the host): registered, and failures named on the bus. */
class V4l2Mem2MemTest {

    private static Message.Error errorOf(String description) {
        return assertInstanceOf(Message.Error.class, M2mPipelines.run(description));
    }

    @Test
    void registeredThroughTheirProvider() {
        for (String name : new String[] {"v4l2convert", "v4l2videoenc", "v4l2videodec"}) {
            assertEquals(name, ElementRegistry.find(name).name());
        }
    }

    @Test
    void aMissingDeviceIsABusErrorNamingItAndENOENT() {
        Message.Error e = errorOf("videotestsrc num-buffers=1 ! v4l2convert device=/dev/zeropipe-no-video ! fakesink");
        assertEquals("Could not open /dev/zeropipe-no-video: open on /dev/zeropipe-no-video failed: ENOENT"
                + " (No such file or directory)", e.text());
    }

    @Test
    void aFileThatIsNotAV4l2DeviceIsNamedWithTheIoctl() {
        Message.Error e = errorOf("videotestsrc num-buffers=1 ! v4l2videoenc device=/dev/null ! fakesink");
        assertTrue(e.text().contains("VIDIOC_QUERYCAP on /dev/null failed: ENOTTY"), e.text());
    }

    @Test
    void withoutTheDriverTheDefaultNodeIsNamed() {
        if (V4l2Nodes.byName("stateful-decoder").isPresent()) {
            return; // the driver is there (the VM): nothing to check
        }
        Message.Error e = errorOf("fakesrc num-buffers=1 ! v4l2videodec ! fakesink");
        assertTrue(e.text().contains("no V4L2 node named stateful-decoder"), e.text());
    }

    @Test
    void importIsNotACaptureIoModeHere() {
        Message.Error e = errorOf("videotestsrc num-buffers=1 ! v4l2convert device=/dev/null capture-io-mode=dmabuf-import"
                + " ! fakesink");
        assertTrue(e.text().contains("capture-io-mode takes auto, mmap or dmabuf, not DMABUF_IMPORT"), e.text());
    }
}
