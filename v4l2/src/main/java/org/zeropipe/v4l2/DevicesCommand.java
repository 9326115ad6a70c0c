package org.zeropipe.v4l2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.cli.CliCommand;
import org.zeropipe.core.linux.ErrnoException;
import org.zeropipe.v4l2.abi.V4l2;

/**
 * {@code ./zeropipe devices}: every V4L2 node with its driver, card, bus, capabilities, and
 * the formats, sizes and frame rates of its capture and output queues as caps.
 */
public final class DevicesCommand implements CliCommand {

    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "list V4L2 devices with their capabilities and formats as caps";
    }

    @Override
    public String usage() {
        return """
                usage: ./zeropipe devices [DEVICE...]
                  Lists every /dev/video* node (or the ones named): driver, card, bus, capabilities,
                  and the capture/output formats, frame sizes and frame rates as caps.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        for (String a : args) {
            if (a.startsWith("-")) {
                err.println("devices: unknown option " + a);
                err.println(usage());
                return 2;
            }
        }
        List<String> nodes = args.isEmpty() ? videoNodes(Path.of("/dev")) : args;
        if (nodes.isEmpty()) {
            out.println("no V4L2 devices (/dev/video* is empty)");
            return 0;
        }
        int failures = 0;
        for (String node : nodes) {
            try (V4l2Device d = V4l2Device.open(node)) {
                print(d, out);
            } catch (ErrnoException e) {
                err.println("devices: " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** /dev/video* in numeric order. */
    static List<String> videoNodes(Path dev) throws IOException {
        try (Stream<Path> s = Files.list(dev)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("video\\d+"))
                    .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(5))))
                    .map(n -> dev.resolve(n).toString()).toList();
        }
    }

    static void print(V4l2Device d, PrintStream out) {
        V4l2Device.Capability c = d.capability();
        out.println(d.path() + ": " + c.card());
        out.println("  driver: " + c.driver() + " " + (c.version() >>> 16) + "." + (c.version() >>> 8 & 0xFF) + "."
                + (c.version() & 0xFF));
        out.println("  bus: " + c.busInfo());
        out.println("  capabilities: " + String.join(" ", DeviceCaps.capabilityNames(c.caps()))
                + String.format(" (0x%08x)", c.caps()));
        if (c.has(V4l2.V4L2_CAP_VIDEO_CAPTURE | V4l2.V4L2_CAP_VIDEO_CAPTURE_MPLANE | V4l2.V4L2_CAP_VIDEO_M2M
                | V4l2.V4L2_CAP_VIDEO_M2M_MPLANE)) {
            queue(d, "capture", d.captureType(), out);
        }
        if (c.has(V4l2.V4L2_CAP_VIDEO_OUTPUT | V4l2.V4L2_CAP_VIDEO_OUTPUT_MPLANE | V4l2.V4L2_CAP_VIDEO_M2M
                | V4l2.V4L2_CAP_VIDEO_M2M_MPLANE)) {
            queue(d, "output", d.outputType(), out);
        }
        out.println();
    }

    private static void queue(V4l2Device d, String what, int bufType, PrintStream out) {
        out.println("  " + what + (V4l2Device.isMultiPlanar(bufType) ? " (multi-planar):" : ":"));
        Caps caps = DeviceCaps.of(d, bufType);
        for (int i = 0; i < caps.size(); i++) {
            out.println("    " + caps.structure(i));
        }
        for (V4l2Device.FormatDesc f : DeviceCaps.unmapped(d, bufType)) {
            out.println("    (" + PixelFormat.fourccString(f.pixelFormat()) + ": " + f.description() + ", no caps name)");
        }
    }
}
