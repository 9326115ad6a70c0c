package org.zeropipe.core.elements;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.zeropipe.core.Format;
import org.zeropipe.core.base.BaseSource;
import org.zeropipe.core.buffer.Buffer;
import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.event.Event;
import org.zeropipe.core.memory.MapFlags;
import org.zeropipe.core.memory.Mapping;
import org.zeropipe.core.pipeline.FlowReturn;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.Property;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Reads a file in blocks of {@code blocksize} bytes, straight into each buffer's memory
 * (the read is I/O, not a copy between memories). Buffer offsets are byte positions.
 * A seek's start is taken as a byte position.
 */
public final class FileSrc extends BaseSource {

    private final Property<String> location;
    private final Property<Integer> blocksize;
    private volatile FileChannel channel;
    private volatile long position;

    public FileSrc(String name) {
        super(name, PadTemplate.src(Caps.ANY));
        location = declare(PropertySpec.ofString("location", null, "the file to read"));
        blocksize = declare(PropertySpec.ofInt("blocksize", 4096, 1, Integer.MAX_VALUE, "bytes per buffer"));
    }

    public FileSrc() {
        this(null);
    }

    @Override
    public String factoryName() {
        return "filesrc";
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    protected boolean start() {
        String loc = location.get();
        if (loc == null) {
            postError("filesrc " + name() + ": no location set", null, null);
            return false;
        }
        try {
            channel = FileChannel.open(Path.of(loc), StandardOpenOption.READ);
            position = 0;
            return true;
        } catch (IOException | RuntimeException e) {
            postError("could not open file \"" + loc + "\" for reading: " + e.getMessage(), null, e);
            return false;
        }
    }

    @Override
    protected void stop() {
        FileChannels.close(channel, location.get(), msg -> postWarning(msg, null));
        channel = null;
    }

    /** Refuses a non-BYTES seek before anything is flushed. */
    @Override
    protected boolean prepareSeek(Event.Seek seek) {
        if (seek.format() != Format.BYTES) {
            // A TIME start is not a byte offset: converting needs the stream's format (a parser
            // or demuxer downstream does it, as in GStreamer, where filesrc seeks in bytes only).
            postWarning("filesrc seeks in BYTES only: a " + seek.format() + " seek is refused",
                    "a " + seek.format() + " seek needs a parser or demuxer to convert it into bytes");
            return false;
        }
        return true;
    }

    @Override
    protected boolean doSeek(Event.Seek seek) {
        position = Math.max(0, seek.start());
        return true;
    }

    /** The next read's offset in BYTES, else what the base class knows. */
    @Override
    protected long position(Format format) {
        return format == Format.BYTES && channel != null ? position : super.position(format);
    }

    /** The file's size in BYTES, else what the base class knows. */
    @Override
    protected long duration(Format format) {
        FileChannel ch = channel;
        if (format == Format.BYTES && ch != null) {
            try {
                return ch.size();
            } catch (IOException e) {
                return ClockTime.NONE;
            }
        }
        return super.duration(format);
    }

    /** Blocks are read into buffers of a pool of {@code blocksize}-byte buffers (ours unless downstream proposes one). */
    @Override
    protected long bufferSize(Caps negotiated) {
        return blocksize.get();
    }

    @Override
    protected FlowReturn create(Buffer[] out) {
        Buffer b = allocateBuffer(blocksize.get());
        if (b == null) {
            return FlowReturn.FLUSHING;
        }
        try {
            int n;
            try (Mapping m = b.map(MapFlags.WRITE)) {
                ByteBuffer bb = m.segment().asByteBuffer();
                n = channel.read(bb, position);
            }
            if (n <= 0) {
                b.unref();
                return FlowReturn.EOS;
            }
            b.setSize(n);
            b.setOffset(position);
            b.setOffsetEnd(position + n);
            position += n;
            out[0] = b;
            return FlowReturn.OK;
        } catch (IOException | RuntimeException e) {
            b.unref();
            postError("could not read from \"" + location.get() + "\": " + e.getMessage(), null, e);
            return FlowReturn.ERROR;
        }
    }
}
