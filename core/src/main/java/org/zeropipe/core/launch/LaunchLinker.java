package org.zeropipe.core.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.zeropipe.core.caps.Caps;
import org.zeropipe.core.pipeline.Bin;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.ElementRegistry;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.pipeline.PadDirection;
import org.zeropipe.core.pipeline.PadLinkException;
import org.zeropipe.core.pipeline.PadListener;
import org.zeropipe.core.pipeline.PadPresence;
import org.zeropipe.core.pipeline.PadTemplate;

/**
 * Makes the links of a parsed description, in the order written: resolves references, puts a
 * capsfilter where caps were written, picks pads (named, free, requested, ghosted out of a
 * bin) and defers a link from a SOMETIMES pad until the pad appears.
 */
final class LaunchLinker {

    private final String text;
    private final Map<String, Element> named;

    LaunchLinker(String text, Map<String, Element> named) {
        this.text = text;
        this.named = named;
    }

    void linkAll(List<LinkSpec> links) {
        for (LinkSpec l : links) {
            Element src = resolve(l.src());
            Element sink = resolve(l.sink());
            String srcPad = l.src() instanceof Endpoint.Ref r ? r.pad() : null;
            String sinkPad = l.sink() instanceof Endpoint.Ref r ? r.pad() : null;
            if (l.caps() != null) {
                Element filter = ElementRegistry.make("capsfilter", null);
                filter.set("caps", l.caps());
                l.bin().add(filter);
                link(src, srcPad, filter, null, l.position(), l.src().position(), l.position());
                link(filter, null, sink, sinkPad, l.position(), l.position(), l.sink().position());
            } else {
                link(src, srcPad, sink, sinkPad, l.position(), l.src().position(), l.sink().position());
            }
        }
    }

    private Element resolve(Endpoint end) {
        return switch (end) {
            case Endpoint.Made m -> m.element();
            case Endpoint.Ref r -> {
                Element e = named.get(r.name());
                if (e == null) {
                    throw new LaunchParseException(text, r.position(), "no element named \"" + r.name() + "\""
                            + Suggestions.didYouMean(r.name(), named.keySet()));
                }
                yield e;
            }
        };
    }

    /** {@code at}: the '!'; {@code srcAt}, {@code sinkAt}: where each side is written (for pad errors). */
    private void link(Element src, String srcPadName, Element sink, String sinkPadName, int at, int srcAt, int sinkAt) {
        Pad sinkPad = pad(sink, sinkPadName, PadDirection.SINK, sinkPadName != null ? sinkAt : at);
        Pad srcPad = pad(src, srcPadName, PadDirection.SRC, srcPadName != null ? srcAt : at);
        if (srcPad == null) {
            if (sometimes(src, srcPadName)) {
                delay(src, srcPadName, sinkPad);
                return;
            }
            throw new LaunchParseException(text, at, "cannot link " + src.name() + " to " + sink.name() + ": "
                    + src.name() + " (" + src.factoryName() + ") has no free source pad" + padsOf(src));
        }
        try {
            srcPad.link(sinkPad);
        } catch (PadLinkException e) {
            throw new LaunchParseException(text, at, "cannot link " + src.name() + " to " + sink.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A pad of {@code e} in {@code dir}: the one named, else the first free one, else a requested or ghosted one. */
    private Pad pad(Element e, String name, PadDirection dir, int at) {
        String side = dir == PadDirection.SRC ? "source" : "sink";
        if (name != null) {
            Pad p = e.staticPad(name);
            if (p == null) {
                try {
                    p = request(e, name, dir);
                } catch (IllegalArgumentException | UnsupportedOperationException ex) {
                    throw new LaunchParseException(text, at, "cannot request pad \"" + name + "\" of " + e.name()
                            + ": " + ex.getMessage(), ex);
                }
            }
            if (p == null && !(dir == PadDirection.SRC && sometimes(e, name))) {
                throw new LaunchParseException(text, at, e.name() + " (" + e.factoryName() + ") has no " + side
                        + " pad \"" + name + "\"" + padsOf(e));
            }
            if (p != null && p.direction() != dir) {
                throw new LaunchParseException(text, at, e.name() + "." + name + " is not a " + side + " pad");
            }
            return p;
        }
        for (Pad p : dir == PadDirection.SRC ? e.srcPads() : e.sinkPads()) {
            if (!p.isLinked()) {
                return p;
            }
        }
        Pad p = request(e, null, dir);
        if (p == null && e instanceof Bin bin) {
            p = ghost(bin, dir);
        }
        if (p == null && dir == PadDirection.SINK) {
            throw new LaunchParseException(text, at, e.name() + " (" + e.factoryName() + ") has no free sink pad"
                    + padsOf(e));
        }
        return p;
    }

    /**
     * Requests a pad from a REQUEST template: named {@code name} when given (and not the
     * template's own name), else named by the element; null if no template fits.
     */
    static Pad request(Element e, String name, PadDirection dir) {
        for (PadTemplate t : e.padTemplates()) {
            if (t.direction() == dir && t.presence() == PadPresence.REQUEST && (name == null || matches(t, name))) {
                return e.requestPad(t.nameTemplate(), name == null || name.equals(t.nameTemplate()) ? null : name);
            }
        }
        return null;
    }

    private static boolean sometimes(Element e, String name) {
        return e.padTemplates().stream().anyMatch(t -> t.direction() == PadDirection.SRC
                && t.presence() == PadPresence.SOMETIMES && (name == null || matches(t, name)));
    }

    private static boolean matches(PadTemplate t, String name) {
        return t.nameTemplate().equals(name) || t.padIndex(name) >= 0;
    }

    /** Exposes the first free inner pad of {@code dir} in a bin (depth first) as a ghost pad. */
    private static Pad ghost(Bin bin, PadDirection dir) {
        List<Element> children = new ArrayList<>(bin.children());
        if (dir == PadDirection.SRC) {
            children = children.reversed(); // a bin's output is its last element's
        }
        for (Element child : children) {
            Pad target = null;
            for (Pad p : dir == PadDirection.SRC ? child.srcPads() : child.sinkPads()) {
                if (!p.isLinked()) {
                    target = p;
                    break;
                }
            }
            if (target == null && child instanceof Bin inner) {
                target = ghost(inner, dir);
            }
            if (target != null) {
                String base = dir == PadDirection.SRC ? "src" : "sink";
                String name = base;
                for (int i = 0; bin.staticPad(name) != null; i++) {
                    name = base + "_" + i;
                }
                return bin.addGhostPad(name, target);
            }
        }
        return null;
    }

    /** Links {@code sinkPad} to the first matching source pad {@code src} adds (GStreamer's delayed link). */
    private static void delay(Element src, String srcPadName, Pad sinkPad) {
        src.addPadListener(new PadListener() {
            private boolean done;

            @Override
            public void padAdded(Element element, Pad pad) {
                synchronized (this) {
                    if (done || !pad.isSrc() || pad.isLinked() || srcPadName != null && !pad.name().equals(srcPadName)) {
                        return;
                    }
                    done = true;
                }
                element.removePadListener(this);
                try {
                    pad.link(sinkPad);
                } catch (PadLinkException e) {
                    element.postError("delayed link failed: " + e.getMessage(), "launch syntax", e);
                }
            }
        });
    }

    private static String padsOf(Element e) {
        List<String> pads = new ArrayList<>();
        for (Pad p : e.pads()) {
            pads.add(p.name() + (p.isLinked() ? " (linked)" : ""));
        }
        List<String> templates = new ArrayList<>();
        for (PadTemplate t : e.padTemplates()) {
            if (t.presence() != PadPresence.ALWAYS) {
                templates.add(t.nameTemplate() + " (" + t.presence().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        return "; its pads: " + (pads.isEmpty() ? "none" : String.join(", ", pads))
                + (templates.isEmpty() ? "" : "; templates: " + String.join(", ", templates));
    }
}
