package org.zeropipe.core.elements;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.zeropipe.core.Format;
import org.zeropipe.core.base.BaseSink;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Writes each buffer's bytes to a file (truncated on start). Not synced to the clock. A
 * segment event in BYTES moves the write position to its start, as GStreamer's filesink does
 * (how muxers such as wavenc rewrite their header at the end).
 */
public final class FileSink extends BaseSink {

    private final Property<String> location;
    private FileChannel channel;

    public FileSink(String name) {
        super(name, PadTemplate.sink(Caps.ANY), false);
        location = declare(PropertySpec.ofString("location", null, "the file to write"));
    }

    public FileSink() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "filesink";
    }

    @Override
    protected boolean start() {
        String loc = location.get();
        if (loc == null) {
            postError("filesink " + name() + ": no location set", null, null);
            return false;
        }
        try {
            channel = FileChannel.open(Path.of(loc), StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (IOException | RuntimeException e) {
            postError("could not open file \"" + loc + "\" for writing: " + e.getMessage(), null, e);
            return false;
        }
    }

    @Override
    protected void stop() {
        FileChannels.close(channel, location.get(), msg -> postWarning(msg, null));
        channel = null;
    }

    @Override
    protected boolean handleEvent(Pad pad, Event event) {
        if (event instanceof Event.SegmentEvent s && s.segment().format() == Format.BYTES && channel != null) {
            try {
                channel.position(s.segment().start());
            } catch (IOException e) {
                postError("could not seek in \"" + location.get() + "\" to " + s.segment().start() + ": "
                        + e.getMessage(), null, e);
                return false;
            }
        }
        return super.handleEvent(pad, event);
    }

    @Override
    protected FlowReturn render(Buffer buffer) {
        if (buffer.size() == 0) {
            return FlowReturn.OK;
        }
        try (Mapping m = buffer.map(MapFlags.READ)) {
            ByteBuffer bb = m.segment().asByteBuffer();
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            return FlowReturn.OK;
        } catch (IOException e) {
            postError("could not write to \"" + location.get() + "\": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        }
    }
}
