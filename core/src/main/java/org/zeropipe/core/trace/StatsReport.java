package org.zeropipe.core.trace;

import java.util.List;
import java.util.Locale;

/**
 * What {@link PipelineStats} counted: frames (buffers that reached the busiest sink), the run
 * time, the copies in all and per (element, reason, memory type), and per element and link
 * the buffers that flowed. {@link #toText} is for people, {@link #toJson} for scripts and tests.
 */
public record StatsReport(long frames, double seconds, long copies, long bytesCopied,
        List<ElementStats> elements, List<LinkStats> links, List<CopyRow> copyRows) {

    public StatsReport {
        elements = List.copyOf(elements);
        links = List.copyOf(links);
        copyRows = List.copyOf(copyRows);
    }

    public record ElementStats(String name, String factory, long buffersIn, long buffersOut, long copies,
            long bytesCopied) {
    }

    /** {@code caps} is null when no caps event crossed; {@code memory} is "-" when buffers had no memory. */
    public record LinkStats(String src, String sink, String caps, String memory, long buffers) {
    }

    /** Copies one element made for one reason: {@code who} is the element's name. */
    public record CopyRow(String who, String reason, String memoryType, long count, long bytes)
            implements Comparable<CopyRow> {
        @Override
        public int compareTo(CopyRow o) {
            int c = who.compareTo(o.who);
            return c != 0 ? c : (reason + memoryType).compareTo(o.reason + o.memoryType);
        }
    }

    /** Frames per second over the run. */
    public double fps() {
        return seconds > 0 ? frames / seconds : 0;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d frames in %.3f s (%.1f frames/s)%n", frames, seconds, fps()));
        sb.append(String.format(Locale.ROOT, "copies: %d, %d bytes%s%n", copies, bytesCopied,
                copies == 0 ? " — zero-copy" : String.format(Locale.ROOT, " (%.1f bytes/frame)",
                        frames > 0 ? (double) bytesCopied / frames : 0.0)));
        for (CopyRow r : copyRows) {
            sb.append(String.format(Locale.ROOT, "  %s copied %d× (%d bytes of %s): %s%n", r.who, r.count, r.bytes,
                    r.memoryType, why(r.reason)));
        }
        sb.append("elements:\n");
        sb.append(String.format(Locale.ROOT, "  %-16s %-12s %10s %10s %8s %8s %12s%n", "name", "factory",
                "buffers-in", "buffers-out", "buf/s", "copies", "bytes-copied"));
        for (ElementStats e : elements) {
            long n = Math.max(e.buffersIn, e.buffersOut);
            sb.append(String.format(Locale.ROOT, "  %-16s %-12s %10d %10d %8.0f %8d %12d%n", e.name, e.factory,
                    e.buffersIn, e.buffersOut, seconds > 0 ? n / seconds : 0.0, e.copies, e.bytesCopied));
        }
        sb.append("links:\n");
        for (LinkStats l : links) {
            sb.append(String.format(Locale.ROOT, "  %s -> %s: %d buffers, memory %s, caps %s%n", l.src, l.sink,
                    l.buffers, l.memory, l.caps == null ? "(none)" : l.caps));
        }
        return sb.toString();
    }

    /** Why the memory model copied, in words. */
    static String why(String reason) {
        return switch (reason) {
            case "MEMORY_COPY" -> "explicit Memory.copy";
            case "MERGE" -> "memories merged into one (MERGE)";
            case "COPY_ON_WRITE" -> "wrote into a shared or read-only memory (COPY_ON_WRITE)";
            case "REGION_COPY" -> "region copy that could not share memory (REGION_COPY)";
            case "DEEP_COPY" -> "deep buffer copy (DEEP_COPY)";
            case "FILL" -> "bytes written into a buffer from elsewhere (FILL)";
            case "EXTRACT" -> "bytes read out of a buffer (EXTRACT)";
            case "UPLOAD" -> "moved into device memory (UPLOAD)";
            case "DOWNLOAD" -> "moved out of device memory (DOWNLOAD)";
            case "ROW_COPY" -> "an element copied rows unchanged (ROW_COPY)";
            case "CROP_COPY" -> "downstream does not accept VideoCropMeta (CROP_COPY)";
            case "POOL_EXHAUSTED" -> "downstream held every driver buffer and the driver would not add one (POOL_EXHAUSTED)";
            default -> reason;
        };
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"frames\": ").append(frames);
        sb.append(", \"seconds\": ").append(String.format(Locale.ROOT, "%.6f", seconds));
        sb.append(", \"fps\": ").append(String.format(Locale.ROOT, "%.3f", fps()));
        sb.append(", \"copies\": {\"count\": ").append(copies).append(", \"bytes\": ").append(bytesCopied);
        sb.append(", \"by\": [");
        for (int i = 0; i < copyRows.size(); i++) {
            CopyRow r = copyRows.get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"element\": ").append(q(r.who)).append(", \"reason\": ")
                    .append(q(r.reason)).append(", \"memory\": ").append(q(r.memoryType)).append(", \"count\": ")
                    .append(r.count).append(", \"bytes\": ").append(r.bytes).append('}');
        }
        sb.append("]}, \"elements\": [");
        for (int i = 0; i < elements.size(); i++) {
            ElementStats e = elements.get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"name\": ").append(q(e.name)).append(", \"factory\": ")
                    .append(q(e.factory)).append(", \"buffersIn\": ").append(e.buffersIn).append(", \"buffersOut\": ")
                    .append(e.buffersOut).append(", \"copies\": ").append(e.copies).append(", \"bytesCopied\": ")
                    .append(e.bytesCopied).append('}');
        }
        sb.append("], \"links\": [");
        for (int i = 0; i < links.size(); i++) {
            LinkStats l = links.get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"src\": ").append(q(l.src)).append(", \"sink\": ")
                    .append(q(l.sink)).append(", \"caps\": ").append(l.caps == null ? "null" : q(l.caps))
                    .append(", \"memory\": ").append(q(l.memory)).append(", \"buffers\": ").append(l.buffers)
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    private static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
