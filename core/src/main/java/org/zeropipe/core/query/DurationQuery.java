package org.zeropipe.core.query;

import java.util.Objects;

import org.zeropipe.core.buffer.ClockTime;
import org.zeropipe.core.Format;

/** "How long is the stream?" in a format; NONE when unknown. */
public final class DurationQuery implements Query {
    private final Format format;
    private long duration = ClockTime.NONE;

    public DurationQuery(Format format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    public Format format() {
        return format;
    }

    public long duration() {
        return duration;
    }

    public void setResult(long value) {
        duration = value;
    }

    @Override
    public String typeName() {
        return "duration";
    }
}
