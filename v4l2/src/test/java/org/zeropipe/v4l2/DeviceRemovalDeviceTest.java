package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.zeropipe.core.elements.AppSink;
import org.zeropipe.core.elements.Sample;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChangeReturn;
import org.zeropipe.core.testing.DeviceTest;

/**
 * The device goes away while v4l2src streams (vivid's platform device unbound from its driver
 * in the VM): a bus error naming the device and ENODEV, the pipeline stops, nothing hangs or
 * leaks. The device is bound again afterwards (its nodes come back under the same names).
 */
class DeviceRemovalDeviceTest {

    private static final Path DRIVER = Path.of("/sys/bus/platform/drivers/vivid");

    @DeviceTest
    void unbindingTheDriverWhileStreamingIsABusErrorNamingENODEV() throws Exception {
        String node = VividNodes.byName("vivid-001-vid-cap");
        // the platform device behind the node (vivid makes all its instances from one: vivid.0)
        String platform = Path.of("/sys/class/video4linux", Path.of(node).getFileName().toString(), "device")
                .toRealPath().getFileName().toString();
        Pipeline p = LaunchParser.parse("v4l2src device=" + node + " io-mode=dmabuf ! video/x-raw,format=YUY2,width=320,"
                + "height=180 ! fakesink name=sink");
        try {
            p.setState(State.PLAYING);
            org.zeropipe.core.base.BaseSink sink = (org.zeropipe.core.base.BaseSink) p.byName("sink");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (sink.rendered() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(sink.rendered() >= 2, "no frames before the removal");
            Files.writeString(DRIVER.resolve("unbind"), platform);
            Message m = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
            Message.Error e = assertInstanceOf(Message.Error.class, m, "after the unbind: " + m);
            assertTrue(e.text().contains(node) && e.text().contains("ENODEV"), e.text());
        } finally {
            StateChangeReturn r = p.setState(State.NULL);
            Files.writeString(DRIVER.resolve("bind"), platform);
            assertTrue(r != StateChangeReturn.FAILURE, "the pipeline did not stop: " + r);
        }
    }

    /**
     * Downstream (an appsink's sample) holds a capture buffer when the device goes: dropping it
     * afterwards queues it to a removed device (ENODEV); that must not escape from the dropping
     * thread (the application's here), and the buffer is freed (the leak checker sees to it).
     */
    @DeviceTest
    void aBufferHeldDownstreamWhenTheDeviceGoesIsFreedWithoutThrowing() throws Exception {
        String node = VividNodes.byName("vivid-001-vid-cap");
        String platform = Path.of("/sys/class/video4linux", Path.of(node).getFileName().toString(), "device")
                .toRealPath().getFileName().toString();
        // drop=true: the streaming thread goes on (and meets ENODEV) while the test holds a sample
        Pipeline p = LaunchParser.parse("v4l2src device=" + node + " ! video/x-raw,format=YUY2,width=320,"
                + "height=180 ! appsink name=sink max-buffers=1 drop=true");
        boolean unbound = false;
        try {
            p.setState(State.PLAYING);
            Sample held = ((AppSink) p.byName("sink")).pullSample(Duration.ofSeconds(120));
            assertNotNull(held, "no frame before the removal");
            try {
                Files.writeString(DRIVER.resolve("unbind"), platform);
                unbound = true;
                Message m = p.bus().pop(Duration.ofSeconds(60), Message.Eos.class, Message.Error.class);
                Message.Error e = assertInstanceOf(Message.Error.class, m, "after the unbind: " + m);
                assertTrue(e.text().contains(node) && e.text().contains("ENODEV"), e.text());
            } finally {
                assertDoesNotThrow(held::close, "dropping a buffer of the removed device");
            }
        } finally {
            StateChangeReturn r = p.setState(State.NULL);
            if (unbound) {
                Files.writeString(DRIVER.resolve("bind"), platform);
            }
            assertTrue(r != StateChangeReturn.FAILURE, "the pipeline did not stop: " + r);
        }
    }
}
