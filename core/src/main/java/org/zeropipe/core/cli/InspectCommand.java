package org.zeropipe.core.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.launch.Suggestions;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadTemplate;
import org.zeropipe.core.pipeline.PropertySpec;

/** {@code ./zeropipe inspect [NAME]}: gst-inspect-1.0 for the elements on the class path. */
public final class InspectCommand implements CliCommand {

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "list the elements, or show one element's pads, caps templates and properties";
    }

    @Override
    public String usage() {
        return """
                usage: ./zeropipe inspect          every element: name, klass and description
                       ./zeropipe inspect NAME     its pad templates (with caps), pads and properties
                                                   (type, default, range)
                Exit status: 0 done, 1 no such element (the closest names are suggested), 2 bad usage.""";
    }

    @Override
    public int run(List<String> args, PrintStream out0, PrintStream err0) {
        PrintStream out = new PrintStream(out0, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(err0, true, StandardCharsets.UTF_8);
        if (args.size() > 1 || args.stream().anyMatch(a -> a.startsWith("-"))) {
            err.println(usage());
            return 2;
        }
        List<ElementFactory> factories = ElementRegistry.factories();
        if (args.isEmpty()) {
            for (ElementFactory f : factories) {
                out.printf(Locale.ROOT, "%-14s %-16s %s%n", f.name(), klass(f), f.description());
            }
            out.println();
            out.println("Total: " + factories.size() + " elements");
            return 0;
        }
        String name = args.getFirst();
        ElementFactory f = ElementRegistry.find(name);
        if (f == null) {
            err.println("zeropipe inspect: no element \"" + name + "\""
                    + Suggestions.didYouMean(name, factories.stream().map(ElementFactory::name).toList()));
            return 1;
        }
        out.print(details(f));
        return 0;
    }

    /**
     * The klass the provider declared, else one derived from what the element is: Source, Sink,
     * or Filter in between (marked as derived).
     */
    static String klass(ElementFactory f) {
        if (f.klass() != null) {
            return f.klass();
        }
        Element e = f.create(null);
        return (e.isSource() ? "Source" : e.isSink() ? "Sink" : "Filter") + " (derived)";
    }

    static String details(ElementFactory f) {
        Element e = f.create(null);
        StringBuilder sb = new StringBuilder();
        sb.append("Factory Details:\n");
        sb.append(String.format(Locale.ROOT, "  %-24s %s%n", "Name", f.name()));
        sb.append(String.format(Locale.ROOT, "  %-24s %s%n", "Klass", klass(f)));
        sb.append(String.format(Locale.ROOT, "  %-24s %s%n", "Description", f.description()));
        if (f.longDescription() != null) {
            sb.append(wrap("Long description", f.longDescription()));
        }
        sb.append(String.format(Locale.ROOT, "  %-24s %s%n%n", "Class", e.getClass().getName()));
        sb.append("Pad Templates:\n");
        List<PadTemplate> templates = e.padTemplates();
        if (templates.isEmpty()) {
            templates = e.pads().stream().map(Pad::template).filter(t -> t != null).toList();
        }
        if (templates.isEmpty()) {
            sb.append("  none\n");
        }
        for (PadTemplate t : templates) {
            sb.append("  ").append(t.direction()).append(" template: '").append(t.nameTemplate()).append("'\n");
            sb.append("    Availability: ").append(title(t.presence().name())).append('\n');
            sb.append("    Capabilities:\n").append(caps(t.caps())).append('\n');
        }
        sb.append("Pads:\n");
        if (e.pads().isEmpty()) {
            sb.append("  none\n");
        }
        for (Pad p : e.pads()) {
            sb.append("  ").append(p.direction()).append(": '").append(p.name()).append("'\n");
            if (p.template() != null) {
                sb.append("    Pad Template: '").append(p.template().nameTemplate()).append("'\n");
            }
        }
        sb.append("\nElement Properties:\n");
        sb.append(String.format(Locale.ROOT, "  %-20s: %s%n", "name", "The name of the object"));
        sb.append(String.format(Locale.ROOT, "  %-20s  %s%n", "", "String. Default: \"" + f.name() + "0\" (automatic)"));
        properties(sb, e.propertySpecs());
        for (PadTemplate t : templates) {
            List<PropertySpec<?>> padProps = requestPadProperties(f, t);
            if (!padProps.isEmpty()) {
                sb.append("\nPad Properties ('").append(t.nameTemplate()).append("'):\n");
                properties(sb, padProps);
            }
        }
        return sb.toString();
    }

    private static void properties(StringBuilder sb, List<PropertySpec<?>> specs) {
        for (PropertySpec<?> s : specs) {
            sb.append(String.format(Locale.ROOT, "  %-20s: %s%n", s.name(), s.description()));
            sb.append(String.format(Locale.ROOT, "  %-20s  %s%n", "", type(s)));
        }
    }

    /** The properties of a pad made from REQUEST template {@code t} (an aggregator's xpos, …), on a throwaway element. */
    private static List<PropertySpec<?>> requestPadProperties(ElementFactory f, PadTemplate t) {
        if (t.presence() != org.zeropipe.core.pipeline.PadPresence.REQUEST) {
            return List.of();
        }
        try {
            return f.create(null).requestPad(t.nameTemplate()).propertySpecs();
        } catch (RuntimeException ex) {
            return List.of();
        }
    }

    /** {@code title} then {@code text} wrapped at 100 columns, continuation lines indented under it. */
    private static String wrap(String title, String text) {
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-24s", title));
        int indent = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > indent && line.length() + 1 + word.length() > 100) {
                sb.append(line).append('\n');
                line = new StringBuilder(" ".repeat(indent));
            }
            line.append(' ').append(word);
        }
        return sb.append(line).append('\n').toString();
    }

    private static String type(PropertySpec<?> s) {
        StringBuilder sb = new StringBuilder();
        Class<?> t = s.type();
        if (t.isEnum()) {
            sb.append("Enum \"").append(t.getSimpleName()).append("\". Values: ");
            Object[] constants = t.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(enumName(constants[i]));
            }
        } else {
            sb.append(t.getSimpleName()).append('.');
            if (s.min() != null) {
                sb.append(" Range: ").append(s.min()).append(" - ").append(s.max());
            }
        }
        Object def = s.defaultValue();
        sb.append(" Default: ").append(def == null ? "null" : def instanceof String str ? "\"" + str + "\""
                : t.isEnum() ? enumName(def) : def);
        return sb.toString();
    }

    private static String enumName(Object constant) {
        return ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String caps(Caps caps) {
        if (caps.isAny()) {
            return "      ANY\n";
        }
        if (caps.isEmpty()) {
            return "      EMPTY\n";
        }
        StringBuilder sb = new StringBuilder();
        for (String structure : caps.toString().split("; ")) {
            sb.append("      ").append(structure).append('\n');
        }
        return sb.toString();
    }

    private static String title(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
    }
}
