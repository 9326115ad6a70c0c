package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** {@code ./zeropipe help [COMMAND]}. */
final class HelpCommand implements CliCommand {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "list the commands, or show one command's usage";
    }

    @Override
    public String usage() {
        return "usage: ./zeropipe help [COMMAND]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<CliCommand> commands = Main.commands();
        if (args.isEmpty()) {
            printOverview(commands, out);
            return 0;
        }
        Optional<CliCommand> command = Main.find(commands, args.getFirst());
        if (command.isEmpty()) {
            err.println("zeropipe help: unknown command '" + args.getFirst() + "'");
            return 2;
        }
        out.println(command.get().usage());
        return 0;
    }

    static void printOverview(List<CliCommand> commands, PrintStream out) {
        out.println("zeropipe " + Version.current() + ": zero-copy media pipelines");
        out.println("usage: ./zeropipe COMMAND [ARGS]");
        out.println();
        out.println("commands:");
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (CliCommand c : commands) {
            out.printf("  %-" + width + "s  %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("'./zeropipe help COMMAND' shows a command's usage.");
    }
}
