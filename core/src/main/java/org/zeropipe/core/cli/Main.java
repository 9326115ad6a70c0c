package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** {@code ./zeropipe COMMAND [ARGS]}: finds the command among those on the class path and runs it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command line and returns its exit status; never calls {@code System.exit}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<CliCommand> commands = commands();
        if (args.isEmpty()) {
            HelpCommand.printOverview(commands, err);
            return 2;
        }
        String name = args.getFirst();
        Optional<CliCommand> command = find(commands, name);
        if (command.isEmpty()) {
            err.println("zeropipe: unknown command '" + name + "'. Commands: "
                    + String.join(", ", commands.stream().map(CliCommand::name).toList())
                    + ". See './zeropipe help'.");
            return 2;
        }
        try {
            return command.get().run(args.subList(1, args.size()), out, err);
        } catch (Exception e) {
            err.println("zeropipe " + name + ": " + e);
            return 1;
        }
    }

    /** Every command on the class path, sorted by name. */
    public static List<CliCommand> commands() {
        List<CliCommand> commands = new ArrayList<>();
        commands.add(new HelpCommand());
        commands.add(new VersionCommand());
        ServiceLoader.load(CliCommand.class).forEach(commands::add);
        commands.sort(Comparator.comparing(CliCommand::name));
        return commands;
    }

    static Optional<CliCommand> find(List<CliCommand> commands, String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
