package pavel.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jsoup.parser.Parser;

/**
 * Proves that nodes put into an element stay where they were put when the document is written as HTML and parsed
 * again: the HTML parser moves some content ({@code <div>} inside {@code <p>}, text directly in {@code <tr>},
 * {@code <li>} inside {@code <li>}), and a document that parsing would restructure could not be replicated.
 *
 * <p>The check writes the start tags of the target's ancestors, then the nodes, parses that with the HTML5 rules
 * and compares. It costs the depth of the target plus the size of the nodes, never the document.
 */
final class PlacementCheck {
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
        if (!converter.refusals.isEmpty() || reparsed.size() != nodes.size()) {
            throw refused(nodes.getFirst(), parent);
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).contentEquals(reparsed.get(i))) {
                throw refused(nodes.get(i), parent);
            }
        }
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
