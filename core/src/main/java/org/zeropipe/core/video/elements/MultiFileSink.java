package org.zeropipe.core.video.elements;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * GStreamer's {@code multifilesink}: each buffer goes to its own file, named by
 * {@code location} with the buffer's index in a printf integer conversion
 * ({@code frame-%05d.png}); {@code index} is the first index. Each memory of a buffer is
 * written as it is (no merge). Not synced to the clock.
 */
public final class MultiFileSink extends BaseSink {

    private final Property<String> location;
    private final Property<Integer> index;
    private int next;

    public MultiFileSink(String name) {
        super(name, PadTemplate.sink(Caps.ANY), false);
        location = declare(PropertySpec.ofString("location", "%05d", "file name with one %d for the index"));
        index = declare(PropertySpec.ofInt("index", 0, 0, Integer.MAX_VALUE, "index of the first file"));
    }

    public MultiFileSink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "multifilesink";
    }

    @Override
    protected boolean start() {
        try {
            fileName(location.get(), 0);
        } catch (IllegalArgumentException e) {
            postError(name() + ": " + e.getMessage(), null, e);
            return false;
        }
        next = index.get();
        return true;
    }

    /**
     * {@code pattern} with {@code n} in its one integer conversion ({@code %d}, {@code %05d},
     * ...); {@code %%} is a percent sign.
     *
     * @throws IllegalArgumentException if the pattern has another conversion or several
     */
    static String fileName(String pattern, int n) {
        if (pattern == null) {
            throw new IllegalArgumentException("no location set");
        }
        int conversions = 0;
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) != '%') {
                continue;
            }
            int j = i + 1;
            if (j < pattern.length() && pattern.charAt(j) == '%') {
                i = j;
                continue;
            }
            while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
                j++;
            }
            if (j >= pattern.length() || pattern.charAt(j) != 'd' && pattern.charAt(j) != 'u') {
                throw new IllegalArgumentException("location \"" + pattern + "\": only %d (with an optional width,"
                        + " e.g. %05d) and %% may follow '%', at position " + i);
            }
            conversions++;
            i = j;
        }
        if (conversions > 1) {
            throw new IllegalArgumentException("location \"" + pattern + "\" has " + conversions
                    + " %d conversions; it takes at most one");
        }
        return String.format(Locale.ROOT, pattern.replace("%u", "%d"), n);
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        String file = fileName(location.get(), next);
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < buffer.memoryCount(); i++) {
                try (Mapping m = buffer.mapRange(i, 1, MapFlags.READ)) {
                    ByteBuffer bb = m.segment().asByteBuffer();
                    while (bb.hasRemaining()) {
                        channel.write(bb);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            postError("could not write \"" + file + "\": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        }
        next++;
        return FlowReturn.OK;
    }
}
