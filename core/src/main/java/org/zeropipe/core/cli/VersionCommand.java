package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code ./zeropipe version}: the project version and the Java runtime it runs on. */
final class VersionCommand implements CliCommand {

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print zeropipe's version and the Java runtime";
    }

    @Override
    public String usage() {
        return "usage: ./zeropipe version";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println(usage());
            return 2;
        }
        out.println("zeropipe " + Version.current());
        out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        return 0;
    }
}
