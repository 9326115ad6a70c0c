package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code ./zeropipe} sub-command. Modules contribute commands through
 * {@link java.util.ServiceLoader} (META-INF/services/org.zeropipe.core.cli.CliCommand),
 * so {@code core} never names a command that lives in {@code gpu} or {@code v4l2}.
 */
public interface CliCommand {

    /** The word typed after {@code ./zeropipe}. */
    String name();

    /** One line for {@code ./zeropipe help}. */
    String summary();

    /** The full usage text for {@code ./zeropipe help NAME}. */
    String usage();

    /**
     * Runs the command.
     *
     * @return the process exit status: 0 on success, 1 for bad input, 2 for bad usage
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
