package pavel.model;

import java.util.List;
import java.util.Set;

/**
 * The canonical HTML of nodes: attributes in their order, always double-quoted, the minimal escaping that HTML
 * parsing reverses exactly, no added whitespace. HTML parsing of the output gives the same tree back.
 */
final class HtmlWriter {
    /** Elements whose first newline the HTML parser drops; we write one more so that it survives. */
    private static final Set<String> LEADING_NEWLINE_DROPPED = Set.of("pre", "textarea", "listing");

    private HtmlWriter() {
    }

    static void write(Node node, StringBuilder out) {
        switch (node) {
            case Text t -> escape(t.text(), false, out);
            case Element e -> {
                writeStartTag(e, out);
                if (!e.isVoid()) {
                    writeChildren(e, e.children(), true, out);
                    out.append("</").append(e.name()).append('>');
                }
            }
        }
    }

    static void writeStartTag(Element e, StringBuilder out) {
        out.append('<').append(e.name());
        for (Attribute a : e.attributes()) {
            out.append(' ').append(a.name()).append("=\"");
            escape(a.value(), true, out);
            out.append('"');
        }
        out.append('>');
    }

    /**
     * Writes {@code nodes} as the content of {@code parent}; {@code first} says they start at its first child,
     * where a leading newline in {@code <pre>} or {@code <textarea>} needs the extra one.
     */
    static void writeChildren(Element parent, List<? extends Node> nodes, boolean first, StringBuilder out) {
        if (first && !nodes.isEmpty() && nodes.getFirst() instanceof Text t && t.text().startsWith("\n")
                && LEADING_NEWLINE_DROPPED.contains(parent.name())) {
            out.append('\n');
        }
        for (Node child : nodes) {
            write(child, out);
        }
    }

    private static void escape(String s, boolean inAttribute, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\u00a0' -> out.append("&nbsp;");
                case '\r' -> out.append("&#13;"); // a raw CR would be read back as LF
                case '"' -> out.append(inAttribute ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
    }
}
