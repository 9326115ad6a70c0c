package org.zeropipe.gpu.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;
import org.zeropipe.core.pipeline.StateChangeReturn;

/** Without a usable EGL, GL elements fail with an error that says why; nothing hangs. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GLErrorsTest {

    @Test
    void anUnavailablePlatformIsAClearErrorOnTheBus() {
        GLTestSupport.context();
        // There is no X server in the test environment's DISPLAY-less run, so x11 cannot open.
        String old = System.getProperty("zeropipe.gl.platform");
        System.setProperty("zeropipe.gl.platform", "x11");
        Pipeline p = LaunchParser.parse("gltestsrc name=src num-buffers=1 ! fakesink");
        try {
            if (System.getenv("DISPLAY") != null) {
                return; // an X server may be there: nothing to test
            }
            assertEquals(StateChangeReturn.FAILURE, p.setState(State.READY));
            Message.Error e = (Message.Error) p.bus().pop(Duration.ofSeconds(5), Message.Error.class);
            assertNotNull(e);
            assertEquals("src", e.source().name());
            assertTrue(e.text().contains("platform x11: DISPLAY is not set"), e.text());
        } finally {
            p.setState(State.NULL);
            if (old == null) {
                System.clearProperty("zeropipe.gl.platform");
            } else {
                System.setProperty("zeropipe.gl.platform", old);
            }
        }
    }

    @Test
    void anUnknownPlatformNameIsRefusedWithTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GLPlatform.parse("wayland"));
        assertTrue(e.getMessage().contains("surfaceless, device, gbm, x11"), e.getMessage());
    }

    @Test
    void withoutLibEGLAContextCannotBeMadeAndSaysSo() throws Exception {
        // A fresh JVM whose LWJGL looks for a libEGL that does not exist.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dorg.lwjgl.opengl.contextAPI=EGL", "-Dorg.lwjgl.egl.libname=/nonexistent/libEGL.so.1",
                "-cp", System.getProperty("java.class.path"), NoEglProbe.class.getName()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS), "the probe hung: " + out);
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("RESULT GLException: no EGL: libEGL could not be loaded (Failed to dynamically load library: /nonexistent/libEGL.so.1"),
                out);
    }

    /** Tries to make a context and prints what happened. */
    public static final class NoEglProbe {
        public static void main(String[] args) {
            try {
                GLContext.create().unref();
                System.out.println("RESULT made a context");
            } catch (GLException e) {
                System.out.println("RESULT GLException: " + e.getMessage());
            }
        }
    }
}
