package org.zeropipe.core.elements;

import java.util.List;

import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementProvider;

/** The elements of module core, for the {@link org.zeropipe.core.pipeline.ElementRegistry}. */
public final class CoreElements implements ElementProvider {

    @Override
    public List<ElementFactory> factories() {
        return List.of(
                new ElementFactory("fakesrc", "produces empty or sized buffers", FakeSrc::new),
                new ElementFactory("fakesink", "discards buffers", FakeSink::new),
                new ElementFactory("identity", "passes buffers through", Identity::new),
                new ElementFactory("capsfilter", "restricts the caps that pass", CapsFilter::new),
                new ElementFactory("queue", "thread boundary with limits", Queue::new),
                new ElementFactory("tee", "sends each buffer to every branch", Tee::new),
                new ElementFactory("appsrc", "buffers pushed by the application", AppSrc::new),
                new ElementFactory("appsink", "buffers pulled by the application", AppSink::new),
                new ElementFactory("filesrc", "reads a file", FileSrc::new),
                new ElementFactory("filesink", "writes a file", FileSink::new));
    }
}
