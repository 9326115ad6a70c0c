package org.zeropipe.core.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.caps.CapsParseException;
import org.zeropipe.core.pipeline.Bin;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.ElementFactory;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.Pipeline;
import org.zeropipe.core.pipeline.PropertySpec;

/**
 * Builds a {@link Pipeline} from gst-launch-1.0's syntax:
 *
 * <pre>
 * description := chain*  |  'pipeline.(' prop* description ')'
 * chain       := item ( '!' [caps '!'] item )*
 * item        := factory prop*  |  name '.' [pad]  |  [type '.'] '(' prop* description ')'
 * prop        := key '=' value               key: a property, child::...::property on a bin,
 *                                            or pad::property on an element (sink_0::xpos)
 * value       := "double quoted" | 'single quoted' | unquoted text up to a space, '!' or ')'
 * </pre>
 *
 * Caps between two {@code !} become a capsfilter. References ({@code t.}, {@code t.src_0})
 * name an element given {@code name=} anywhere in the text, before or after; a pad named
 * after a request template ({@code t.src_5}) is requested with that name. A bin in
 * parentheses ({@code bin} unless a type such as {@code bin.(} names another factory whose
 * elements are bins) takes the properties written first inside it, set once its contents are
 * made (so {@code child::prop} reaches them), and is linked through ghost pads on its first
 * free inner pads. {@code pipeline.( … )} may only be the whole description: it is the
 * pipeline returned, with its properties. A link from an
 * element that has no such pad yet but a SOMETIMES template is made when the pad appears
 * ({@link org.zeropipe.core.pipeline.PadListener}). Every problem is a
 * {@link LaunchParseException} with its position in the text.
 */
public final class LaunchParser {

    private final String text;
    private int pos;
    private final Map<String, Element> named = new LinkedHashMap<>();
    private final List<LinkSpec> links = new ArrayList<>();
    // pad::property settings for request pads the links will make (set after linking).
    private final List<PadAssignment> padAssignments = new ArrayList<>();

    private LaunchParser(String text) {
        this.text = text;
    }

    /**
     * Parses {@code description} and returns the pipeline in state NULL, linked as written.
     *
     * @throws LaunchParseException naming the position and the problem
     */
    public static Pipeline parse(String description) {
        LaunchParser p = new LaunchParser(description);
        Pipeline pipeline = p.wholePipeline();
        if (pipeline.children().isEmpty()) {
            throw p.error(0, "empty pipeline description");
        }
        new LaunchLinker(description, p.named).linkAll(p.links);
        p.setPadProperties();
        return pipeline;
    }

    /** The description as a pipeline: {@code pipeline.( … )} if it is written so, else a new one. */
    private Pipeline wholePipeline() {
        skipSpace();
        int start = pos;
        if (!text.startsWith(PIPELINE_BIN, pos)) {
            Pipeline pipeline = new Pipeline();
            chains(pipeline, false);
            return pipeline;
        }
        pos += PIPELINE_BIN.length();
        Pipeline pipeline = (Pipeline) bin(null, "pipeline", start);
        skipSpace();
        if (pos < text.length()) {
            throw error(pos, "nothing may follow pipeline.( … ): it is the whole description");
        }
        return pipeline;
    }

    private static final String PIPELINE_BIN = "pipeline.(";

    // ----------------------------------------------------------------------------------------
    // Grammar

    private void chains(Bin bin, boolean inParens) {
        Endpoint prev = null;
        int bang = -1; // position of a '!' still waiting for its right side
        Caps caps = null;
        while (true) {
            skipSpace();
            if (pos >= text.length() || peek() == ')') {
                if (bang >= 0) {
                    throw error(pos, "expected an element after '!'");
                }
                if (pos >= text.length() && inParens) {
                    throw error(pos, "expected ')' to close the bin");
                }
                if (pos < text.length() && !inParens) {
                    throw error(pos, "unexpected ')': no bin is open");
                }
                return;
            }
            char c = peek();
            int start = pos;
            Endpoint item;
            if (c == '!') {
                if (prev == null) {
                    throw error(pos, "'!' needs an element before it");
                }
                if (bang >= 0) {
                    throw error(pos, "expected an element between '!' and '!'");
                }
                bang = pos++;
                skipSpace();
                if (looksLikeCaps()) {
                    caps = caps();
                }
                continue;
            } else if (c == '(') {
                pos++;
                item = new Endpoint.Made(bin(bin, "bin", start), start);
            } else {
                String word = word();
                if (word.isEmpty()) {
                    throw error(pos, "expected an element, a name.pad reference or '(' here, not '" + c + "'");
                }
                if (word.endsWith(".") && peek() == '(') { // a typed bin: bin.( … )
                    pos++;
                    item = new Endpoint.Made(bin(bin, word.substring(0, word.length() - 1), start), start);
                    if (bang >= 0) {
                        links.add(new LinkSpec(prev, item, caps, bin, bang));
                        bang = -1;
                        caps = null;
                    }
                    prev = item;
                    continue;
                }
                skipSpace();
                if (peek() == '=') {
                    throw error(start, "property '" + word + "' must follow its element's name"
                            + (prev != null ? " (a property cannot follow '!' or a reference)" : ""));
                }
                int dot = word.indexOf('.');
                if (dot == 0) {
                    throw error(start, "expected an element name before '.'");
                } else if (dot > 0) {
                    String pad = word.substring(dot + 1);
                    item = new Endpoint.Ref(word.substring(0, dot), pad.isEmpty() ? null : pad, start);
                } else if (word.contains("/")) {
                    throw error(start, "caps must stand between two '!' (element ! caps ! element)");
                } else {
                    item = new Endpoint.Made(element(bin, word, start), start);
                }
            }
            if (bang >= 0) {
                links.add(new LinkSpec(prev, item, caps, bin, bang));
                bang = -1;
                caps = null;
            }
            prev = item;
        }
    }

    /** A factory name was read; reads its properties and makes the element. */
    private Element element(Bin bin, String factoryName, int start) {
        ElementFactory factory = ElementRegistry.find(factoryName);
        if (factory == null) {
            List<String> known = ElementRegistry.factories().stream().map(ElementFactory::name).toList();
            throw error(start, "no element \"" + factoryName + "\"" + Suggestions.didYouMean(factoryName, known));
        }
        List<Assignment> props = properties();
        Element e = make(factory, nameOf(props), start);
        for (Assignment a : props) {
            set(e, a);
        }
        name(e, start);
        bin.add(e);
        return e;
    }

    /**
     * A bin whose '(' was just read: its properties, its contents up to ')', then the
     * properties set (children exist by then). {@code parent} null: the whole pipeline.
     */
    private Bin bin(Bin parent, String type, int start) {
        List<Assignment> props = properties();
        String name = nameOf(props);
        Bin bin;
        if (type.equals("pipeline")) {
            if (parent != null) {
                throw error(start, "pipeline.( … ) must be the whole description; use bin.( … ) inside it");
            }
            bin = new Pipeline(name);
        } else if (type.equals("bin")) {
            bin = new Bin(name);
        } else {
            ElementFactory factory = ElementRegistry.find(type);
            if (factory == null) {
                List<String> known = ElementRegistry.factories().stream().map(ElementFactory::name).toList();
                throw error(start, "no bin type \"" + type + "\"" + Suggestions.didYouMean(type, known)
                        + " (bin.( … ) and pipeline.( … ) are built in)");
            }
            if (!(make(factory, name, start) instanceof Bin made)) {
                throw error(start, type + " is not a bin: " + type + ".( … ) needs an element that holds others");
            }
            bin = made;
        }
        if (parent != null) {
            name(bin, start);
            parent.add(bin);
        }
        chains(bin, true);
        pos++; // the ')' chains() stopped at
        for (Assignment a : props) {
            set(bin, a);
        }
        return bin;
    }

    private Element make(ElementFactory factory, String name, int start) {
        try {
            return factory.create(name);
        } catch (RuntimeException ex) {
            throw error(start, "could not make " + factory.name() + ": " + ex.getMessage(), ex);
        }
    }

    /** Records an element's name for references; names are unique in the whole description. */
    private void name(Element e, int start) {
        if (named.putIfAbsent(e.name(), e) != null) {
            throw error(start, "an element named \"" + e.name() + "\" already exists");
        }
    }

    /** Reads {@code key=value} pairs while they come. */
    private List<Assignment> properties() {
        List<Assignment> props = new ArrayList<>();
        while (true) {
            int save = pos;
            skipSpace();
            int keyAt = pos;
            String key = word();
            skipSpace();
            if (key.isEmpty() || key.contains(".") || peek() != '=') {
                pos = save;
                return props;
            }
            pos++;
            skipSpace();
            int valueAt = pos;
            props.add(new Assignment(key, value(key), keyAt, valueAt));
        }
    }

    /** Removes {@code name=} from {@code props} and returns its value (checked), or null. */
    private String nameOf(List<Assignment> props) {
        String name = null;
        for (var it = props.iterator(); it.hasNext();) {
            Assignment a = it.next();
            if (a.key.equals("name")) {
                it.remove();
                name = a.value;
                if (named.containsKey(name)) {
                    throw error(a.valueAt, "an element named \"" + name + "\" already exists");
                }
                if (name.isEmpty() || name.contains(".")) {
                    throw error(a.valueAt, "an element name must be non-empty and without '.'");
                }
            }
        }
        return name;
    }

    private void set(Element e, Assignment a) {
        int child = a.key.indexOf("::");
        if (child >= 0) {
            setOnChild(e, a, child);
            return;
        }
        PropertySpec<?> spec = e.propertySpecs().stream().filter(s -> s.name().equals(a.key)).findFirst().orElse(null);
        if (spec == null) {
            List<String> known = e.propertySpecs().stream().map(PropertySpec::name).toList();
            throw error(a.keyAt, e.factoryName() + " has no property '" + a.key + "'"
                    + Suggestions.didYouMean(a.key, known) + " (its properties: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        try {
            e.setFromString(a.key, a.value);
        } catch (IllegalArgumentException ex) {
            if (ex.getCause() instanceof CapsParseException caps) {
                // Placed in the whole text (exact unless the quoted value held backslash escapes).
                throw error(a.valueAt + quoteShift(a.valueAt) + caps.position(), "bad caps for property '"
                        + a.key + "': " + caps.expected(), caps);
            }
            throw error(a.valueAt, ex.getMessage(), ex);
        }
    }

    /**
     * {@code child::rest=value}: on a bin (GStreamer's child proxy), sets {@code rest} on its
     * child; on another element, {@code child} names a pad ({@code sink_0::xpos=10}), requested
     * from a REQUEST template when the element does not have it yet, as GStreamer's aggregators do.
     */
    private void setOnChild(Element e, Assignment a, int sep) {
        String childName = a.key.substring(0, sep);
        int skip = sep + 2;
        Assignment rest = new Assignment(a.key.substring(skip), a.value, a.keyAt + skip, a.valueAt);
        if (!(e instanceof Bin bin)) {
            Pad pad = e.staticPad(childName);
            if (pad != null) {
                setOnPad(e, pad, rest);
            } else {
                checkRequestable(e, childName, a);
                padAssignments.add(new PadAssignment(e, childName, a, rest));
            }
            return;
        }
        Element child = bin.byName(childName);
        if (child == null) {
            List<String> children = bin.children().stream().map(Element::name).toList();
            throw error(a.keyAt, bin.name() + " has no child named '" + childName + "'"
                    + Suggestions.didYouMean(childName, children) + " (its children: "
                    + (children.isEmpty() ? "none" : String.join(", ", children)) + ")");
        }
        set(child, rest);
    }

    /**
     * Sets the pad properties of request pads once the links are made, as gst-launch sets them
     * when the pad appears: links request pads in the order written ({@code sink_0} for the first
     * link), so {@code sink_1::xpos} reaches the pad of the second link. A pad no link made is
     * an error: gst-launch's setting waits for a pad that never comes, and requesting it here
     * would leave an unlinked pad that an aggregator waits on forever.
     */
    private void setPadProperties() {
        for (PadAssignment pa : padAssignments) {
            Pad pad = pa.element().staticPad(pa.padName());
            if (pad != null) {
                setOnPad(pa.element(), pad, pa.property());
                continue;
            }
            // Requested only to check the property (its errors are the more precise), then released.
            try {
                pad = LaunchLinker.request(pa.element(), pa.padName(), PadDirection.SINK);
                if (pad == null) {
                    pad = LaunchLinker.request(pa.element(), pa.padName(), PadDirection.SRC);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException ex) {
                throw error(pa.whole().keyAt, "cannot request pad '" + pa.padName() + "' of "
                        + pa.element().name() + ": " + ex.getMessage(), ex);
            }
            try {
                setOnPad(pa.element(), pad, pa.property());
            } finally {
                pa.element().releaseRequestPad(pad);
            }
            throw error(pa.whole().keyAt, pa.whole().key + ": no link makes pad " + pa.padName() + " of "
                    + pa.element().name() + " (link one to it, e.g. '... ! " + pa.element().name() + "."
                    + pa.padName() + "')");
        }
    }

    /** Throws unless {@code e} has a REQUEST template that makes a pad named {@code padName}. */
    private void checkRequestable(Element e, String padName, Assignment a) {
        boolean fits = e.padTemplates().stream().anyMatch(t -> t.presence() == PadPresence.REQUEST
                && (t.padIndex(padName) >= 0 || t.nameTemplate().equals(padName)));
        if (!fits) {
            List<String> pads = e.pads().stream().map(Pad::name).toList();
            throw error(a.keyAt, e.name() + " (" + e.factoryName() + ") is not a bin and has no pad '" + padName
                    + "' for '" + a.key + "'" + Suggestions.didYouMean(padName, pads) + " (its pads: "
                    + (pads.isEmpty() ? "none" : String.join(", ", pads)) + ")");
        }
    }

    private record PadAssignment(Element element, String padName, Assignment whole, Assignment property) {
    }

    private void setOnPad(Element e, Pad pad, Assignment a) {
        List<String> known = pad.propertySpecs().stream().map(PropertySpec::name).toList();
        if (!known.contains(a.key)) {
            throw error(a.keyAt, "pad " + pad.fullName() + " of " + e.factoryName() + " has no property '" + a.key + "'"
                    + Suggestions.didYouMean(a.key, known) + " (its properties: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        try {
            pad.setFromString(a.key, a.value);
        } catch (IllegalArgumentException ex) {
            throw error(a.valueAt, ex.getMessage(), ex);
        }
    }

    private int quoteShift(int at) {
        return at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\'') ? 1 : 0;
    }

    private record Assignment(String key, String value, int keyAt, int valueAt) {
    }

    // ----------------------------------------------------------------------------------------
    // Lexical pieces

    /** Whether the text at pos is caps: a word with '/' before any space, '=', ',' or '!'. */
    private boolean looksLikeCaps() {
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/') {
                return i > pos;
            }
            if (Character.isWhitespace(c) || c == '=' || c == ',' || c == '!' || c == '(' || c == ')' || c == '.') {
                return false;
            }
        }
        return false;
    }

    /** Reads caps up to the next '!' outside quotes, which must follow them. */
    private Caps caps() {
        int start = pos;
        char quote = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '!') {
                break;
            }
            pos++;
        }
        pos = Math.min(pos, text.length());
        if (pos >= text.length()) {
            throw error(pos, "expected '!' after the caps (element ! caps ! element)");
        }
        String capsText = text.substring(start, pos).stripTrailing();
        pos++; // the '!'
        try {
            return Caps.parse(capsText);
        } catch (CapsParseException ex) {
            throw error(start + ex.position(), "invalid caps: " + ex.expected(), ex);
        }
    }

    /** A run of characters that are not space, quotes, '!', '(', ')' or '='. */
    private String word() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '!' || c == '(' || c == ')' || c == '=' || c == '"' || c == '\'') {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    /** A property value: quoted (backslash escapes the next character) or up to a space, '!' or ')'. */
    private String value(String key) {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        if (pos < text.length() && (peek() == '"' || peek() == '\'')) {
            char quote = text.charAt(pos++);
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                sb.append(c);
            }
            if (pos >= text.length()) {
                throw error(start, "unterminated " + quote + " in the value of '" + key + "'");
            }
            pos++;
            return sb.toString();
        }
        int depth = 0; // unquoted caps values may hold (memory:GLMemory)
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '!' || c == ')' && depth == 0) {
                break;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            pos++;
        }
        if (pos == start) {
            throw error(start, "expected a value for property '" + key + "'");
        }
        return text.substring(start, pos);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private LaunchParseException error(int at, String problem) {
        return new LaunchParseException(text, at, problem);
    }

    private LaunchParseException error(int at, String problem, Throwable cause) {
        return new LaunchParseException(text, at, problem, cause);
    }
}
