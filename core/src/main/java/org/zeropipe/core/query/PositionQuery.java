package org.zeropipe.core.query;

import java.util.Objects;

import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.Format;

/** "Where is the stream now?" in a format; sinks answer in TIME, sources in BYTES. */
public final class PositionQuery implements Query {
    private final Format format;
    private long position = ClockTime.NONE;

    public PositionQuery(Format format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    public Format format() {
        return format;
    }

    public long position() {
        return position;
    }

    public void setResult(long value) {
        position = value;
    }

    @Override
    public String typeName() {
        return "position";
    }
}
