package pavel.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of documents, HTML and text for property tests. Small vocabularies on purpose, so that names,
 * ids and positions collide often and paths select interesting sets.
 */
public final class RandomDocuments {
    public static final List<String> NAMES = List.of("div", "p", "span", "ul", "li", "b", "a", "section");
    public static final List<String> IDS = List.of("a", "b", "c", "main", "x y", "it's", "q\"uote");
    public static final List<String> CLASSES = List.of("red", "blue", "red blue", "");
    private static final String[] TEXT_PIECES = {"hi", " ", "x", "<", ">", "&", "\"", "'", "\n", "\u00a0", "é",
            "&amp;", "😀", "  two  ", "\t"};

    private RandomDocuments() {
    }

    /** Scale of the property runs: 1 in ./pavel test, larger with --long. */
    public static int scale() {
        return Integer.getInteger("pavel.test.scale", 1);
    }

    /** A tree built with the constructors (not parsed): any nesting, for path evaluation. */
    public static Element tree(Random random, int maxDepth, int maxChildren) {
        return new Element("body", attributes(random, "body"), children(random, maxDepth, maxChildren));
    }

    private static List<Node> children(Random random, int depth, int maxChildren) {
        List<Node> children = new ArrayList<>();
        if (depth <= 0) {
            return children;
        }
        int n = random.nextInt(maxChildren + 1);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(4) == 0) {
                children.add(new Text(text(random)));
            } else {
                String name = NAMES.get(random.nextInt(NAMES.size()));
                children.add(new Element(name, attributes(random, name), children(random, depth - 1, maxChildren)));
            }
        }
        return children;
    }

    static List<Attribute> attributes(Random random, String element) {
        List<Attribute> attributes = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            attributes.add(new Attribute("id", IDS.get(random.nextInt(IDS.size()))));
        }
        if (random.nextInt(3) == 0) {
            attributes.add(new Attribute("class", CLASSES.get(random.nextInt(CLASSES.size()))));
        }
        if (random.nextInt(5) == 0) {
            attributes.add(new Attribute("data-n", Integer.toString(random.nextInt(3))));
        }
        if (random.nextBoolean()) {
            java.util.Collections.shuffle(attributes, random);
        }
        return attributes;
    }

    public static String text(Random random) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
        }
        return out.toString();
    }

    private static final String[] TAGS = {"div", "p", "span", "b", "i", "em", "a href=\"/x\"", "ul", "ol", "li",
            "table", "tbody", "thead", "tr", "td", "th", "caption", "pre", "textarea", "button", "form", "select",
            "option", "h1", "h2", "section", "code", "label", "dl", "dt", "dd", "blockquote", "details", "summary",
            "strong", "small", "figure", "figcaption", "fieldset", "legend"};
    private static final String[] VOIDS = {"br", "hr", "img src=\"a.png\" alt=\"\"", "input type=\"text\"",
            "input type=\"hidden\" name=\"h\"", "input"};

    /** Messy but allowed HTML: unclosed and misnested tags, the parser's favourite cases, entities, newlines. */
    public static String html(Random random, int pieces) {
        StringBuilder out = new StringBuilder();
        List<String> open = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            int roll = random.nextInt(10);
            if (roll < 3) {
                String tag = TAGS[random.nextInt(TAGS.length)];
                out.append('<').append(tag);
                if (random.nextInt(3) == 0) {
                    out.append(" id=\"").append(IDS.get(random.nextInt(3))).append('"');
                }
                if (random.nextInt(4) == 0) {
                    out.append(" class='").append(CLASSES.get(random.nextInt(CLASSES.size()))).append('\'');
                }
                out.append('>');
                open.add(tag.split(" ")[0]);
            } else if (roll < 5 && !open.isEmpty()) {
                // Mostly close the innermost tag, sometimes another (misnesting).
                int k = random.nextInt(4) == 0 ? random.nextInt(open.size()) : open.size() - 1;
                out.append("</").append(open.remove(k)).append('>');
            } else if (roll < 6) {
                out.append('<').append(VOIDS[random.nextInt(VOIDS.length)]).append('>');
            } else {
                out.append(random.nextInt(8) == 0 ? "\n" : "").append(text(random).replace("<", "&lt;"));
            }
        }
        return out.toString();
    }
}
