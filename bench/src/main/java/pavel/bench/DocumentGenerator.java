package pavel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import pavel.model.Attribute;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.Node;
import pavel.model.Text;

/**
 * Builds seeded documents of about {@code n} nodes with the shape of a real page: {@code section}s and {@code div}s
 * holding lists and paragraphs, paragraphs holding text with {@code span}, {@code a} and {@code em} inside, ids on
 * about a quarter of the elements. The same seed and size always give the same document.
 *
 * <p>A node budget is split down the tree: a flow container with budget {@code b} and {@code r} levels left gets
 * about <code>b<sup>1/r</sup></code> children (jittered, at most 20), so fan-out grows with the size (a mean of
 * about 4 at 1k nodes and 6 at 100k, up to 20) while the depth stays at 7 or 8 element levels below the body, text
 * below that (run {@link BenchDocumentCheck} for the exact shape). Every nesting is one
 * that HTML parsing keeps as it is ({@code <p>} holds only inline content, {@code <a>} never holds {@code <a>},
 * {@code <ul>} only {@code <li>}), so ops placed in the document pass the model's placement check.
 *
 * <p>Not thread-safe; use one per document.
 */
final class DocumentGenerator {
    /** Flow levels (section, div, ul, li) below the body; inline levels come on top. */
    private static final int FLOW_LEVELS = 7;
    /** Inline levels (p, span, a, em) below a paragraph. */
    private static final int INLINE_LEVELS = 3;
    private static final int MAX_FAN_OUT = 20;
    private static final double ID_FRACTION = 0.25;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "x-ray", "yankee", "zulu"};

    private final Random random;
    private int nextId;

    private DocumentGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A document of about {@code nodes} nodes (elements and texts, the body included) from {@code seed}. */
    static Document generate(int nodes, long seed) {
        if (nodes < 10) {
            throw new IllegalArgumentException("A generated document needs at least 10 nodes, not " + nodes + ".");
        }
        DocumentGenerator generator = new DocumentGenerator(seed);
        List<Node> children = generator.children("body", nodes - 1, FLOW_LEVELS, false);
        return new Document(new Element("body", List.of(), children), 0);
    }

    /** An element of kind {@code name} whose subtree holds about {@code budget} nodes. */
    private Element element(String name, int budget, int levels, boolean insideLink) {
        List<Attribute> attributes = new ArrayList<>(2);
        if (random.nextDouble() < ID_FRACTION) {
            attributes.add(new Attribute("id", "e" + nextId++));
        }
        if (name.equals("a")) {
            attributes.add(new Attribute("href", "https://example.com/p/" + random.nextInt(10_000)));
        } else if (random.nextInt(8) == 0) {
            attributes.add(new Attribute("class", WORDS[random.nextInt(WORDS.length)]));
        }
        List<Node> children = children(name, budget - 1, levels, insideLink || name.equals("a"));
        return new Element(name, attributes, children);
    }

    /** The children of a {@code parent} element: about {@code budget} nodes in all. */
    private List<Node> children(String parent, int budget, int levels, boolean insideLink) {
        if (budget <= 0) {
            return List.of();
        }
        boolean inline = isInline(parent);
        if (levels <= 0 || budget <= 2) {
            return terminal(parent, budget);
        }
        int fanOut = (int) Math.round(Math.pow(budget, 1.0 / levels) * (0.6 + random.nextDouble()));
        fanOut = Math.clamp(fanOut, 1, Math.min(MAX_FAN_OUT, budget));

        // Inline content alternates text and elements; flow content is elements only (lists: only <li>).
        boolean[] text = new boolean[fanOut];
        int textSlots = 0;
        if ((inline || parent.equals("li")) && fanOut > 1) {
            boolean startWithText = random.nextBoolean();
            for (int i = 0; i < fanOut; i++) {
                text[i] = (i % 2 == 0) == startWithText;
                textSlots += text[i] ? 1 : 0;
            }
        }
        double[] weights = new double[fanOut];
        double total = 0;
        for (int i = 0; i < fanOut; i++) {
            if (!text[i]) {
                weights[i] = 0.5 + random.nextDouble();
                total += weights[i];
            }
        }
        int shared = budget - textSlots;
        List<Node> out = new ArrayList<>(fanOut);
        for (int i = 0; i < fanOut; i++) {
            if (text[i]) {
                out.add(new Text(sentence()));
            } else {
                int share = Math.max(1, (int) Math.round(shared * weights[i] / total));
                String kind = childKind(parent, share, insideLink);
                int childLevels = isInline(kind) && !inline ? Math.min(levels - 1, INLINE_LEVELS) : levels - 1;
                out.add(element(kind, share, childLevels, insideLink));
            }
        }
        return out;
    }

    /** What ends a branch: one text, or for a list one item. */
    private List<Node> terminal(String parent, int budget) {
        if (parent.equals("ul")) {
            return List.of(new Element("li", List.of(), budget >= 2 ? List.of(new Text(sentence())) : List.of()));
        }
        return List.of(new Text(sentence()));
    }

    /** The kind of a child of {@code parent} that gets {@code budget} nodes: big budgets go to flow containers. */
    private String childKind(String parent, int budget, boolean insideLink) {
        int pick = random.nextInt(100);
        return switch (parent) {
            case "body" -> pick < 80 ? "section" : "div";
            case "section", "div" -> {
                if (budget > 60) {
                    yield pick < 45 ? "div" : pick < 75 ? "ul" : "section";
                }
                yield pick < 55 ? "p" : pick < 80 ? "ul" : "div";
            }
            case "ul" -> "li";
            case "li" -> {
                if (budget > 60) {
                    yield pick < 60 ? "div" : "ul";
                }
                yield pick < 50 ? "p" : pick < 75 ? "span" : insideLink ? "em" : "a";
            }
            case "p", "span" -> pick < 45 ? "span" : pick < 80 && !insideLink ? "a" : "em";
            case "a" -> pick < 60 ? "span" : "em";
            case "em" -> "span";
            default -> throw new IllegalStateException("No children are generated for <" + parent + ">.");
        };
    }

    private static boolean isInline(String name) {
        return switch (name) {
            case "p", "span", "a", "em" -> true;
            default -> false;
        };
    }

    private String sentence() {
        int words = 1 + random.nextInt(6);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return out.toString();
    }
}
