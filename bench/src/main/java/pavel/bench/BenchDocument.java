package pavel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.NodeList;
import pavel.model.Attribute;
import pavel.model.Document;
import pavel.model.Element;
import pavel.model.Node;
import pavel.model.Text;
import pavel.path.NodePath;

/**
 * A generated document twice over, as a Pavel {@link Document} and as the equivalent W3C DOM (a document node whose
 * only child is {@code <body>}, then the same elements, attributes and texts), so that one XPath string means the
 * same thing to both engines; plus the nodes the benchmarks aim at, chosen from the seed.
 *
 * <ul>
 *   <li>{@link #deep()}: an element with an id, as deep as any in the middle third of the document (in document
 *       order), addressed both by {@link #idPath()} and by {@link #positionalPath()};</li>
 *   <li>{@link #leaf()}: a {@code <span>} with an id and only text inside, the deepest such in the middle third,
 *       addressed by {@link #leafPath()}.</li>
 * </ul>
 *
 * Not thread-safe: the benchmarks change the Pavel document.
 */
final class BenchDocument {
    /** The seed every benchmark uses; change it to check that results do not hang on one document. */
    static final long SEED = 20_260_601L;

    private final Document pavel;
    private final org.w3c.dom.Document dom;
    private final Element deep;
    private final Element leaf;

    private BenchDocument(Document pavel, org.w3c.dom.Document dom, Element deep, Element leaf) {
        this.pavel = pavel;
        this.dom = dom;
        this.deep = deep;
        this.leaf = leaf;
    }

    /** Generates the document of about {@code nodes} nodes for {@link #SEED} and picks its targets. */
    static BenchDocument create(int nodes) {
        return create(nodes, SEED);
    }

    static BenchDocument create(int nodes, long seed) {
        Document pavel = DocumentGenerator.generate(nodes, seed);
        List<Element> order = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        collect(pavel.body(), 0, order, depths);
        Random random = new Random(seed ^ 0x5DEECE66DL);
        Element deep = pick(order, depths, random, e -> e.hasAttribute("id"));
        Element leaf = pick(order, depths, random, e -> e.hasAttribute("id") && e.name().equals("span")
                && e.childCount() == 1 && e.child(0) instanceof Text);
        return new BenchDocument(pavel, toDom(pavel), deep, leaf);
    }

    Document pavel() {
        return pavel;
    }

    org.w3c.dom.Document dom() {
        return dom;
    }

    Element deep() {
        return deep;
    }

    Element leaf() {
        return leaf;
    }

    /** {@code //*[@id='…']} for {@link #deep()}. */
    String idPath() {
        return idPath(deep);
    }

    /** {@code /body/section[2]/div[1]/…} for {@link #deep()}: a name and a position among its namesakes per level. */
    String positionalPath() {
        List<String> steps = new ArrayList<>();
        for (Element e = deep; e.parent() != null; e = e.parent()) {
            Element parent = e.parent();
            int position = 0;
            for (int i = 0; i <= e.siblingIndex(); i++) {
                if (parent.child(i) instanceof Element sibling && sibling.name().equals(e.name())) {
                    position++;
                }
            }
            steps.addFirst(e.name() + "[" + position + "]");
        }
        return "/body/" + String.join("/", steps);
    }

    /** {@code //*[@id='…']} for {@link #leaf()}. */
    String leafPath() {
        return idPath(leaf);
    }

    /**
     * Checks that the comparison is honest: both engines select exactly the one intended element for every path,
     * the DOM holds as many nodes as the Pavel document, and the Pavel document survives an HTML round trip.
     *
     * @throws IllegalStateException saying which path or count disagrees
     */
    void verify() {
        int domNodes = countDom(dom.getDocumentElement());
        if (domNodes != pavel.nodeCount()) {
            throw new IllegalStateException("The DOM holds " + domNodes + " nodes, the document " + pavel.nodeCount()
                    + ".");
        }
        verifyPath(idPath(), deep);
        verifyPath(positionalPath(), deep);
        verifyPath(leafPath(), leaf);
        if (!Document.parse(pavel.outerHtml()).contentEquals(pavel)) {
            throw new IllegalStateException("The generated document changes when its HTML is parsed again.");
        }
    }

    private void verifyPath(String path, Element expected) {
        String id = expected.expectAttribute("id");
        List<Element> found = NodePath.parse(path).elements(pavel);
        if (found.size() != 1 || found.getFirst() != expected) {
            throw new IllegalStateException("NodePath " + path + " selects " + found.size() + " elements, not just "
                    + "the one with id '" + id + "'.");
        }
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().compile(path)
                    .evaluate(dom, XPathConstants.NODESET);
            if (nodes.getLength() != 1 || !(nodes.item(0) instanceof org.w3c.dom.Element e)
                    || !e.getAttribute("id").equals(id)) {
                throw new IllegalStateException("The JDK's XPath " + path + " selects " + nodes.getLength()
                        + " nodes, not just the element with id '" + id + "'.");
            }
        } catch (XPathExpressionException e) {
            throw new IllegalStateException("The JDK's XPath refuses " + path + ".", e);
        }
    }

    private static String idPath(Element e) {
        return "//*[@id='" + e.expectAttribute("id") + "']";
    }

    private static void collect(Element e, int depth, List<Element> order, List<Integer> depths) {
        order.add(e);
        depths.add(depth);
        for (Node child : e.children()) {
            if (child instanceof Element c) {
                collect(c, depth + 1, order, depths);
            }
        }
    }

    /** Among the elements in the middle third (document order) that pass {@code test}, a deepest one, by seed. */
    private static Element pick(List<Element> order, List<Integer> depths, Random random, Predicate<Element> test) {
        int from = order.size() / 3;
        int to = 2 * order.size() / 3;
        int deepest = -1;
        List<Element> candidates = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Element e = order.get(i);
            if (!test.test(e)) {
                continue;
            }
            if (depths.get(i) > deepest) {
                deepest = depths.get(i);
                candidates.clear();
            }
            if (depths.get(i) == deepest) {
                candidates.add(e);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No element in the middle of the generated document fits.");
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static org.w3c.dom.Document toDom(Document pavel) {
        try {
            org.w3c.dom.Document dom = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            dom.appendChild(toDom(dom, pavel.body()));
            return dom;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK has no default DOM builder.", e);
        }
    }

    private static org.w3c.dom.Node toDom(org.w3c.dom.Document dom, Node node) {
        return switch (node) {
            case Text t -> dom.createTextNode(t.text());
            case Element e -> {
                org.w3c.dom.Element element = dom.createElement(e.name());
                for (Attribute a : e.attributes()) {
                    element.setAttribute(a.name(), a.value());
                }
                for (Node child : e.children()) {
                    element.appendChild(toDom(dom, child));
                }
                yield element;
            }
        };
    }

    private static int countDom(org.w3c.dom.Node node) {
        int count = 1;
        for (org.w3c.dom.Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            count += countDom(c);
        }
        return count;
    }
}
