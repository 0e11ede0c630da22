package pavel.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;

/**
 * Parses HTML into detached, sanitized model nodes with the HTML5 rules (jsoup), the way a browser parses
 * {@code innerHTML} of an element of the same name.
 *
 * <pre>{@code
 * List<Node> nodes = HtmlFragment.parse("<li>one</li><li>two</li>", "ul");
 * Element body = HtmlFragment.parseBody("<body class=\"dark\"><h1>Hi</h1></body>");
 * }</pre>
 *
 * Anything the allow-list of {@link HtmlPolicy} does not allow makes the whole fragment fail with a
 * {@link FragmentRefusedException} that names each refused element and attribute. Comments and doctypes are not
 * content and are not kept. Thread-safe.
 */
public final class HtmlFragment {
    private HtmlFragment() {
    }

    /** Parses {@code html} as the content of a {@code <body>}. */
    public static List<Node> parse(String html) {
        return parse(html, "body");
    }

    /** Parses {@code html} as the content of an element named {@code context} ({@code "ul"}, {@code "tr"}…). */
    public static List<Node> parse(String html, String context) {
        var parsed = Parser.parseFragment(normalizeNewlines(html), new org.jsoup.nodes.Element(context), "");
        Converter converter = new Converter();
        List<Node> nodes = converter.convert(parsed, 1);
        converter.throwIfRefused();
        return nodes;
    }

    /**
     * Parses a whole document into its {@code <body>} element: either {@code <body …>…</body>} (or a full
     * {@code <html>} document), whose body attributes are kept, or just the body's content.
     */
    public static Element parseBody(String html) {
        String start = html.stripLeading().toLowerCase(Locale.ROOT);
        if (!(start.startsWith("<body") || start.startsWith("<html") || start.startsWith("<!doctype"))) {
            return new Element("body", List.of(), parse(html));
        }
        var document = Jsoup.parse(normalizeNewlines(html));
        Converter converter = new Converter();
        for (var element : document.head().children()) {
            converter.refusals.add(new Refusal("<" + element.normalName() + ">", "only the body of a document is kept"));
        }
        List<Attribute> attributes = converter.attributes(document.body());
        List<Node> children = converter.convert(document.body().childNodes(), 1);
        converter.throwIfRefused();
        return new Element("body", attributes, children);
    }

    /**
     * CR LF and lone CR become LF before tokenizing, as the HTML standard's input stream does (§13.2.3.5) and jsoup
     * does not: otherwise a raw CR would reach the document here and not in a browser. A CR written as
     * {@code &#13;} stays, as in browsers.
     */
    private static String normalizeNewlines(String html) {
        return html.indexOf('\r') < 0 ? html : html.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Turns jsoup nodes into model nodes, collecting every refusal instead of stopping at the first. */
    static final class Converter {
        final List<Refusal> refusals = new ArrayList<>();
        private boolean tooDeepReported;

        List<Node> convert(List<org.jsoup.nodes.Node> nodes, int depth) {
            List<Node> out = new ArrayList<>(nodes.size());
            for (var node : nodes) {
                switch (node) {
                    case org.jsoup.nodes.TextNode text -> {
                        String value = text.getWholeText();
                        if (value.isEmpty()) {
                            continue;
                        }
                        if (!out.isEmpty() && out.getLast() instanceof Text previous) {
                            out.set(out.size() - 1, new Text(previous.text() + value));
                        } else {
                            out.add(new Text(value));
                        }
                    }
                    case org.jsoup.nodes.Element element -> {
                        Element converted = element(element, depth);
                        if (converted != null) {
                            out.add(converted);
                        }
                    }
                    case org.jsoup.nodes.DataNode data -> refusals.add(
                            new Refusal("raw data in <" + data.nodeName() + ">", "script and style content is not allowed"));
                    default -> {
                        // Comments, doctypes and XML declarations are not content.
                    }
                }
            }
            return out;
        }

        private @org.jspecify.annotations.Nullable Element element(org.jsoup.nodes.Element element, int depth) {
            String name = element.normalName();
            Refusal refusal = Names.isTagName(name) ? HtmlPolicy.checkElement(name)
                    : new Refusal("<" + name + ">", "not an allowed element");
            if (refusal != null) {
                refusals.add(refusal);
                return null;
            }
            if (depth > Document.MAX_DEPTH) {
                if (!tooDeepReported) {
                    tooDeepReported = true;
                    refusals.add(new Refusal("<" + name + ">", "nests deeper than " + Document.MAX_DEPTH + " levels"));
                }
                return null;
            }
            List<Attribute> attributes = attributes(element);
            List<Node> children = convert(element.childNodes(), depth + 1);
            return refusals.isEmpty() ? new Element(name, attributes, children) : null;
        }

        List<Attribute> attributes(org.jsoup.nodes.Element element) {
            List<Attribute> attributes = new ArrayList<>(element.attributesSize());
            for (var attribute : element.attributes()) {
                String name = attribute.getKey();
                String value = attribute.getValue();
                Refusal refusal = Names.isAttributeName(name)
                        ? HtmlPolicy.checkAttribute(element.normalName(), name, value)
                        : new Refusal("attribute " + name + " on <" + element.normalName() + ">",
                                "not an allowed attribute");
                if (refusal != null) {
                    refusals.add(refusal);
                } else {
                    attributes.add(new Attribute(name, value));
                }
            }
            return attributes;
        }

        void throwIfRefused() {
            if (!refusals.isEmpty()) {
                throw new FragmentRefusedException(refusals);
            }
        }
    }
}
