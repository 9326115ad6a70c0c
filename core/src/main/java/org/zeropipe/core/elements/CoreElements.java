package org.zeropipe.core.elements;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The elements of module core, for the {@link org.zeropipe.core.pipeline.ElementRegistry}. */
public final class CoreElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("fakesrc", "Source", "produces empty or sized buffers",
                        "Pushes buffers of size bytes (none when 0), num-buffers of them then EOS, live or not, "
                                + "with the caps given. Allocates SystemMemory, or from the pool or allocator "
                                + "downstream proposes.", FakeSrc::new),
                new ElementFactory("fakesink", "Sink", "discards buffers",
                        "Takes every buffer and drops it, synchronised to the clock when sync=true. Accepts any "
                                + "caps and any memory without mapping it.", FakeSink::new),
                new ElementFactory("identity", "Generic", "passes buffers through",
                        "Passes each buffer on unchanged (the same buffer: any memory, no copy). error-after "
                                + "makes it fail after that many buffers.", Identity::new),
                new ElementFactory("capsfilter", "Generic", "restricts the caps that pass",
                        "Lets only caps that intersect its caps property through negotiation; buffers pass "
                                + "unchanged. Caps features such as memory:GLMemory choose the memory type.",
                        CapsFilter::new),
                new ElementFactory("queue", "Generic", "thread boundary with limits",
                        "Holds buffers and events between the upstream thread and its own streaming thread, up "
                                + "to max-size-buffers, -bytes and -time; leaky drops when full. Holds "
                                + "references: any memory, no copy.", Queue::new),
                new ElementFactory("tee", "Generic", "sends each buffer to every branch",
                        "Pushes each buffer to every request pad src_%u, by reference (no copy; a branch that "
                                + "writes copies on write). Answers the allocation query with what all branches "
                                + "accept.", Tee::new),
                new ElementFactory("appsrc", "Generic/Source", "buffers pushed by the application",
                        "Pushes the buffers the application gives it (any memory, by reference), with the "
                                + "caps it sets; EOS when told.", AppSrc::new),
                new ElementFactory("appsink", "Generic/Sink", "buffers pulled by the application",
                        "Hands each buffer to the application as a sample (pulled or through a callback), by "
                                + "reference: any memory, no copy; max-buffers and drop bound what it holds.",
                        AppSink::new),
                new ElementFactory("filesrc", "Source/File", "reads a file",
                        "Reads location in blocks of blocksize bytes into SystemMemory buffers (one read per "
                                + "buffer, no other copy); seeks in BYTES.", FileSrc::new),
                new ElementFactory("filesink", "Sink/File", "writes a file",
                        "Writes each buffer's bytes to location, mapping its memory for reading (no copy into "
                                + "another buffer).", FileSink::new));
    }
}
