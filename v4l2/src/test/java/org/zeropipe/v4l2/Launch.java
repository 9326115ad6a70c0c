package org.zeropipe.v4l2;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.zeropipe.core.launch.LaunchParser;
import org.zeropipe.core.pipeline.Message;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.State;

/** Runs a launch description to its end for the v4l2 tests. */
final class Launch {

    private Launch() {
    }

    /** PLAYING until the first EOS or ERROR (returned; null after {@code wait}), then NULL. */
    static Message run(String description, Duration wait) {
        Pipeline p = LaunchParser.parse(description);
        try {
            p.setState(State.PLAYING);
            return p.bus().pop(wait, Message.Eos.class, Message.Error.class);
        } finally {
            p.setState(State.NULL);
        }
    }

    /** {@link #run}, which must end in an ERROR. */
    static Message.Error error(String description, Duration wait) {
        return assertInstanceOf(Message.Error.class, run(description, wait));
    }
}
