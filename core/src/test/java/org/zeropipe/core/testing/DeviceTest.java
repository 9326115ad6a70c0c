package org.zeropipe.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A test that needs real kernel devices (V4L2, DMA heaps, udmabuf, vgem): tagged
 * {@value #TAG}, left out of the host's {@code mvn verify} and run inside the VM by
 * {@code ci/vm/device-tests} (see docs/v4l2.md).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Tag(DeviceTest.TAG)
@Test
public @interface DeviceTest {
    String TAG = "device";
}
