package org.zeropipe.core.cli;

import java.util.HashMap;
import java.util.Map;

import org.zeropipe.core.pipeline.Bin;
import org.zeropipe.core.pipeline.Element;
import org.zeropipe.core.pipeline.Pad;
import org.zeropipe.core.trace.StatsReport;

/**
 * The pipeline as a Graphviz graph: one node per element, bins as clusters, one edge per link
 * labelled with its caps and memory type; a link into an element that copied is red.
 */
final class DotGraph {

    private DotGraph() {
    }

    static String of(Bin pipeline, StatsReport report) {
        Map<String, StatsReport.LinkStats> links = new HashMap<>();
        report.links().forEach(l -> links.put(l.src(), l));
        Map<String, Long> copies = new HashMap<>();
        report.elements().forEach(e -> copies.put(e.name(), e.copies()));
        StringBuilder nodes = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        walk(pipeline, nodes, edges, links, copies, "  ");
        return "digraph pipeline {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];\n"
                + "  edge [fontname=monospace, fontsize=9];\n" + nodes + edges + "}\n";
    }

    private static void walk(Bin bin, StringBuilder nodes, StringBuilder edges, Map<String, StatsReport.LinkStats> links,
            Map<String, Long> copies, String indent) {
        for (Element e : bin.children()) {
            if (e instanceof Bin inner) {
                nodes.append(indent).append("subgraph \"cluster_").append(esc(inner.name())).append("\" {\n")
                        .append(indent).append("  label=\"").append(esc(inner.name())).append("\";\n");
                walk(inner, nodes, edges, links, copies, indent + "  ");
                nodes.append(indent).append("}\n");
                continue;
            }
            long n = copies.getOrDefault(e.name(), 0L);
            nodes.append(indent).append('"').append(esc(e.name())).append("\" [label=\"").append(esc(e.name()))
                    .append("\\n(").append(esc(e.factoryName())).append(")").append(n > 0 ? "\\n" + n + " copies" : "")
                    .append('"').append(n > 0 ? ", color=red" : "").append("];\n");
            for (Pad p : e.srcPads()) {
                Pad peer = p.peer();
                if (peer == null || peer.element() == null || peer.element() instanceof Bin) {
                    continue; // links through ghost pads are drawn from their inner side only
                }
                Element sink = peer.element();
                StatsReport.LinkStats l = links.get(p.fullName());
                String label = l == null ? "" : (l.caps() == null ? "ANY" : l.caps()) + "\\n" + l.memory();
                boolean red = copies.getOrDefault(sink.name(), 0L) > 0;
                edges.append("  \"").append(esc(e.name())).append("\" -> \"").append(esc(sink.name()))
                        .append("\" [label=\"").append(esc(label)).append('"').append(red ? ", color=red" : "")
                        .append("];\n");
            }
        }
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\\\\n", "\\n");
    }
}
