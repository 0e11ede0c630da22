package pavel.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.jsoup.parser.Parser;

/**
 * Proves that nodes put into an element stay where they were put when the document is written as HTML and parsed
 * again: the HTML parser moves some content ({@code <div>} inside {@code <p>}, text directly in {@code <tr>},
 * {@code <li>} inside {@code <li>}), and a document that parsing would restructure could not be replicated.
 *
 * <p>The check writes the start tags of the target's ancestors, then the nodes, parses that with the HTML5 rules
 * and compares. It costs the depth of the target plus the size of the nodes, never the document.
 *
 * <p>HTML tree construction looks only at tag names, at the {@code type} of an {@code <input>}, and at whether text
 * is all whitespace or starts with a newline; never at other attribute values or at what text says. So a placement
 * is proven once per <em>shape</em> (those facts of the ancestors and the nodes) and remembered: the same kind of
 * change to the same kind of place, the common case of a live document, skips the parse. Thread-safe.
 */
final class PlacementCheck {
    /** Shapes proven to stay in place. Bounded: a full cache starts over, which costs only re-proving. */
    private static final Set<String> PROVEN = ConcurrentHashMap.newKeySet();
    private static final int MAX_PROVEN = 8192;

    private PlacementCheck() {
    }

    /**
     * Throws {@link FragmentRefusedException} when {@code nodes}, placed in {@code parent} starting at child
     * {@code at}, would not parse back as the same nodes in the same place.
     */
    static void verify(Element parent, int at, List<? extends Node> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        String shape = shape(parent, at, nodes);
        if (shape != null && PROVEN.contains(shape)) {
            return;
        }
        parseAndCompare(parent, at, nodes);
        if (shape != null) {
            if (PROVEN.size() >= MAX_PROVEN) {
                PROVEN.clear();
            }
            PROVEN.add(shape);
        }
    }

    /** The full check, without the memory of proven shapes. */
    static void parseAndCompare(Element parent, int at, List<? extends Node> nodes) {
        Deque<Element> chain = new ArrayDeque<>();
        for (Element e = parent; e.parent != null; e = e.parent) {
            chain.push(e);
        }
        StringBuilder html = new StringBuilder();
        for (Element e : chain) {
            HtmlWriter.writeStartTag(e, html);
        }
        HtmlWriter.writeChildren(parent, nodes, at == 0, html);

        List<org.jsoup.nodes.Node> level = Parser.parseFragment(html.toString(), new org.jsoup.nodes.Element("body"), "");
        for (Element expected : chain) {
            if (level.size() != 1 || !(level.getFirst() instanceof org.jsoup.nodes.Element e)
                    || !e.normalName().equals(expected.name())) {
                throw refused(nodes.getFirst(), parent);
            }
            level = e.childNodes();
        }
        HtmlFragment.Converter converter = new HtmlFragment.Converter();
        List<Node> reparsed = converter.convert(level, 1);
        int n = Math.min(nodes.size(), reparsed.size());
        for (int i = 0; i < n; i++) {
            if (!nodes.get(i).contentEquals(reparsed.get(i))) {
                throw refused(nodes.get(i), parent);
            }
        }
        if (!converter.refusals.isEmpty() || reparsed.size() != nodes.size()) {
            throw refused(nodes.get(Math.min(n, nodes.size() - 1)), parent);
        }
    }

    /**
     * What tree construction can see of this placement, or null when a value holds what parsing would change
     * (CR, NUL), which only the full check can judge.
     */
    static @Nullable String shape(Element parent, int at, List<? extends Node> nodes) {
        StringBuilder key = new StringBuilder(64);
        Deque<Element> chain = new ArrayDeque<>();
        for (Element e = parent; e.parent != null; e = e.parent) {
            chain.push(e);
        }
        for (Element e : chain) {
            key.append(e.name()).append('/');
        }
        key.append(at == 0 ? "|0|" : "|1|");
        for (Node node : nodes) {
            if (!appendShape(node, key)) {
                return null;
            }
        }
        return key.toString();
    }

    private static boolean appendShape(Node node, StringBuilder key) {
        switch (node) {
            case Text t -> {
                String text = t.text();
                if (!isCacheable(text)) {
                    return false;
                }
                key.append(isHtmlWhitespace(text) ? "#w" : "#t").append(text.startsWith("\n") ? "n;" : ";");
            }
            case Element e -> {
                key.append('<').append(e.name());
                for (Attribute a : e.attributes()) {
                    if (!isCacheable(a.value())) {
                        return false;
                    }
                }
                if (e.name().equals("input")) {
                    String type = e.attribute("type");
                    key.append(' ').append(type == null ? "-" : type.toLowerCase(Locale.ROOT));
                }
                key.append('>');
                for (Node child : e.children()) {
                    if (!appendShape(child, key)) {
                        return false;
                    }
                }
                key.append("</>");
            }
        }
        return true;
    }

    /** False for CR, NUL and unpaired surrogates: values that parsing may not give back as they are. */
    private static boolean isCacheable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\0') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static boolean isHtmlWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static FragmentRefusedException refused(Node node, Element parent) {
        String what = switch (node) {
            case Element e -> "<" + e.name() + ">";
            case Text t -> "text \"" + abbreviate(t.text()) + "\"";
        };
        return new FragmentRefusedException(List.of(new Refusal(what,
                "cannot be placed inside <" + parent.name() + "> there: HTML parsing would move or change it")));
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
